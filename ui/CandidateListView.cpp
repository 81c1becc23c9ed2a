#include "ui/CandidateListView.h"

#include "curation/WordDiff.h"
#include "ui/PairTableModel.h"
#include "ui/ReviewPalette.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

namespace prefstudio::ui {

namespace {

/// `colour` laid over `base` at `share` opacity.
QColor tint(const QColor& base, const QColor& colour, double share)
{
    return QColor::fromRgbF(
        static_cast<float>(base.redF() * (1 - share) + colour.redF() * share),
        static_cast<float>(base.greenF() * (1 - share) + colour.greenF() * share),
        static_cast<float>(base.blueF() * (1 - share) + colour.blueF() * share));
}

std::optional<double> scoreOf(const core::CandidateView& candidate, const QString& scorer)
{
    const std::string name = scorer.toStdString();
    for (const auto& [key, value] : candidate.scores)
        if (key == name)
            return value;
    return std::nullopt;
}

QString escapedPre(const std::string& text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

/// A scorer's text (a judge's rationale, a failure's reason) as one paragraph of at most
/// `limit` characters, cut at a word with an ellipsis: the card shows the gist, the tooltip all.
QString gist(const std::string& text, int limit)
{
    const QString folded = QString::fromStdString(text).simplified();
    if (folded.size() <= limit)
        return folded;
    QString cut = folded.left(limit);
    const auto space = cut.lastIndexOf(QLatin1Char(' '));
    if (space > limit / 2)
        cut.truncate(space);
    return cut + QChar(0x2026);
}

/// Plain text as a tooltip that wraps (Qt wraps rich-text tooltips only), paragraphs kept.
QString wrappedTip(const QString& text)
{
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

template <typename Value>
const Value* entryOf(const std::vector<std::pair<std::string, Value>>& list, const QString& key)
{
    const std::string name = key.toStdString();
    for (const auto& [k, value] : list)
        if (k == name)
            return &value;
    return nullptr;
}

} // namespace

RewardBar::RewardBar(double value, double low, double high, const QColor& colour, QWidget* parent)
    : QWidget(parent), m_value(value), m_low(low), m_high(high), m_colour(colour)
{
    setObjectName(QStringLiteral("rewardBar"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

double RewardBar::fraction() const
{
    if (!(m_high > m_low))
        return 1.0;
    // A sliver stays for the worst so that the bar is seen as a bar, not as missing.
    return 0.04 + 0.96 * std::clamp((m_value - m_low) / (m_high - m_low), 0.0, 1.0);
}

QSize RewardBar::sizeHint() const
{
    return {120, fontMetrics().height()};
}

void RewardBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QString label = QString::number(m_value, 'f', 3);
    const int labelWidth = fontMetrics().horizontalAdvance(QStringLiteral("-000.000")) + 6;
    const QRect track(0, 2, std::max(0, width() - labelWidth), height() - 4);
    painter.fillRect(track,
                     tint(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.08));
    QRect filled = track;
    filled.setWidth(qRound(track.width() * fraction()));
    painter.fillRect(filled, m_colour);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(track.right() + 6, 0, labelWidth, height()),
                     Qt::AlignLeft | Qt::AlignVCenter, label);
}

CandidateListView::CandidateListView(QWidget* parent) : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content = new QWidget(this);
    m_content->setObjectName(QStringLiteral("candidateListContent"));
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(6);
    m_layout->addStretch(1);
    setWidget(m_content);
}

void CandidateListView::clear()
{
    while (m_layout->count() > 1) {
        QLayoutItem* item = m_layout->takeAt(0);
        delete item->widget();
        delete item;
    }
    m_count = 0;
}

void CandidateListView::setCandidates(const std::vector<core::CandidateView>& candidates,
                                      qint64 chosenId, qint64 rejectedId,
                                      const QString& rankingScorer)
{
    m_candidates = candidates;
    m_chosenId = chosenId;
    m_rejectedId = rejectedId;
    m_rankingScorer = rankingScorer;
    rebuild();
    verticalScrollBar()->setValue(0);
}

void CandidateListView::rebuild()
{
    clear();
    double low = 0;
    double high = 0;
    bool any = false;
    for (const core::CandidateView& candidate : m_candidates)
        if (const auto score = scoreOf(candidate, m_rankingScorer)) {
            low = any ? std::min(low, *score) : *score;
            high = any ? std::max(high, *score) : *score;
            any = true;
        }
    int rank = 0;
    for (const core::CandidateView& candidate : m_candidates) {
        ++rank;
        QString role;
        if (candidate.id == m_chosenId)
            role = QStringLiteral("chosen");
        else if (candidate.id == m_rejectedId)
            role = QStringLiteral("rejected");
        QWidget* card = makeCard(candidate, rank, role, m_rankingScorer, low, high);
        card->setProperty("rank", rank);
        m_layout->insertWidget(m_layout->count() - 1, card);
        ++m_count;
    }
    showTexts();
}

void CandidateListView::changeEvent(QEvent* event)
{
    QScrollArea::changeEvent(event);
    // Card tints are computed from the palette: a theme switch recomputes them.
    if (event->type() == QEvent::PaletteChange && !m_candidates.empty())
        rebuild();
}

void CandidateListView::setDiffShown(bool shown)
{
    if (shown == m_diffShown)
        return;
    m_diffShown = shown;
    showTexts();
}

void CandidateListView::showTexts()
{
    const core::CandidateView* chosen = nullptr;
    const core::CandidateView* rejected = nullptr;
    for (const core::CandidateView& candidate : m_candidates) {
        if (candidate.id == m_chosenId)
            chosen = &candidate;
        if (candidate.id == m_rejectedId)
            rejected = &candidate;
    }
    std::vector<core::DiffRun> diff;
    if (m_diffShown && chosen && rejected)
        diff = core::wordDiff(chosen->text, rejected->text);
    const QColor base = palette().color(QPalette::Base);
    const QString added = tint(base, ReviewPalette::chosen(), 0.35).name();
    const QString removed = tint(base, ReviewPalette::rejected(), 0.35).name();

    for (QWidget* card : m_content->findChildren<QWidget*>(QStringLiteral("candidateCard"),
                                                           Qt::FindDirectChildrenOnly)) {
        auto* body = card->findChild<QLabel*>(QStringLiteral("candidateText"));
        const qint64 id = card->property("candidateId").toLongLong();
        const auto candidate = std::find_if(m_candidates.begin(), m_candidates.end(),
                                            [id](const auto& c) { return c.id == id; });
        const QString text = QString::fromStdString(candidate->text);
        body->setEnabled(true);
        if (text.trimmed().isEmpty()) {
            body->setTextFormat(Qt::PlainText);
            body->setText(tr("(empty response)"));
            body->setEnabled(false);
            continue;
        }
        const bool isChosen = id == m_chosenId;
        if (diff.empty() || (!isChosen && id != m_rejectedId)) {
            body->setTextFormat(Qt::PlainText);
            body->setText(text);
            continue;
        }
        // The chosen card marks what only it says, the rejected card what only it says.
        const core::DiffRun::Kind own =
            isChosen ? core::DiffRun::Kind::OnlyFirst : core::DiffRun::Kind::OnlySecond;
        QString html = QStringLiteral("<div style='white-space: pre-wrap'>");
        for (const core::DiffRun& run : diff) {
            if (run.kind == core::DiffRun::Kind::Same)
                html += escapedPre(run.text);
            else if (run.kind == own)
                html += QStringLiteral("<span class='diff' style='background-color:%1'>%2</span>")
                            .arg(isChosen ? added : removed, escapedPre(run.text));
        }
        html += QStringLiteral("</div>");
        body->setTextFormat(Qt::RichText);
        body->setText(html);
    }
}

QWidget* CandidateListView::makeCard(const core::CandidateView& candidate, int rank,
                                     const QString& role, const QString& rankingScorer, double low,
                                     double high)
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const bool isChosen = role == QLatin1String("chosen");
    const bool isRejected = role == QLatin1String("rejected");
    const QColor accent = isChosen     ? ReviewPalette::chosen()
                          : isRejected ? ReviewPalette::rejected()
                                       : ReviewPalette::data(pal);

    auto* card = new QFrame(m_content);
    card->setObjectName(QStringLiteral("candidateCard"));
    card->setProperty("candidateId", QVariant::fromValue<qint64>(candidate.id));
    card->setProperty("role", role);
    if (isChosen || isRejected)
        card->setStyleSheet(
            QStringLiteral("QFrame#candidateCard { background: %1; border: 1px solid %2; "
                           "border-left: 4px solid %3; border-radius: 3px; }")
                .arg(tint(base, accent, 0.12).name(), tint(base, accent, 0.5).name(),
                     accent.name()));
    else
        card->setStyleSheet(
            QStringLiteral("QFrame#candidateCard { background: palette(base); "
                           "border: 1px solid palette(mid); border-radius: 3px; }"));
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(3);

    QStringList facts;
    // The number is the key that picks this answer: k makes it chosen, Shift+k rejected.
    if (rank <= kNumberedCandidates)
        facts << QStringLiteral("<b>%1</b>").arg(rank);
    if (isChosen)
        facts << QStringLiteral("<b style='color:%1'>%2</b>")
                     .arg(ReviewPalette::chosen().name(), tr("Chosen"));
    else if (isRejected)
        facts << QStringLiteral("<b style='color:%1'>%2</b>")
                     .arg(ReviewPalette::rejected().name(), tr("Rejected"));
    facts << (candidate.model.empty() ? tr("unknown model")
                                      : QString::fromStdString(candidate.model).toHtmlEscaped());
    if (candidate.origin == "human-edit")
        facts << QStringLiteral("<i>%1</i>").arg(tr("edited by a person"));
    // The other scorers: the ranking one is the bar below.
    QStringList scores;
    for (const auto& [scorer, value] : candidate.scores) {
        const QString name = QString::fromStdString(scorer);
        if (name != rankingScorer)
            scores << QStringLiteral("%1 %2").arg(name.toHtmlEscaped(),
                                                  QString::number(value, 'f', 3));
    }
    if (!scores.isEmpty())
        facts << scores.join(QStringLiteral(", "));
    facts << (candidate.words == 1 ? tr("1 word") : tr("%1 words").arg(candidate.words));
    if (candidate.flags)
        facts << QStringLiteral("<span style='color:%1'>%2</span>")
                     .arg(ReviewPalette::flagged().name(),
                          PairTableModel::flagText(candidate.flags));

    auto* header = new QLabel(facts.join(QStringLiteral(" · ")), card);
    header->setObjectName(QStringLiteral("candidateHeader"));
    header->setTextFormat(Qt::RichText);
    header->setWordWrap(true);
    layout->addWidget(header);

    if (const auto score = scoreOf(candidate, rankingScorer)) {
        auto* row = new QHBoxLayout;
        row->setSpacing(6);
        auto* name = new QLabel(rankingScorer, card);
        name->setObjectName(QStringLiteral("rewardName"));
        row->addWidget(name);
        auto* bar = new RewardBar(*score, low, high, accent, card);
        QString tip = tr("%1: %2 (this sample: %3 to %4)")
                          .arg(rankingScorer)
                          .arg(*score, 0, 'f', 4)
                          .arg(low, 0, 'f', 3)
                          .arg(high, 0, 'f', 3);
        if (!candidate.objectives.empty()) {
            tip += QStringLiteral("\n");
            for (const auto& [objective, value] : candidate.objectives)
                tip += QStringLiteral("\n%1: %2")
                           .arg(QString::fromStdString(objective))
                           .arg(value, 0, 'f', 4);
        }
        if (const std::string* rationale = entryOf(candidate.rationales, rankingScorer))
            tip += QStringLiteral("\n\n") + QString::fromStdString(*rationale);
        bar->setToolTip(wrappedTip(tip));
        name->setToolTip(wrappedTip(tip));
        row->addWidget(bar, 1);
        layout->addLayout(row);
    } else if (!entryOf(candidate.scoreFailures, rankingScorer)) {
        auto* none = new QLabel(tr("no %1 score").arg(rankingScorer), card);
        none->setObjectName(QStringLiteral("rewardName"));
        none->setEnabled(false);
        layout->addWidget(none);
    }

    // A failed scorer says why, so that a judge that could not rate reads differently from
    // one that never ran; a judge's rationale shows its gist, the ranking scorer's first.
    for (const auto& [scorer, reason] : candidate.scoreFailures) {
        const QString name = QString::fromStdString(scorer);
        auto* failure =
            new QLabel(tr("%1: no score (%2)").arg(name, gist(reason, kGistCharacters)), card);
        failure->setObjectName(QStringLiteral("scoreFailure"));
        failure->setProperty("scorer", name);
        failure->setWordWrap(true);
        failure->setTextFormat(Qt::PlainText);
        failure->setStyleSheet(QStringLiteral("color: %1;").arg(ReviewPalette::flagged().name()));
        failure->setToolTip(wrappedTip(QString::fromStdString(reason)));
        layout->addWidget(failure);
    }
    auto rationales = candidate.rationales;
    std::stable_partition(rationales.begin(), rationales.end(), [&](const auto& entry) {
        return entry.first == rankingScorer.toStdString();
    });
    for (const auto& [scorer, rationale] : rationales) {
        const QString name = QString::fromStdString(scorer);
        auto* line = new QLabel(tr("%1: %2").arg(name, gist(rationale, kGistCharacters)), card);
        line->setObjectName(QStringLiteral("scoreRationale"));
        line->setProperty("scorer", name);
        line->setWordWrap(true);
        line->setTextFormat(Qt::PlainText);
        line->setForegroundRole(QPalette::PlaceholderText);
        line->setToolTip(wrappedTip(QString::fromStdString(rationale)));
        layout->addWidget(line);
    }

    auto* body = new QLabel(card);
    body->setObjectName(QStringLiteral("candidateText"));
    body->setWordWrap(true);
    body->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(body);
    return card;
}

} // namespace prefstudio::ui
