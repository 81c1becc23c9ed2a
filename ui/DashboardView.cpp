#include "ui/DashboardView.h"

#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "ui/ChartStyle.h"
#include "ui/JobRunner.h"
#include "ui/ReviewPalette.h"
#include "ui/RewardAgreementPanel.h"

#include <QAbstractItemModel>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QScrollArea>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace prefstudio::ui {

namespace {

constexpr int kChartMinWidth = 340;
constexpr int kChartMinHeight = 250;

QChartView* makeChartView(const char* name, QWidget* parent)
{
    return ChartStyle::makeView(name, parent, kChartMinWidth, kChartMinHeight);
}

QValueAxis* countAxis(double maxCount)
{
    auto* axis = new QValueAxis;
    axis->setRange(0, std::max(1.0, maxCount * 1.08));
    axis->setLabelFormat(QStringLiteral("%.0f"));
    axis->applyNiceNumbers();
    return axis;
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

QString percent(qint64 part, qint64 whole)
{
    if (whole <= 0)
        return QStringLiteral("–");
    return QLocale().toString(100.0 * double(part) / double(whole), 'f', 0) + QStringLiteral(" %");
}

} // namespace

core::PairFilter DashboardFilter::toPairFilter() const
{
    core::PairFilter filter;
    if (!status.isEmpty())
        filter.status = status.toStdString();
    if (!origin.isEmpty())
        filter.origin = origin.toStdString();
    filter.flagsAny = flag;
    filter.marginMin = marginMin;
    filter.marginMax = marginMax;
    return filter;
}

DashboardView::DashboardView(JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("dashboardView"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);

    auto* page = new QWidget(scroll);
    auto* grid = new QGridLayout(page);
    grid->setContentsMargins(8, 8, 8, 8);
    grid->setSpacing(8);

    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("dashboardSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_summary->setFont(big);

    m_statusView = makeChartView("statusChart", page);
    m_agreementView = makeChartView("agreementChart", page);
    m_marginView = makeChartView("marginChart", page);
    m_rewardView = makeChartView("rewardChart", page);
    m_lengthView = makeChartView("lengthChart", page);
    m_flagView = makeChartView("flagChart", page);

    m_agreementNote = new QLabel(page);
    m_agreementNote->setObjectName(QStringLiteral("agreementNote"));
    m_agreementNote->setWordWrap(true);
    m_agreementNote->setTextFormat(Qt::PlainText);
    auto* agreement = new QWidget(page);
    auto* agreementLayout = new QVBoxLayout(agreement);
    agreementLayout->setContentsMargins(0, 0, 0, 0);
    agreementLayout->addWidget(m_agreementView, 1);
    agreementLayout->addWidget(m_agreementNote);

    m_scorer = new QComboBox(page);
    m_scorer->setObjectName(QStringLiteral("rewardScorerCombo"));
    m_scorer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* reward = new QWidget(page);
    auto* rewardLayout = new QVBoxLayout(reward);
    rewardLayout->setContentsMargins(0, 0, 0, 0);
    auto* scorerRow = new QHBoxLayout;
    scorerRow->addWidget(new QLabel(tr("Scorer:"), reward));
    scorerRow->addWidget(m_scorer);
    scorerRow->addStretch(1);
    rewardLayout->addLayout(scorerRow);
    rewardLayout->addWidget(m_rewardView, 1);

    m_lengthNote = new QLabel(page);
    m_lengthNote->setObjectName(QStringLiteral("lengthNote"));
    m_lengthNote->setWordWrap(true);
    m_lengthNote->setTextFormat(Qt::PlainText);
    auto* length = new QWidget(page);
    auto* lengthLayout = new QVBoxLayout(length);
    lengthLayout->setContentsMargins(0, 0, 0, 0);
    lengthLayout->addWidget(m_lengthView, 1);
    lengthLayout->addWidget(m_lengthNote);

    m_agreementPanel = new RewardAgreementPanel(page);

    grid->addWidget(m_summary, 0, 0, 1, 3);
    // The reward models' agreement first: on a demo project it is what the dashboard is for.
    grid->addWidget(m_agreementPanel, 1, 0, 1, 3);
    grid->addWidget(m_statusView, 2, 0);
    grid->addWidget(agreement, 2, 1);
    grid->addWidget(m_flagView, 2, 2);
    grid->addWidget(m_marginView, 3, 0);
    grid->addWidget(reward, 3, 1);
    grid->addWidget(length, 3, 2);
    for (int column = 0; column < 3; ++column)
        grid->setColumnStretch(column, 1);
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 1);
    grid->setRowStretch(3, 1);
    scroll->setWidget(page);

    connect(m_scorer, &QComboBox::currentIndexChanged, this, [this] {
        if (m_stats)
            fillRewardChart();
    });
    m_summary->setText(tr("Computing the dashboard…"));
}

DashboardView::~DashboardView() = default;

void DashboardView::watch(QAbstractItemModel* model)
{
    connect(model, &QAbstractItemModel::modelReset, this, &DashboardView::markStale);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                // Thumbnails arriving change no figure.
                if (roles.size() == 1 && roles.first() == Qt::DecorationRole)
                    return;
                markStale();
            });
}

