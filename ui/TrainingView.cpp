#include "ui/TrainingView.h"

#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "store/RunList.h"
#include "ui/ChartStyle.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/RunTableModel.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace prefstudio::ui {

namespace {

/// The run list (status, margins, outputs) is read again every this many polls; the metrics
/// of running runs every poll.
constexpr int kListEveryTicks = 5;
constexpr int kChartMinWidth = 300;
constexpr int kChartMinHeight = 210;
constexpr int kChartColumns = 3;
const double kLn2 = std::log(2.0);

/// A run keeps its colour in every chart and every comparison.
QColor runColour(qint64 runId)
{
    static const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                     QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                     QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
                                     QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf)};
    return colours[std::size_t(runId) % std::size(colours)];
}

QString configString(const nlohmann::json& config, const char* key)
{
    const auto found = config.is_object() ? config.find(key) : config.end();
    return found != config.end() && found->is_string()
               ? QString::fromStdString(found->get<std::string>())
               : QString();
}

/// 1, 2 or 5 times a power of ten, at least `raw`: a tick interval people read at a glance.
double roundStep(double raw)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/// A tight range with ticks at round multiples of `interval` (nice numbers would widen the
/// range instead). Fixed ticks while the range and interval change: dynamic ticks of the old
/// interval over a new range could be millions (a margin axis that grows from 1e-7 wide).
void setAxis(QValueAxis* axis, double low, double high, double interval)
{
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(low, high);
    axis->setTickAnchor(0);
    axis->setTickInterval(interval);
    axis->setTickType(QValueAxis::TicksDynamic);
}

QValueAxis* axisOf(QChart* chart, Qt::Orientation orientation)
{
    const QList<QAbstractAxis*> axes = chart->axes(orientation);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
}

} // namespace

const std::vector<std::string>& TrainingView::metricNames()
{
    static const std::vector<std::string> names = {"loss",
                                                   "rewards/accuracies",
                                                   "rewards/margins",
                                                   "rewards/chosen",
                                                   "rewards/rejected",
                                                   "logps/chosen",
                                                   "logps/rejected",
                                                   "grad_norm",
                                                   "learning_rate",
                                                   "tokens_per_second",
                                                   "peak_memory_mib"};
    return names;
}

TrainingView::TrainingView(JobRunner* runner, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_runs(new RunTableModel(this))
{
    setObjectName(QStringLiteral("trainingView"));
    m_clock.start();
    buildActions();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse); // a hand-off's command
    m_hint = new QLabel(tr("No DPO run yet. Train (DPO)… in the Training menu starts one; its "
                           "metrics appear here while it trains."),
                        this);
    m_hint->setObjectName(QStringLiteral("trainingHint"));
    m_hint->setWordWrap(true);
    m_hint->setVisible(false);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setModel(m_runs);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setToolTip(tr("Ctrl+click or Shift+click several runs to compare them"));
    m_diagnostics = new QListWidget(this);
    m_diagnostics->setObjectName(QStringLiteral("diagnosticsList"));
    m_diagnostics->setWordWrap(true);
    m_diagnostics->setSelectionMode(QAbstractItemView::NoSelection);
    m_diagnostics->setMinimumWidth(280);

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->setObjectName(QStringLiteral("trainingTopSplitter"));
    top->addWidget(m_table);
    top->addWidget(m_diagnostics);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("trainingSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(top);
    split->addWidget(buildCharts());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setSizes({190, 560});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 6);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_status);
    layout->addWidget(m_hint);
    layout->addWidget(split, 1);

    m_poll = new QTimer(this);
    m_poll->setObjectName(QStringLiteral("trainingPoll"));
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &TrainingView::poll);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TrainingView::selectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateStatus();
        updateActions();
    });
    updateActions();
    refresh();
}

TrainingView::~TrainingView() = default;

