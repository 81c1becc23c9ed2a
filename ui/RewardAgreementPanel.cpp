#include "ui/RewardAgreementPanel.h"

#include "ui/ChartStyle.h"
#include "ui/ReviewPalette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalPercentBarSeries>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace prefstudio::ui {

namespace {

constexpr int kChartMinWidth = 340;
constexpr int kChartMinHeight = 200;

QString number(qint64 value)
{
    return QLocale().toString(value);
}

/// "45.2 %", or "–" when there is nothing to share.
QString percent(qint64 part, qint64 whole)
{
    if (whole <= 0)
        return QStringLiteral("–");
    return QLocale().toString(100.0 * double(part) / double(whole), 'f', 1) + QStringLiteral(" %");
}

/// "45.2 % (131)": the share and the count behind it.
QString percentOf(qint64 part, qint64 whole)
{
    if (whole <= 0)
        return QStringLiteral("–");
    return QStringLiteral("%1 (%2)").arg(percent(part, whole), number(part));
}

QString easyFlagNames()
{
    return QString::fromStdString(core::qualityFlagNames(core::kTriviallyBadFlags))
        .replace(QLatin1Char(','), QStringLiteral(", "));
}

} // namespace

RewardAgreementPanel::RewardAgreementPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("rewardAgreementPanel"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("rewardAgreementTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_title->setFont(bold);

    m_chartView =
        ChartStyle::makeView("rewardAgreementChart", this, kChartMinWidth, kChartMinHeight);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("rewardAgreementTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("rewardAgreementNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    auto* row = new QHBoxLayout;
    row->addWidget(m_chartView, 2);
    row->addWidget(m_table, 3);
    layout->addLayout(row, 1);
    layout->addWidget(m_note);
    showMessage(tr("Computing how the reward models agree…"));
}

QString RewardAgreementPanel::title() const
{
    return m_title->text();
}

void RewardAgreementPanel::showMessage(const QString& message)
{
    m_hasReport = false;
    m_title->setText(tr("Reward model agreement"));
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    QChart* chart = m_chartView->chart();
    ChartStyle::clear(chart);
    chart->setTitle(QString());
    ChartStyle::apply(chart, palette());
    m_note->setText(message);
}

void RewardAgreementPanel::showReport(const core::RewardAgreementReport& report)
{
    m_report = report;
    m_hasReport = true;
    if (m_report.truthAvailable)
        fillTruth();
    else
        fillReviewers();
}

void RewardAgreementPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_hasReport)
        showReport(m_report);
}