void DashboardView::markStale()
{
    m_stale = true;
    if (isVisible())
        refresh();
}

void DashboardView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void DashboardView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_stats)
        populate();
}

void DashboardView::refresh()
{
    if (m_loading) {
        m_again = true;
        return;
    }
    m_loading = true;
    m_stale = false;
    if (!m_stats)
        m_summary->setText(tr("Computing the dashboard…"));
    m_runner->read<core::DashboardStats>(
        this, [](core::Project& project) { return core::computeDashboard(project.db(), kBins); },
        [this](core::DashboardStats stats) {
            m_loading = false;
            m_stats = std::make_unique<core::DashboardStats>(std::move(stats));
            populate();
            Q_EMIT refreshed();
            if (m_again) {
                m_again = false;
                markStale();
            }
        },
        [this](const QString& message) {
            m_loading = false;
            m_again = false;
            m_summary->setText(tr("The dashboard could not be computed: %1").arg(message));
            Q_EMIT refreshFailed(message);
        });
    // Queued behind the figures on the same read worker: the figures come first.
    loadAgreement();
}

void DashboardView::loadAgreement()
{
    if (m_agreementLoading) {
        m_agreementAgain = true;
        return;
    }
    m_agreementLoading = true;
    m_runner->read<core::RewardAgreementReport>(
        this, [](core::Project& project) { return core::computeRewardAgreement(project); },
        [this](core::RewardAgreementReport report) {
            m_agreementLoading = false;
            m_agreement = std::make_unique<core::RewardAgreementReport>(std::move(report));
            m_agreementPanel->showReport(*m_agreement);
            Q_EMIT agreementRefreshed();
            if (m_agreementAgain) {
                m_agreementAgain = false;
                loadAgreement();
            }
        },
        [this](const QString& message) {
            m_agreementLoading = false;
            m_agreementAgain = false;
            m_agreementPanel->showMessage(
                tr("Reward model agreement could not be computed: %1").arg(message));
            Q_EMIT agreementRefreshed();
        });
}

void DashboardView::populate()
{
    fillSummary();
    fillStatusChart();
    fillAgreementChart();
    fillFlagChart();
    fillMarginChart();
    // Keep the chosen scorer across refreshes.
    const QString scorer = m_scorer->currentText();
    {
        const QSignalBlocker blocker(m_scorer);
        m_scorer->clear();
        for (const auto& reward : m_stats->rewards)
            m_scorer->addItem(QString::fromStdString(reward.scorer));
        m_scorer->setCurrentIndex(std::max(0, m_scorer->findText(scorer)));
        m_scorer->setEnabled(m_scorer->count() > 1);
    }
    fillRewardChart();
    fillLengthChart();
}