void TrainingView::buildActions()
{
    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("trainingToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto add = [this](const char* name, const QString& text, QStyle::StandardPixmap icon,
                      const QString& tip) {
        auto* action = new QAction(style()->standardIcon(icon), text, this);
        action->setObjectName(QString::fromLatin1(name));
        action->setToolTip(tip);
        m_toolBar->addAction(action);
        return action;
    };
    m_pause = add("pauseRunAction", tr("Pause"), QStyle::SP_MediaPause,
                  tr("Stop the selected run after its current step; it keeps a checkpoint and "
                     "Resume continues from there"));
    m_resume = add("resumeRunAction", tr("Resume"), QStyle::SP_MediaPlay,
                   tr("Continue the selected paused or failed run from its newest checkpoint, "
                      "with the options it was started with"));
    m_stop = add("stopRunAction", tr("Stop"), QStyle::SP_MediaStop,
                 tr("End the selected run for good: it stops after its current step and its "
                    "newest checkpoint becomes the result (adapter, margins)"));
    m_toolBar->addSeparator();
    m_stillWrong =
        add("stillWrongAction", tr("Review pairs still wrong"), QStyle::SP_FileDialogListView,
            tr("List the pairs the selected run still ranks wrong in the Review tab, "
               "worst first"));
    m_refresh = add("refreshRunsAction", tr("Refresh"), QStyle::SP_BrowserReload,
                    tr("Read the runs again"));
    connect(m_pause, &QAction::triggered, this, &TrainingView::pauseCurrent);
    connect(m_stop, &QAction::triggered, this, &TrainingView::stopCurrent);
    connect(m_refresh, &QAction::triggered, this, &TrainingView::refresh);
    connect(m_resume, &QAction::triggered, this, [this] {
        const core::RunSummary* run = m_runs->run(currentRun());
        if (!run)
            return;
        Q_EMIT resumeRequested(run->id, configString(run->config, "base_model"));
    });
    connect(m_stillWrong, &QAction::triggered, this, [this] {
        if (const qint64 run = currentRun(); run >= 0)
            Q_EMIT stillWrongRequested(run);
    });
}

void TrainingView::addTrainAction(QAction* action)
{
    QAction* first = m_toolBar->actions().value(0);
    m_toolBar->insertAction(first, action);
    m_toolBar->insertSeparator(first);
}

void TrainingView::addPanel(QWidget* page, const char* name, const QString& title,
                            std::vector<std::string> metrics)
{
    ChartPanel panel;
    panel.view = ChartStyle::makeView(name, page, kChartMinWidth, kChartMinHeight);
    panel.view->chart()->setTitle(title);
    panel.metrics = std::move(metrics);
    m_panels.push_back(panel);
}