void RewardAgreementPanel::setRows(const QStringList& headers, const QList<QStringList>& rows)
{
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r)
        for (int c = 0; c < int(rows[r].size()); ++c) {
            auto* item = new QTableWidgetItem(rows[r][c]);
            // Figures line up on the right, the scorer name on the left.
            item->setTextAlignment(c == 0 ? Qt::AlignLeft | Qt::AlignVCenter
                                          : Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
}

void RewardAgreementPanel::fillTruth()
{
    m_title->setText(tr("Reward model vs ground truth"));
    QList<QStringList> rows;
    QList<QList<qint64>> counts;
    for (const core::ScorerAgreement& row : m_report.scorers) {
        const core::TruthAgreement& t = *row.truth;
        rows << QStringList{QString::fromStdString(row.scorer),
                            number(t.pairs),
                            percent(t.agree, t.pairs),
                            percent(t.sameTruth, t.pairs),
                            percent(t.reversed, t.pairs),
                            percentOf(t.tied, t.samples),
                            percent(t.chosenCorrect, t.decidable),
                            percent(t.easy, t.pairs)};
        counts << QList<qint64>{t.agree, t.sameTruth, t.reversed};
    }
    setRows({tr("Scorer"), tr("Pairs"), tr("Agree"), tr("Same truth"), tr("Reversed"),
             tr("Tied (no pair)"), tr("Chosen correct"), tr("Easy pairs")},
            rows);
    fillChart(
        tr("Max-min pairs against the truth"), {tr("Agree"), tr("Same truth"), tr("Reversed")},
        {ReviewPalette::chosen(), ReviewPalette::pending(), ReviewPalette::rejected()}, counts);
    if (m_report.scorers.empty()) {
        m_note->setText(tr("No candidate has a score yet: score the candidates to see how "
                           "each reward model's pairs compare with the truth."));
        return;
    }
    m_note->setText(
        tr("Each scorer's max-min pairs (chosen = highest score, rejected = lowest), checked "
           "against the scene each image was drawn from. Agree: the chosen answer names fewer "
           "hallucinated objects than the rejected one. Chosen correct: the chosen answer is "
           "right in every respect that can be checked. Easy pairs: the rejected answer is "
           "trivially bad (%1), which any scorer gets right and DPO learns little from.")
            .arg(easyFlagNames()));
}

void RewardAgreementPanel::fillReviewers()
{
    m_title->setText(tr("Reward model vs reviewers"));
    QList<QStringList> rows;
    QList<QList<qint64>> counts;
    for (const core::ScorerAgreement& row : m_report.scorers) {
        const core::ReviewerAgreement& r = row.reviewers;
        rows << QStringList{QString::fromStdString(row.scorer), number(r.scored),
                            percent(r.agree, r.scored),         percent(r.tied, r.scored),
                            percent(r.reversed, r.scored),      number(r.unscored),
                            percent(r.easy, r.scored)};
        counts << QList<qint64>{r.agree, r.tied, r.reversed};
    }
    setRows({tr("Scorer"), tr("Pairs scored"), tr("Agree"), tr("Tied"), tr("Reversed"),
             tr("Unscored"), tr("Easy pairs")},
            rows);
    fillChart(tr("Pairs a person decided"), {tr("Agree"), tr("Tied"), tr("Reversed")},
              {ReviewPalette::chosen(), ReviewPalette::pending(), ReviewPalette::rejected()},
              counts);
    const qint64 decided =
        m_report.scorers.empty() ? 0 : m_report.scorers.front().reviewers.decided;
    if (m_report.scorers.empty())
        m_note->setText(tr("No candidate has a score yet: score the candidates to compare "
                           "each reward model with the people reviewing the pairs."));
    else if (decided == 0)
        m_note->setText(tr("No pair has been decided by a person yet: accept pairs, or swap "
                           "chosen and rejected, to compare each reward model with the "
                           "reviewers."));
    else
        m_note->setText(
            tr("Over the %1 pairs a person decided (accepted, or re-picked by a person): how "
               "often each scorer scores the chosen response above the rejected one. Easy "
               "pairs: the rejected answer is trivially bad (%2).")
                .arg(number(decided), easyFlagNames()));
}

void RewardAgreementPanel::fillChart(const QString& title, const QStringList& parts,
                                     const QList<QColor>& colours,
                                     const QList<QList<qint64>>& counts)
{
    QChart* chart = m_chartView->chart();
    ChartStyle::clear(chart);
    chart->setTitle(title);
    QStringList scorers;
    for (const core::ScorerAgreement& row : m_report.scorers)
        scorers << QString::fromStdString(row.scorer);
    if (scorers.isEmpty()) {
        ChartStyle::apply(chart, palette());
        return;
    }
    auto* series = new QHorizontalPercentBarSeries;
    series->setObjectName(QStringLiteral("rewardAgreementSeries"));
    for (int part = 0; part < int(parts.size()); ++part) {
        auto* set = new QBarSet(parts[part]);
        set->setColor(colours[part]);
        set->setBorderColor(colours[part]);
        for (const QList<qint64>& row : counts)
            *set << double(row[part]);
        connect(set, &QBarSet::hovered, this,
                [label = parts[part], counts, scorers, part](bool on, int index) {
                    if (!on || index < 0 || index >= int(counts.size()))
                        return;
                    qint64 whole = 0;
                    for (qint64 value : counts[index])
                        whole += value;
                    QToolTip::showText(QCursor::pos(),
                                       tr("%1 — %2: %3 of %4 pairs (%5)")
                                           .arg(scorers[index], label, number(counts[index][part]),
                                                number(whole),
                                                percent(counts[index][part], whole)));
                });
        series->append(set);
    }
    series->setBarWidth(0.6);
    chart->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(scorers);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* x = new QValueAxis;
    x->setRange(0, 100);
    x->setTickCount(5);
    x->setLabelFormat(QStringLiteral("%.0f %%"));
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    ChartStyle::apply(chart, palette());
}

} // namespace prefstudio::ui