void DashboardView::fillSummary()
{
    const core::DashboardStats& s = *m_stats;
    const qint64 reviewed = s.pairsByStatus.at("accepted") + s.pairsByStatus.at("rejected");
    m_summary->setText(
        tr("%1 pairs · %2 flagged (%3) · %4 reviewed (%5) · chosen response "
           "longer in %6 of pairs")
            .arg(number(s.pairs), number(s.flaggedPairs), percent(s.flaggedPairs, s.pairs),
                 number(reviewed), percent(reviewed, s.pairs),
                 percent(s.chosenLonger, s.chosenLonger + s.rejectedLonger + s.sameLength)));
}

void DashboardView::fillStatusChart()
{
    QChart* chart = m_statusView->chart();
    ChartStyle::clear(chart);
    chart->setTitle(tr("Pairs by status"));
    const struct
    {
        const char* status;
        QString label;
        QColor colour;
    } bars[] = {{"pending", tr("Pending"), ReviewPalette::pending()},
                {"accepted", tr("Accepted"), ReviewPalette::chosen()},
                {"rejected", tr("Rejected"), ReviewPalette::rejected()}};
    // One set per status, each with a value in its own category only: every bar has its
    // status colour and sits centred on its category.
    auto* series = new QStackedBarSeries;
    series->setObjectName(QStringLiteral("statusSeries"));
    QStringList categories;
    double highest = 0;
    const int count = int(std::size(bars));
    for (int k = 0; k < count; ++k) {
        const qint64 value = m_stats->pairsByStatus.at(bars[k].status);
        highest = std::max(highest, double(value));
        categories << bars[k].label;
        // Counts can be long ("1,000,000"): the legend has room for them, the axis has not.
        auto* set =
            new QBarSet(tr("%1: %2", "status: number of pairs").arg(bars[k].label, number(value)));
        set->setObjectName(QStringLiteral("status:") + QLatin1String(bars[k].status));
        for (int j = 0; j < count; ++j)
            *set << (j == k ? double(value) : 0.0);
        set->setColor(bars[k].colour);
        set->setBorderColor(bars[k].colour);
        const QString status = QString::fromLatin1(bars[k].status);
        connect(set, &QBarSet::clicked, this, [this, status] {
            DashboardFilter filter;
            filter.status = status;
            Q_EMIT filterRequested(filter);
        });
        connect(set, &QBarSet::hovered, this, [label = bars[k].label, value](bool on) {
            if (on)
                QToolTip::showText(
                    QCursor::pos(),
                    tr("%1: %2 pairs — click to list them").arg(label, number(value)));
        });
        series->append(set);
    }
    series->setBarWidth(0.6);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setLabelsVisible(false);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = countAxis(highest);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    ChartStyle::apply(chart, palette());
}