QWidget* TrainingView::buildCharts()
{
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("trainingCharts"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_chartPage = new QWidget(scroll);
    addPanel(m_chartPage, "lossChart", tr("Loss (dashed: ln 2, chance)"), {"loss"});
    addPanel(m_chartPage, "accuracyChart", tr("Accuracy: chosen ranked above rejected"),
             {"rewards/accuracies"});
    addPanel(m_chartPage, "marginChart", tr("Reward margin"), {"rewards/margins"});
    addPanel(m_chartPage, "rewardsChart", tr("Rewards: chosen (solid) and rejected (dashed)"),
             {"rewards/chosen", "rewards/rejected"});
    addPanel(m_chartPage, "logpsChart",
             tr("Log-probabilities: chosen (solid) and rejected (dashed)"),
             {"logps/chosen", "logps/rejected"});
    addPanel(m_chartPage, "gradNormChart", tr("Gradient norm"), {"grad_norm"});
    addPanel(m_chartPage, "learningRateChart", tr("Learning rate"), {"learning_rate"});
    addPanel(m_chartPage, "throughputChart", tr("Throughput (tokens per second)"),
             {"tokens_per_second"});
    addPanel(m_chartPage, "memoryChart", tr("Peak memory (MiB)"), {"peak_memory_mib"});
    auto* grid = new QGridLayout(m_chartPage);
    grid->setContentsMargins(0, 6, 0, 0);
    grid->setSpacing(6);
    for (std::size_t i = 0; i < m_panels.size(); ++i)
        grid->addWidget(m_panels[i].view, int(i) / kChartColumns, int(i) % kChartColumns);
    for (int column = 0; column < kChartColumns; ++column)
        grid->setColumnStretch(column, 1);
    scroll->setWidget(m_chartPage);
    for (ChartPanel& panel : m_panels)
        fillPanel(panel);
    return scroll;
}

void TrainingView::setReadOnly(const QString& reason)
{
    m_readOnlyReason = reason;
    updateActions();
}

// ---- Reading runs and metrics ------------------------------------------------------------

void TrainingView::refresh()
{
    if (m_loading) {
        m_loadAgain = true;
        return;
    }
    m_loading = true;
    m_runner->read<std::vector<core::RunSummary>>(
        this, [](core::Project& project) { return core::listRuns(project); },
        [this](std::vector<core::RunSummary> runs) { runsLoaded(std::move(runs)); },
        [this](const QString& error) {
            m_loading = false;
            m_loadAgain = false;
            m_status->setText(tr("The runs could not be read: %1").arg(error));
        });
}

void TrainingView::runsLoaded(std::vector<core::RunSummary> runs)
{
    m_loading = false;
    // Ours, and the runs handed off to TRL or LLaMA-Factory whose logs were read back.
    std::erase_if(runs, [](const core::RunSummary& run) {
        return run.kind != "dpo" && run.kind != "handoff-trl" && run.kind != "handoff-llamafactory";
    });
    for (const core::RunSummary& run : runs) {
        const core::RunSummary* before = m_runs->run(run.id);
        const bool wasRunning = before && before->status == "running";
        // Running, or it just stopped: its last steps may not have been read yet.
        if (run.status == "running" || wasRunning)
            m_complete.remove(run.id);
        // A resumed run starts a new stretch of steps: time it afresh.
        if (run.status == "running" && !wasRunning)
            m_clocks.remove(run.id);
    }
    QList<qint64> keep = selectedRuns();
    {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_runs->setRuns(std::move(runs));
        if (m_selectAfterLoad >= 0 && m_runs->rowOfRun(m_selectAfterLoad) >= 0) {
            keep = {m_selectAfterLoad};
            m_selectAfterLoad = -1;
        } else if (keep.isEmpty() && !m_loadedOnce && m_runs->rowCount() > 0) {
            keep = {m_runs->runs().front().id};
        }
        selectRuns(keep);
    }
    m_loadedOnce = true;
    const bool empty = m_runs->rowCount() == 0;
    m_hint->setVisible(empty);
    m_table->resizeColumnsToContents();
    selectionChanged();
    startPollingIfNeeded();
    Q_EMIT runsRefreshed();
    if (m_loadAgain) {
        m_loadAgain = false;
        refresh();
    }
}

void TrainingView::selectRuns(const QList<qint64>& runIds)
{
    QItemSelection selection;
    for (qint64 id : runIds) {
        const int row = m_runs->rowOfRun(id);
        if (row >= 0)
            selection.select(m_runs->index(row, 0),
                             m_runs->index(row, RunTableModel::ColumnCount - 1));
    }
    QItemSelectionModel* model = m_table->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!selection.isEmpty())
        model->setCurrentIndex(selection.first().topLeft(), QItemSelectionModel::NoUpdate);
}

QList<qint64> TrainingView::selectedRuns() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<qint64> ids;
    for (const QModelIndex& row : rows)
        ids << row.data(RunTableModel::RunIdRole).toLongLong();
    return ids;
}

const RunMetrics& TrainingView::metricsOf(qint64 runId) const
{
    static const RunMetrics none;
    const auto found = m_metrics.find(runId);
    return found == m_metrics.end() ? none : found->second;
}

void TrainingView::selectionChanged()
{
    const QList<qint64> ids = selectedRuns();
    if (ids != m_charted) {
        m_charted = ids;
        rebuildCharts();
    }
    QList<qint64> toFetch;
    for (qint64 id : ids)
        if (!m_complete.contains(id))
            toFetch << id;
    if (!toFetch.isEmpty())
        fetchMetrics(toFetch);
    updateDiagnostics();
    updateStatus();
    updateActions();
}

