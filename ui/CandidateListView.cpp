#include "ui/CandidateListView.h"

#include "ui/PairTableModel.h"

#include <QFrame>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

constexpr const char* kChosenStyle =
    "QFrame#candidateCard { background: #e8f5ec; border: 1px solid #8cc79d; "
    "border-left: 4px solid #1b7a32; border-radius: 3px; }";
constexpr const char* kRejectedStyle =
    "QFrame#candidateCard { background: #fcebea; border: 1px solid #e3a29d; "
    "border-left: 4px solid #b0241c; border-radius: 3px; }";
constexpr const char* kOtherStyle =
    "QFrame#candidateCard { background: palette(base); border: 1px solid palette(mid); "
    "border-radius: 3px; }";

} // namespace

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
    clear();
    int rank = 0;
    for (const core::CandidateView& candidate : candidates) {
        ++rank;
        QString role;
        if (candidate.id == chosenId)
            role = QStringLiteral("chosen");
        else if (candidate.id == rejectedId)
            role = QStringLiteral("rejected");
        QWidget* card = makeCard(candidate, role, rankingScorer);
        card->setProperty("rank", rank);
        m_layout->insertWidget(m_layout->count() - 1, card);
        ++m_count;
    }
    verticalScrollBar()->setValue(0);
}

QWidget* CandidateListView::makeCard(const core::CandidateView& candidate, const QString& role,
                                     const QString& rankingScorer)
{
    auto* card = new QFrame(m_content);
    card->setObjectName(QStringLiteral("candidateCard"));
    card->setProperty("candidateId", QVariant::fromValue<qint64>(candidate.id));
    card->setProperty("role", role);
    card->setStyleSheet(QString::fromLatin1(role == QLatin1String("chosen")     ? kChosenStyle
                                            : role == QLatin1String("rejected") ? kRejectedStyle
                                                                                : kOtherStyle));
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(3);

    QStringList facts;
    if (role == QLatin1String("chosen"))
        facts << QStringLiteral("<b style='color:#1b7a32'>%1</b>").arg(tr("Chosen"));
    else if (role == QLatin1String("rejected"))
        facts << QStringLiteral("<b style='color:#b0241c'>%1</b>").arg(tr("Rejected"));
    facts << (candidate.model.empty() ? tr("unknown model")
                                      : QString::fromStdString(candidate.model).toHtmlEscaped());
    // The ranking scorer first: it is the number the pair was made from.
    QStringList scores;
    for (const auto& [scorer, value] : candidate.scores) {
        const QString name = QString::fromStdString(scorer);
        const QString text =
            QStringLiteral("%1 %2").arg(name.toHtmlEscaped(), QString::number(value, 'f', 3));
        if (name == rankingScorer)
            scores.prepend(QStringLiteral("<b>%1</b>").arg(text));
        else
            scores << text;
    }
    facts << (scores.isEmpty() ? tr("no scores") : scores.join(QStringLiteral(", ")));
    facts << (candidate.words == 1 ? tr("1 word") : tr("%1 words").arg(candidate.words));
    if (candidate.flags)
        facts << QStringLiteral("<span style='color:#9a5b00'>%1</span>")
                     .arg(PairTableModel::flagText(candidate.flags));

    auto* header = new QLabel(facts.join(QStringLiteral(" · ")), card);
    header->setObjectName(QStringLiteral("candidateHeader"));
    header->setTextFormat(Qt::RichText);
    header->setWordWrap(true);
    layout->addWidget(header);

    const QString text = QString::fromStdString(candidate.text);
    auto* body = new QLabel(card);
    body->setObjectName(QStringLiteral("candidateText"));
    body->setTextFormat(Qt::PlainText);
    body->setWordWrap(true);
    body->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (text.trimmed().isEmpty()) {
        body->setText(tr("(empty response)"));
        body->setEnabled(false);
    } else {
        body->setText(text);
    }
    layout->addWidget(body);
    return card;
}

} // namespace prefstudio::ui