void DashboardView::fillAgreementChart()
{
    const core::DashboardStats& s = *m_stats;
    QChart* chart = m_agreementView->chart();
    ChartStyle::clear(chart);
    chart->setTitle(tr("Given pick vs reviewer"));
    const struct
    {
        QString label;
        qint64 value;
        QColor colour;
        const char* status; ///< the list filter a click applies
        const char* origin;
    } bars[] = {
        // Bottom to top, as a horizontal category axis lists them.
        {tr("Not reviewed"), s.givenPickPending, ReviewPalette::pending(), "pending", ""},
        {tr("Re-picked by a person"), s.personPicked, ReviewPalette::data(palette()), "", "human"},
        {tr("Rejected as given"), s.givenPickRejected, ReviewPalette::rejected(), "rejected", ""},
        {tr("Accepted as given"), s.givenPickAccepted, ReviewPalette::chosen(), "accepted", ""},
    };
    auto* series = new QHorizontalStackedBarSeries;
    QStringList categories;
    double highest = 0;
    const int count = int(std::size(bars));
    for (int k = 0; k < count; ++k) {
        highest = std::max(highest, double(bars[k].value));
        categories << QStringLiteral("%1 (%2)").arg(bars[k].label, number(bars[k].value));
        auto* set = new QBarSet(bars[k].label);
        for (int j = 0; j < count; ++j)
            *set << (j == k ? double(bars[k].value) : 0.0);
        set->setColor(bars[k].colour);
        set->setBorderColor(bars[k].colour);
        DashboardFilter filter;
        filter.status = QString::fromLatin1(bars[k].status);
        filter.origin = QString::fromLatin1(bars[k].origin);
        connect(set, &QBarSet::clicked, this, [this, filter] { Q_EMIT filterRequested(filter); });
        series->append(set);
    }
    series->setBarWidth(0.6);
    chart->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(categories);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* x = countAxis(highest);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    ChartStyle::apply(chart, palette());

    const qint64 reviewed = s.givenPickAccepted + s.givenPickRejected + s.personPicked;
    QStringList actions;
    for (const auto& [action, rows] : s.decisionsByAction)
        actions << QStringLiteral("%1 %2").arg(QString::fromStdString(action), number(rows));
    QString note = reviewed == 0
                       ? tr("No pair has been reviewed yet.")
                       : tr("The given pick was accepted in %1 of %2 reviewed pairs (%3).")
                             .arg(number(s.givenPickAccepted), number(reviewed),
                                  percent(s.givenPickAccepted, reviewed));
    if (!actions.isEmpty())
        note += QLatin1Char(' ') +
                tr("Decisions in the audit log: %1.").arg(actions.join(QStringLiteral(", ")));
    m_agreementNote->setText(note);
}

void DashboardView::fillFlagChart()
{
    QChart* chart = m_flagView->chart();
    ChartStyle::clear(chart);
    chart->setTitle(tr("Pairs by quality flag"));
    const auto& infos = core::qualityFlagInfos();
    auto* series = new QHorizontalStackedBarSeries;
    auto* set = new QBarSet(tr("Pairs"));
    set->setObjectName(QStringLiteral("flagSet"));
    set->setColor(ReviewPalette::flagged());
    set->setBorderColor(ReviewPalette::flagged());
    QStringList categories;
    double highest = 0;
    // Listed bottom-up by the axis: reverse so that the first flag is on top.
    for (int i = int(m_stats->pairsByFlag.size()) - 1; i >= 0; --i) {
        const auto& [name, value] = m_stats->pairsByFlag[std::size_t(i)];
        highest = std::max(highest, double(value));
        *set << double(value);
        categories << QStringLiteral("%1 (%2)").arg(QString::fromStdString(name), number(value));
    }
    const int flags = int(m_stats->pairsByFlag.size());
    connect(set, &QBarSet::clicked, this, [this, flags, &infos](int index) {
        const int flag = flags - 1 - index;
        if (flag < 0 || flag >= int(infos.size()))
            return;
        DashboardFilter filter;
        filter.flag = static_cast<std::uint32_t>(infos[std::size_t(flag)].bit);
        Q_EMIT filterRequested(filter);
    });
    connect(set, &QBarSet::hovered, this, [flags, &infos](bool on, int index) {
        const int flag = flags - 1 - index;
        if (on && flag >= 0 && flag < int(infos.size()))
            QToolTip::showText(QCursor::pos(),
                               QString::fromUtf8(infos[std::size_t(flag)].description));
    });
    series->append(set);
    series->setBarWidth(0.7);
    chart->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(categories);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* x = countAxis(highest);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    ChartStyle::apply(chart, palette());
}