void TrainingView::fetchMetrics(const QList<qint64>& runIds)
{
    if (m_fetching) {
        for (qint64 id : runIds)
            if (!m_fetchAgain.contains(id))
                m_fetchAgain << id;
        return;
    }
    m_fetching = true;
    // Only the steps after the last one read, metric by metric.
    std::vector<std::pair<qint64, std::map<std::string, qint64>>> requests;
    QList<qint64> stoppedAtRequest;
    for (qint64 id : runIds) {
        std::map<std::string, qint64> after;
        const RunMetrics& known = metricsOf(id);
        for (const std::string& name : metricNames()) {
            const auto found = known.find(name);
            after[name] =
                found == known.end() || found->second.empty() ? 0 : found->second.back().first;
        }
        requests.emplace_back(id, std::move(after));
        const core::RunSummary* run = m_runs->run(id);
        if (run && run->status != "running")
            stoppedAtRequest << id;
    }
    m_runner->read<MetricBatch>(
        this,
        [requests](core::Project& project) {
            MetricBatch batch;
            for (const auto& [id, after] : requests) {
                RunMetrics fresh;
                for (const auto& [name, step] : after)
                    if (auto points = core::runMetric(project, id, name, step); !points.empty())
                        fresh[name] = std::move(points);
                batch.emplace_back(id, std::move(fresh));
            }
            return batch;
        },
        [this, stoppedAtRequest](MetricBatch batch) {
            m_fetching = false;
            // Read after the run stopped: these are its last steps.
            for (qint64 id : stoppedAtRequest)
                m_complete.insert(id);
            metricsArrived(batch);
            if (!m_fetchAgain.isEmpty())
                fetchMetrics(std::exchange(m_fetchAgain, {}));
        },
        [this](const QString& error) {
            m_fetching = false;
            m_fetchAgain.clear();
            m_status->setText(tr("The metrics could not be read: %1").arg(error));
        });
}

void TrainingView::metricsArrived(const MetricBatch& batch)
{
    std::set<std::string> touched;
    for (const auto& [runId, fresh] : batch) {
        RunMetrics& cache = m_metrics[runId];
        std::map<std::string, double> latest;
        qint64 lastStep = 0;
        for (const auto& [name, points] : fresh) {
            MetricSeries& series = cache[name];
            const qint64 known = series.empty() ? 0 : series.back().first;
            QList<QPointF> added;
            for (const auto& point : points) {
                if (point.first <= known)
                    continue;
                series.push_back(point);
                added << QPointF(double(point.first), point.second);
            }
            if (series.empty())
                continue;
            latest[name] = series.back().second;
            lastStep = std::max<qint64>(lastStep, series.back().first);
            const auto shown = m_series.find({runId, name});
            if (!added.isEmpty() && shown != m_series.end()) {
                shown->second->append(added);
                touched.insert(name);
            }
        }
        if (lastStep > 0)
            m_runs->setLiveStep(runId, lastStep, latest);
        const core::RunSummary* run = m_runs->run(runId);
        if (run && run->status == "running" && lastStep > 0) {
            StepClock& clock = m_clocks[runId];
            if (clock.firstMs < 0) {
                clock.firstMs = m_clock.elapsed();
                clock.firstStep = lastStep;
            } else if (lastStep > clock.lastStep) {
                clock.lastMs = m_clock.elapsed();
                clock.lastStep = lastStep;
            }
        }
    }
    for (ChartPanel& panel : m_panels)
        if (std::any_of(panel.metrics.begin(), panel.metrics.end(),
                        [&touched](const std::string& name) { return touched.count(name); }))
            fitAxes(panel);
    updateDiagnostics();
    updateStatus();
    Q_EMIT chartsUpdated();
}

// ---- Charts ---------------------------------------------------------------------------

void TrainingView::rebuildCharts()
{
    m_series.clear();
    for (ChartPanel& panel : m_panels)
        fillPanel(panel);
}

void TrainingView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // Charts take their colours from the palette when filled: a theme change refills them.
    if (event->type() == QEvent::PaletteChange)
        rebuildCharts();
}