namespace {

/// Draws `h` as touching bars over a hidden category axis, with a value axis underneath that
/// spans [min, max], so that bucket i lines up with [min + i w, min + (i + 1) w].
QBarSet* drawHistogram(QChart* chart, const core::Histogram& h, const QColor& colour,
                       const QString& title)
{
    auto* series = new QBarSeries;
    auto* set = new QBarSet(title);
    set->setColor(colour);
    set->setBorderColor(colour.darker(120));
    double highest = 0;
    QStringList buckets;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        *set << double(h.counts[i]);
        highest = std::max(highest, double(h.counts[i]));
        buckets << QString::number(i);
    }
    series->append(set);
    series->setBarWidth(1.0);
    chart->addSeries(series);
    auto* index = new QBarCategoryAxis;
    index->append(buckets);
    index->setVisible(false);
    chart->addAxis(index, Qt::AlignBottom);
    series->attachAxis(index);
    auto* y = countAxis(highest);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);

    // The visible axis needs a series of its own: an invisible line along the bottom.
    auto* span = new QLineSeries;
    span->append(h.min, 0);
    span->append(h.max > h.min ? h.max : h.min + 1, 0);
    span->setPen(Qt::NoPen);
    chart->addSeries(span);
    auto* values = new QValueAxis;
    values->setRange(h.min, h.max > h.min ? h.max : h.min + 1);
    values->setTickCount(5);
    values->setLabelFormat(QStringLiteral("%.3g"));
    values->setTitleText(title);
    chart->addAxis(values, Qt::AlignBottom);
    span->attachAxis(values);
    span->attachAxis(y);
    return set;
}

QString bucketText(const core::Histogram& h, int index)
{
    const double width = h.max > h.min ? (h.max - h.min) / double(h.counts.size()) : 0.0;
    const double from = h.min + width * index;
    return QStringLiteral("%1 … %2").arg(from, 0, 'g', 4).arg(from + width, 0, 'g', 4);
}

} // namespace

void DashboardView::fillMarginChart()
{
    QChart* chart = m_marginView->chart();
    ChartStyle::clear(chart);
    const core::Histogram& h = m_stats->margins;
    if (h.counts.empty()) {
        chart->setTitle(tr("Reward margins (no pair has a margin)"));
        ChartStyle::apply(chart, palette());
        return;
    }
    chart->setTitle(tr("Reward margin of pairs"));
    QBarSet* set = drawHistogram(chart, h, ReviewPalette::data(palette()), tr("margin"));
    set->setObjectName(QStringLiteral("marginSet"));
    const double width = h.max > h.min ? (h.max - h.min) / double(h.counts.size()) : 0.0;
    const core::Histogram copy = h;
    connect(set, &QBarSet::clicked, this, [this, copy, width](int index) {
        DashboardFilter filter;
        filter.marginMin = copy.min + width * index;
        // The list's bounds are inclusive: stop just below the next bucket, except the last.
        filter.marginMax = index + 1 == int(copy.counts.size())
                               ? copy.max
                               : std::nextafter(copy.min + width * (index + 1), copy.min);
        Q_EMIT filterRequested(filter);
    });
    connect(set, &QBarSet::hovered, this, [copy](bool on, int index) {
        if (on)
            QToolTip::showText(QCursor::pos(), tr("margin %1: %2 pairs")
                                                   .arg(bucketText(copy, index),
                                                        number(copy.counts[std::size_t(index)])));
    });
    ChartStyle::apply(chart, palette());
}

void DashboardView::fillRewardChart()
{
    QChart* chart = m_rewardView->chart();
    ChartStyle::clear(chart);
    const int index = m_scorer->currentIndex();
    if (index < 0 || index >= int(m_stats->rewards.size()) ||
        m_stats->rewards[std::size_t(index)].histogram.counts.empty()) {
        chart->setTitle(tr("Rewards (no scores yet)"));
        ChartStyle::apply(chart, palette());
        return;
    }
    const core::RewardHistogram& reward = m_stats->rewards[std::size_t(index)];
    chart->setTitle(tr("Rewards of all candidates"));
    QBarSet* set = drawHistogram(chart, reward.histogram, ReviewPalette::data(palette()),
                                 QString::fromStdString(reward.scorer));
    set->setObjectName(QStringLiteral("rewardSet"));
    const core::Histogram copy = reward.histogram;
    connect(set, &QBarSet::hovered, this, [copy](bool on, int bucket) {
        if (on)
            QToolTip::showText(QCursor::pos(), tr("reward %1: %2 candidates")
                                                   .arg(bucketText(copy, bucket),
                                                        number(copy.counts[std::size_t(bucket)])));
    });
    ChartStyle::apply(chart, palette());
}

void DashboardView::fillLengthChart()
{
    const core::DashboardStats& s = *m_stats;
    QChart* chart = m_lengthView->chart();
    ChartStyle::clear(chart);
    chart->setTitle(tr("Response length: chosen vs rejected"));
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);

    // One series per colour and marker size: bigger markers for length combinations that
    // many pairs share. Only the first series of a colour appears in the legend.
    constexpr double kSizes[] = {6.0, 9.0, 13.0, 18.0}; // 1, 2-9, 10-99, 100+ pairs
    const struct
    {
        QString name;
        QColor colour;
    } groups[] = {{tr("chosen longer"), ReviewPalette::chosen()},
                  {tr("rejected longer"), ReviewPalette::rejected()},
                  {tr("same length"), ReviewPalette::pending()}};
    QScatterSeries* series[3][4] = {};
    auto seriesFor = [&](int group, int size) {
        if (!series[group][size]) {
            auto* created = new QScatterSeries;
            created->setName(groups[group].name);
            QColor fill = groups[group].colour;
            fill.setAlpha(190);
            created->setColor(fill);
            created->setBorderColor(groups[group].colour.darker(130));
            created->setMarkerSize(kSizes[size]);
            series[group][size] = created;
        }
        return series[group][size];
    };
    double highest = 1;
    for (const core::LengthPoint& point : s.lengths) {
        const int group = point.chosenWords > point.rejectedWords   ? 0
                          : point.chosenWords < point.rejectedWords ? 1
                                                                    : 2;
        const int size = point.pairs >= 100 ? 3 : point.pairs >= 10 ? 2 : point.pairs >= 2 ? 1 : 0;
        seriesFor(group, size)->append(double(point.chosenWords), double(point.rejectedWords));
        highest = std::max({highest, double(point.chosenWords), double(point.rejectedWords)});
    }

    auto* x = new QValueAxis;
    x->setTitleText(tr("chosen (words)"));
    x->setRange(0, highest * 1.05);
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->applyNiceNumbers();
    auto* y = new QValueAxis;
    y->setTitleText(tr("rejected (words)"));
    y->setRange(0, x->max());
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    auto* diagonal = new QLineSeries;
    diagonal->append(0, 0);
    diagonal->append(x->max(), x->max());
    QPen pen(palette().color(QPalette::Mid));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.2);
    diagonal->setPen(pen);
    chart->addSeries(diagonal);
    diagonal->attachAxis(x);
    diagonal->attachAxis(y);
    for (QLegendMarker* marker : chart->legend()->markers(diagonal))
        marker->setVisible(false);
    for (int group = 0; group < 3; ++group) {
        bool inLegend = false;
        for (int size = 0; size < 4; ++size) {
            QScatterSeries* scatter = series[group][size];
            if (!scatter)
                continue;
            chart->addSeries(scatter);
            scatter->attachAxis(x);
            scatter->attachAxis(y);
            for (QLegendMarker* marker : chart->legend()->markers(scatter)) {
                marker->setVisible(!inLegend);
                // The legend shows the smallest marker size, not the biggest.
                marker->setShape(QLegend::MarkerShapeCircle);
            }
            inLegend = true;
        }
    }
    ChartStyle::apply(chart, palette());

    const qint64 total = s.chosenLonger + s.rejectedLonger + s.sameLength;
    m_lengthNote->setText(
        total == 0 ? tr("No pair has word counts yet.")
                   : tr("Chosen longer in %1 of pairs, rejected longer in %2, same length in %3. "
                        "Many points right of the diagonal suggest the reward prefers longer "
                        "answers (length bias), not better ones.")
                         .arg(percent(s.chosenLonger, total), percent(s.rejectedLonger, total),
                              percent(s.sameLength, total)));
}

} // namespace prefstudio::ui