void TrainingView::fillPanel(ChartPanel& panel)
{
    QChart* chart = panel.view->chart();
    ChartStyle::clear(chart);
    panel.reference = nullptr;
    auto* x = new QValueAxis;
    x->setTitleText(tr("step"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    int shown = 0;
    for (qint64 runId : std::as_const(m_charted)) {
        const core::RunSummary* run = m_runs->run(runId);
        const QString name = run ? QString::fromStdString(run->name) : QString::number(runId);
        const RunMetrics& metrics = metricsOf(runId);
        for (std::size_t k = 0; k < panel.metrics.size(); ++k) {
            const std::string& metric = panel.metrics[k];
            auto* series = new QLineSeries;
            series->setObjectName(
                QStringLiteral("run%1:%2").arg(runId).arg(QString::fromStdString(metric)));
            series->setName(name);
            QPen pen(runColour(runId));
            pen.setWidthF(1.6);
            if (k > 0)
                pen.setStyle(Qt::DashLine);
            series->setPen(pen);
            QList<QPointF> points;
            if (const auto found = metrics.find(metric); found != metrics.end())
                for (const auto& [step, value] : found->second)
                    points << QPointF(double(step), value);
            series->replace(points);
            chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
            m_series[{runId, metric}] = series;
            ++shown;
        }
    }
    if (panel.metrics.front() == "loss" && shown > 0) {
        panel.reference = new QLineSeries;
        panel.reference->setName(QStringLiteral("ln 2"));
        QPen pen(palette().color(QPalette::Mid));
        pen.setStyle(Qt::DashLine);
        panel.reference->setPen(pen);
        chart->addSeries(panel.reference);
        panel.reference->attachAxis(x);
        panel.reference->attachAxis(y);
        for (QLegendMarker* marker : chart->legend()->markers(panel.reference))
            marker->setVisible(false);
    }
    // The legend tells runs apart (a run's colour); chosen and rejected differ by their line,
    // which the title explains, so only the first metric of each run has a marker.
    for (QAbstractSeries* series : chart->series())
        if (!series->objectName().endsWith(QString::fromStdString(panel.metrics.front())))
            for (QLegendMarker* marker : chart->legend()->markers(series))
                marker->setVisible(false);
    chart->legend()->setVisible(m_charted.size() > 1);
    chart->legend()->setAlignment(Qt::AlignBottom);
    fitAxes(panel);
    ChartStyle::apply(chart, palette());
}

void TrainingView::fitAxes(ChartPanel& panel)
{
    QChart* chart = panel.view->chart();
    QValueAxis* x = axisOf(chart, Qt::Horizontal);
    QValueAxis* y = axisOf(chart, Qt::Vertical);
    if (!x || !y)
        return;
    double minX = std::numeric_limits<double>::infinity(), maxX = -minX;
    double minY = minX, maxY = -minX;
    for (QAbstractSeries* abstract : chart->series()) {
        auto* series = qobject_cast<QLineSeries*>(abstract);
        if (!series || series == panel.reference)
            continue;
        for (const QPointF& point : series->points()) {
            if (!std::isfinite(point.y()))
                continue;
            minX = std::min(minX, point.x());
            maxX = std::max(maxX, point.x());
            minY = std::min(minY, point.y());
            maxY = std::max(maxY, point.y());
        }
    }
    if (!std::isfinite(minX)) {
        minX = 0;
        maxX = 1;
        minY = 0;
        maxY = 1;
    }
    const std::string& metric = panel.metrics.front();
    if (metric == "loss") {
        minY = std::min(minY, kLn2);
        maxY = std::max(maxY, kLn2);
    } else if (metric == "rewards/accuracies") {
        minY = std::min(minY, 0.0);
        maxY = std::max(maxY, 1.0);
    }
    double span = maxY - minY;
    if (span <= 0)
        span = std::abs(maxY) > 0 ? std::abs(maxY) * 0.2 : 1.0;
    if (metric == "rewards/accuracies")
        setAxis(y, minY, maxY, roundStep((maxY - minY) / 4));
    else
        setAxis(y, minY - 0.05 * span, maxY + 0.05 * span, roundStep(span * 1.1 / 4));
    maxX = std::max(maxX, minX + 1);
    setAxis(x, minX, maxX, std::max(1.0, roundStep((maxX - minX) / 5)));
    if (panel.reference)
        panel.reference->replace({QPointF(minX, kLn2), QPointF(maxX, kLn2)});
}

// ---- Diagnostics, status and actions ------------------------------------------------------

void TrainingView::updateDiagnostics()
{
    m_shownDiagnostics.clear();
    m_diagnostics->clear();
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    const QIcon fine = style()->standardIcon(QStyle::SP_DialogApplyButton);
    for (qint64 runId : std::as_const(m_charted)) {
        const core::RunSummary* run = m_runs->run(runId);
        const RunMetrics& metrics = metricsOf(runId);
        if (!run || metrics.empty())
            continue;
        const QString name = QString::fromStdString(run->name);
        DiagnosticThresholds thresholds;
        thresholds.warmupSteps = TrainingDiagnostics::plan(run->config).warmupSteps;
        const auto found = TrainingDiagnostics::diagnose(metrics, thresholds);
        if (found.empty())
            new QListWidgetItem(fine, tr("%1: no warning signs so far.").arg(name), m_diagnostics);
        for (const TrainingDiagnostic& d : found) {
            const QString steps = d.firstStep == d.lastStep
                                      ? tr("step %1").arg(d.firstStep)
                                      : tr("steps %1 to %2").arg(d.firstStep).arg(d.lastStep);
            auto* item = new QListWidgetItem(
                warning, QStringLiteral("%1 (%2, %3)\n%4").arg(d.title, name, steps, d.text),
                m_diagnostics);
            item->setToolTip(d.text);
            m_shownDiagnostics.push_back(d);
        }
    }
    if (m_diagnostics->count() == 0)
        new QListWidgetItem(m_charted.isEmpty()
                                ? tr("Select a run to see the warning signs in its metrics.")
                                : tr("No metrics yet."),
                            m_diagnostics);
}

qint64 TrainingView::currentRun() const
{
    const QModelIndex current = m_table->currentIndex();
    const QList<qint64> selected = selectedRuns();
    if (current.isValid() && m_table->selectionModel()->isRowSelected(current.row()))
        return current.data(RunTableModel::RunIdRole).toLongLong();
    return selected.isEmpty() ? -1 : selected.first();
}

void TrainingView::updateStatus()
{
    const core::RunSummary* run = m_runs->run(currentRun());
    if (!run) {
        m_status->setText(m_runs->rowCount() > 0
                              ? tr("Select a run; Ctrl+click several to compare them.")
                              : QString());
        return;
    }
    const TrainingPlan plan = TrainingDiagnostics::plan(run->config);
    QStringList parts;
    parts << QStringLiteral("%1: %2").arg(QString::fromStdString(run->name),
                                          RunTableModel::statusText(run->status));
    parts << (plan.totalSteps > 0 ? tr("step %1 of %2").arg(run->lastStep).arg(plan.totalSteps)
                                  : tr("step %1").arg(run->lastStep));
    if (run->status == "running") {
        const StepClock clock = m_clocks.value(run->id);
        const double secondsPerStep = clock.lastStep > clock.firstStep
                                          ? double(clock.lastMs - clock.firstMs) / 1000.0 /
                                                double(clock.lastStep - clock.firstStep)
                                          : -1;
        const double eta =
            TrainingDiagnostics::etaSeconds(run->lastStep, plan.totalSteps, secondsPerStep);
        parts << (eta < 0 ? tr("ETA: measuring the step time…")
                          : tr("ETA %1 (%2 s per step)")
                                .arg(Job::formatDuration(eta),
                                     QLocale().toString(secondsPerStep, 'f', 2)));
    }
    if (const auto memory = run->lastMetrics.find("peak_memory_mib");
        memory != run->lastMetrics.end())
        parts << tr("peak memory %1 MiB on %2")
                     .arg(QLocale().toString(memory->second, 'f', 0),
                          configString(run->config, "device"));
    if (run->pairsMeasured > 0)
        parts
            << tr("%1 of %2 pairs still ranked wrong").arg(run->pairsWrong).arg(run->pairsMeasured);
    QString text = parts.join(QStringLiteral(" · "));
    // A hand-off is run where the person chooses: its command, to copy from here.
    if (const auto handoff = run->config.find("handoff");
        handoff != run->config.end() && handoff->is_object())
        if (const QString command = configString(*handoff, "command"); !command.isEmpty())
            text += QLatin1Char('\n') + tr("Command: %1").arg(command);
    m_status->setText(text);
}

Job* TrainingView::activeJobOf(qint64 runId) const
{
    Job* job = m_jobOfRun.value(runId);
    return job && !job->isFinished() ? job : nullptr;
}

void TrainingView::updateActions()
{
    const core::RunSummary* run = m_runs->run(currentRun());
    Job* job = run ? activeJobOf(run->id) : nullptr;
    const bool running = run && run->status == "running";
    m_pause->setEnabled(running && job);
    // Only our own runs pause, resume and stop here; a hand-off runs in its engine.
    const bool ours = run && run->kind == "dpo";
    const bool paused = ours && run->status == "cancelled";
    m_stop->setEnabled((running && job) ||
                       (paused && !anyJobActive() && m_readOnlyReason.isEmpty() &&
                        !configString(run->config, "base_model").isEmpty()));
    const QString outside = tr("This run was started outside this window (for instance by "
                               "prefstudio-cli): stop it there; Ctrl+C pauses it.");
    m_pause->setStatusTip(running && !job ? outside : QString());
    const bool resumable = ours && (run->status == "cancelled" || run->status == "failed");
    m_resume->setEnabled(resumable && !job && !anyJobActive() && m_readOnlyReason.isEmpty() &&
                         !configString(run->config, "base_model").isEmpty());
    const qint64 wrong = run ? run->pairsWrong : 0;
    m_stillWrong->setEnabled(wrong > 0);
    m_stillWrong->setText(wrong > 0 ? tr("Review pairs still wrong (%1)").arg(wrong)
                                    : tr("Review pairs still wrong"));
}

// ---- Jobs and polling -----------------------------------------------------------------

void TrainingView::watchJob(Job* job)
{
    m_unassignedJobs << QPointer<Job>(job);
    static const QRegularExpression runLine(QStringLiteral("^(?:\\S+\\s+)?run (\\d+): "));
    connect(job, &Job::logAppended, this, [this, job](const QString& line) {
        const QRegularExpressionMatch match = runLine.match(line);
        if (!match.hasMatch())
            return;
        const qint64 runId = match.captured(1).toLongLong();
        m_jobOfRun[runId] = job;
        m_unassignedJobs.removeAll(QPointer<Job>(job));
        m_complete.remove(runId);
        m_selectAfterLoad = runId;
        refresh();
    });
    connect(job, &Job::stateChanged, this, &TrainingView::updateActions);
    connect(job, &Job::finished, this, &TrainingView::refresh);
    updateActions();
    startPollingIfNeeded();
}

bool TrainingView::anyRunRunning() const
{
    return std::any_of(m_runs->runs().begin(), m_runs->runs().end(),
                       [](const core::RunSummary& run) { return run.status == "running"; });
}

bool TrainingView::anyJobActive() const
{
    for (const QPointer<Job>& job : m_jobOfRun)
        if (job && !job->isFinished())
            return true;
    for (const QPointer<Job>& job : m_unassignedJobs)
        if (job && !job->isFinished())
            return true;
    return false;
}

void TrainingView::startPollingIfNeeded()
{
    if ((anyRunRunning() || anyJobActive()) && !m_poll->isActive())
        m_poll->start();
}

void TrainingView::poll()
{
    if (!anyRunRunning() && !anyJobActive()) {
        m_poll->stop();
        return;
    }
    ++m_ticks;
    QList<qint64> running;
    for (const core::RunSummary& run : m_runs->runs())
        if (run.status == "running")
            running << run.id;
    if (!running.isEmpty())
        fetchMetrics(running);
    if (m_ticks % kListEveryTicks == 0)
        refresh();
}

void TrainingView::pauseCurrent()
{
    const core::RunSummary* run = m_runs->run(currentRun());
    if (Job* job = run ? activeJobOf(run->id) : nullptr) {
        job->cancel();
        m_status->setText(tr("Pausing %1: it writes a checkpoint of its finished steps, then "
                             "stops. Resume continues from there.")
                              .arg(QString::fromStdString(run->name)));
    }
}

void TrainingView::stopCurrent()
{
    const core::RunSummary* run = m_runs->run(currentRun());
    if (!run)
        return;
    const qint64 id = run->id;
    const QString baseModel = configString(run->config, "base_model");
    m_status->setText(tr("Stopping %1: its newest checkpoint becomes its result.")
                          .arg(QString::fromStdString(run->name)));
    Job* job = activeJobOf(id);
    if (!job) { // paused already
        Q_EMIT finishRequested(id, baseModel);
        return;
    }
    // Pause first (the job checkpoints its steps and ends), then finish from that checkpoint.
    connect(
        job, &Job::finished, this, [this, id, baseModel] { Q_EMIT finishRequested(id, baseModel); },
        Qt::SingleShotConnection);
    job->cancel();
}

} // namespace prefstudio::ui
