#include "ui/EvaluationView.h"

#include "eval/EvalResults.h"
#include "store/Project.h"
#include "store/RunList.h"
#include "ui/ChartStyle.h"
#include "ui/EvalComparisonModel.h"
#include "ui/EvalItemInspector.h"
#include "ui/EvalItemListModel.h"
#include "ui/EvalRunTableModel.h"
#include "ui/ExternalJob.h"
#include "ui/ImageCache.h"
#include "ui/ImageView.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/ReviewPalette.h"
#include "util/Error.h"

#include <QAction>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStyle>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace prefstudio::ui {

namespace {

/// Runs of the newest run's benchmark selected when the tab first opens.
constexpr int kDefaultCompared = 6;
/// Eval runs whose items are kept in memory after they were read.
constexpr std::size_t kKeptRecords = 6;
constexpr int kMissingListed = 20;
constexpr int kPrefetchAhead = 3;
constexpr int kChartMinWidth = 320;
constexpr int kChartMinHeight = 200;

QString text(const nlohmann::json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return {};
    return found->is_string() ? QString::fromStdString(found->get<std::string>())
                              : QString::fromStdString(found->dump());
}

QString htmlList(const std::vector<std::string>& lines, int limit)
{
    QString html = QStringLiteral("<ul style='margin-top:0; margin-left:-20px'>");
    const int shown = std::min<int>(limit, int(lines.size()));
    for (int i = 0; i < shown; ++i)
        html += QStringLiteral("<li>%1</li>")
                    .arg(QString::fromStdString(lines[std::size_t(i)]).toHtmlEscaped());
    if (int(lines.size()) > shown)
        html += QStringLiteral("<li><i>%1</i></li>")
                    .arg(EvaluationView::tr("… and %1 more").arg(int(lines.size()) - shown));
    return html + QStringLiteral("</ul>");
}

QString banner(const QString& message)
{
    return QStringLiteral("<p style='background-color:#fff3cd; color:#5c4400'>&nbsp;%1&nbsp;</p>")
        .arg(message.toHtmlEscaped());
}

} // namespace

EvaluationView::EvaluationView(JobRunner* runner, const QString& projectDir, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_projectDir(projectDir),
      m_runs(new EvalRunTableModel(this)), m_comparison(new EvalComparisonModel(this)),
      m_items(new EvalItemListModel(this))
{
    setObjectName(QStringLiteral("evaluationView"));
    m_runs->setObjectName(QStringLiteral("evalRunModel"));
    m_comparison->setObjectName(QStringLiteral("evalComparisonModel"));
    m_items->setObjectName(QStringLiteral("evalItemModel"));
    buildActions();

    m_hint = new QLabel(tr("No benchmark run yet. Evaluation → Run benchmarks… evaluates the "
                           "demo policy on shapes-POPE and shapes-CHAIR in about a minute on a "
                           "CPU; evaluate a training run's model to compare it with the base "
                           "model."),
                        this);
    m_hint->setObjectName(QStringLiteral("evaluationHint"));
    m_hint->setWordWrap(true);
    m_hint->setVisible(false);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("evalRunTable"));
    m_table->setModel(m_runs);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setToolTip(tr("Ctrl+click or Shift+click several runs to compare them"));
    m_notes = new QTextBrowser(this);
    m_notes->setObjectName(QStringLiteral("evalNotes"));
    m_notes->setOpenLinks(false);
    m_notes->setMinimumWidth(260);
    auto* top = new QSplitter(Qt::Horizontal, this);
    top->setObjectName(QStringLiteral("evalTopSplitter"));
    top->addWidget(m_table);
    top->addWidget(m_notes);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({760, 500});

    auto* comparePane = new QWidget(this);
    auto* compareLayout = new QVBoxLayout(comparePane);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    m_baselineBox = new QComboBox(comparePane);
    m_baselineBox->setObjectName(QStringLiteral("baselineCombo"));
    m_baselineBox->setToolTip(tr("The run the others are compared with: green is better than "
                                 "it, red worse"));
    m_baselineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* baselineRow = new QHBoxLayout;
    baselineRow->addWidget(new QLabel(tr("Compared with:"), comparePane));
    baselineRow->addWidget(m_baselineBox);
    baselineRow->addStretch(1);
    m_compareTable = new QTableView(comparePane);
    m_compareTable->setObjectName(QStringLiteral("evalComparisonTable"));
    m_compareTable->setModel(m_comparison);
    m_compareTable->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_compareTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_compareTable->setWordWrap(false);
    m_compareTable->verticalHeader()->hide();
    m_compareTable->verticalHeader()->setDefaultSectionSize(m_compareTable->fontMetrics().height() +
                                                            6);
    m_compareTable->horizontalHeader()->setHighlightSections(false);
    compareLayout->addLayout(baselineRow);
    compareLayout->addWidget(m_compareTable, 1);
    m_chart = ChartStyle::makeView("evalChart", this, kChartMinWidth, kChartMinHeight);
    auto* middle = new QSplitter(Qt::Horizontal, this);
    middle->setObjectName(QStringLiteral("evalMiddleSplitter"));
    middle->addWidget(comparePane);
    middle->addWidget(m_chart);
    middle->setStretchFactor(0, 1);
    middle->setStretchFactor(1, 1);
    middle->setSizes({680, 580});

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("evaluationSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(top);
    split->addWidget(middle);
    split->addWidget(buildItemsPanel());
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 4);
    split->setSizes({130, 240, 330});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 6);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_hint);
    layout->addWidget(split, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EvaluationView::selectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateNotes();
        updateActions();
    });
    connect(m_compareTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    setChartedMetric(m_comparison->metricKey(current.row()));
            });
    connect(m_compareTable, &QTableView::clicked, this, &EvaluationView::comparisonClicked);
    connect(m_compareTable, &QTableView::activated, this, &EvaluationView::comparisonClicked);
    connect(m_baselineBox, &QComboBox::activated, this,
            [this](int index) { setBaseline(m_baselineBox->itemData(index).toLongLong()); });
    connect(m_inspector, &EvalItemInspector::trainingPairsRequested, this,
            &EvaluationView::trainingPairsRequested);
    updateActions();
    updateNotes();
    updateItemsTitle();
    refresh();
}

EvaluationView::~EvaluationView() = default;

void EvaluationView::buildActions()
{
    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("evaluationToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_refresh = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshEvalAction"));
    m_refresh->setToolTip(tr("Read the eval runs again"));
    m_showTraining = new QAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView),
                                 tr("Show training run"), this);
    m_showTraining->setObjectName(QStringLiteral("showTrainingRunAction"));
    m_showTraining->setToolTip(
        tr("Show the DPO run whose model the selected eval run evaluated, in the Training tab"));
    m_toolBar->addAction(m_refresh);
    m_toolBar->addAction(m_showTraining);
    connect(m_refresh, &QAction::triggered, this, &EvaluationView::refresh);
    connect(m_showTraining, &QAction::triggered, this, [this] {
        if (const core::RunSummary* run = m_runs->run(currentRun()))
            if (const qint64 training = EvalRunTableModel::trainingRunOf(*run); training > 0)
                Q_EMIT trainingRunRequested(training);
    });
}

QWidget* EvaluationView::buildItemsPanel()
{
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("evalItemsSplitter"));
    split->setChildrenCollapsible(false);
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 4, 0, 0);
    m_itemsTitle = new QLabel(left);
    m_itemsTitle->setObjectName(QStringLiteral("evalItemsTitle"));
    m_itemsTitle->setWordWrap(true);
    m_itemsTitle->setTextFormat(Qt::PlainText);
    m_itemFilter = new QComboBox(left);
    m_itemFilter->setObjectName(QStringLiteral("evalItemFilter"));
    m_itemFilter->addItem(tr("All items"), false);
    m_itemFilter->addItem(tr("Wrong only"), true);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_itemsTitle, 1);
    titleRow->addWidget(m_itemFilter);
    m_itemTable = new QTableView(left);
    m_itemTable->setObjectName(QStringLiteral("evalItemTable"));
    m_itemTable->setModel(m_items);
    m_itemTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_itemTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_itemTable->setAlternatingRowColors(true);
    m_itemTable->setWordWrap(false);
    m_itemTable->verticalHeader()->hide();
    m_itemTable->verticalHeader()->setDefaultSectionSize(m_itemTable->fontMetrics().height() + 6);
    QHeaderView* header = m_itemTable->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(EvalItemListModel::Question, QHeaderView::Stretch);
    header->setSectionResizeMode(EvalItemListModel::Answer, QHeaderView::Stretch);
    header->resizeSection(EvalItemListModel::Number, 48);
    header->resizeSection(EvalItemListModel::Group, 90);
    header->resizeSection(EvalItemListModel::Result, 120);
    leftLayout->addLayout(titleRow);
    leftLayout->addWidget(m_itemTable, 1);

    m_inspector = new EvalItemInspector(split);
    split->addWidget(left);
    split->addWidget(m_inspector);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({620, 620});

    connect(m_itemFilter, &QComboBox::activated, this,
            [this](int index) { setWrongOnly(m_itemFilter->itemData(index).toBool()); });
    connect(m_itemTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EvaluationView::itemChanged);
    return split;
}

void EvaluationView::addRunAction(QAction* action)
{
    QAction* first = m_toolBar->actions().value(0);
    m_toolBar->insertAction(first, action);
    m_toolBar->insertSeparator(first);
}

void EvaluationView::setReadOnly(const QString& reason)
{
    m_readOnlyReason = reason;
}

// ---- Runs and the comparison ------------------------------------------------------------

void EvaluationView::refresh()
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
            m_notes->setPlainText(tr("The runs could not be read: %1").arg(error));
        });
}

QList<qint64> EvaluationView::defaultSelection() const
{
    // The newest run with the earlier runs of its benchmark: what was just measured, beside
    // what it is compared with.
    QList<qint64> ids;
    if (m_runs->runs().empty())
        return ids;
    const QString benchmark = EvalRunTableModel::benchmarkOf(m_runs->runs().front());
    for (const core::RunSummary& run : m_runs->runs())
        if (EvalRunTableModel::benchmarkOf(run) == benchmark && ids.size() < kDefaultCompared)
            ids << run.id;
    return ids;
}

void EvaluationView::runsLoaded(std::vector<core::RunSummary> runs)
{
    m_loading = false;
    QList<qint64> keep = selectedRuns();
    // The run in focus stays in focus (selectRuns focuses the first).
    if (const qint64 current = currentRun(); keep.removeOne(current))
        keep.prepend(current);
    {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_runs->setRuns(std::move(runs));
        if (!m_selectAfterLoad.isEmpty()) {
            for (qint64 id : std::as_const(keep))
                if (!m_selectAfterLoad.contains(id))
                    m_selectAfterLoad << id;
            keep = m_selectAfterLoad;
            m_selectAfterLoad.clear();
        } else if (!m_loadedOnce || (keep.isEmpty() && m_runs->rowCount() > 0)) {
            keep = defaultSelection();
        }
        selectRuns(keep);
    }
    const bool first = !m_loadedOnce;
    m_loadedOnce = true;
    m_hint->setVisible(m_runs->rowCount() == 0);
    m_table->resizeColumnsToContents();
    selectionChanged();
    // The items behind the charted number of the newest run, so that the panel is never blank.
    if (first && !m_chartedMetric.isEmpty())
        showItems(m_chartedMetric, selectedRuns().isEmpty() ? -1 : selectedRuns().last());
    if (m_loadAgain) {
        m_loadAgain = false;
        refresh();
    }
    Q_EMIT runsRefreshed();
}

void EvaluationView::selectRuns(const QList<qint64>& runIds)
{
    QItemSelection selection;
    int first = -1;
    for (qint64 id : runIds) {
        const int row = m_runs->rowOfRun(id);
        if (row < 0)
            continue;
        selection.select(m_runs->index(row, 0), m_runs->index(row, EvalRunTableModel::Date));
        first = first < 0 ? row : first;
    }
    QItemSelectionModel* model = m_table->selectionModel();
    if (first >= 0)
        model->setCurrentIndex(m_runs->index(first, 0), QItemSelectionModel::NoUpdate);
    model->select(selection, QItemSelectionModel::ClearAndSelect);
}

QList<qint64> EvaluationView::selectedRuns() const
{
    QList<qint64> ids;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        ids << index.data(EvalRunTableModel::RunIdRole).toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 EvaluationView::currentRun() const
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && m_table->selectionModel()->isRowSelected(current.row()))
        return current.data(EvalRunTableModel::RunIdRole).toLongLong();
    const QList<qint64> selected = selectedRuns();
    return selected.isEmpty() ? -1 : selected.last();
}

void EvaluationView::selectionChanged()
{
    std::vector<core::RunSummary> chosen;
    for (qint64 id : selectedRuns())
        if (const core::RunSummary* run = m_runs->run(id))
            chosen.push_back(*run);
    const QString charted = m_chartedMetric;
    m_comparison->setRuns(std::move(chosen));
    updateBaselineChoices();
    m_compareTable->resizeColumnsToContents();

    // Keep the metric charted; else the headline one (F1, CHAIR_i, ...), else the first that
    // is better one way.
    int row = m_comparison->rowOfMetric(charted);
    for (const char* headline : {"f1", "chair_i", "mmhal_score", "mme_total", "accuracy"})
        for (int r = 0; r < m_comparison->rowCount() && row < 0; ++r)
            if (m_comparison->metricKey(r).contains(QLatin1String(headline)))
                row = r;
    for (int r = 0; r < m_comparison->rowCount() && row < 0; ++r)
        if (EvalComparisonModel::direction(m_comparison->metricKey(r)) !=
            EvalComparisonModel::Direction::Neutral)
            row = r;
    if (row < 0 && m_comparison->rowCount() > 0)
        row = 0;
    m_chartedMetric = m_comparison->metricKey(row);
    if (row >= 0) {
        const QSignalBlocker blocker(m_compareTable->selectionModel());
        m_compareTable->selectionModel()->setCurrentIndex(
            m_comparison->index(row, EvalComparisonModel::Metric),
            QItemSelectionModel::ClearAndSelect);
    }
    updateChart();
    updateNotes();
    updateActions();
    Q_EMIT comparisonUpdated();
}

void EvaluationView::updateBaselineChoices()
{
    const std::vector<core::RunSummary>& runs = m_comparison->runs();
    qint64 baseline = -1;
    auto shown = [&runs](qint64 id) {
        return std::any_of(runs.begin(), runs.end(),
                           [id](const core::RunSummary& run) { return run.id == id; });
    };
    if (m_chosenBaseline && (*m_chosenBaseline < 0 || shown(*m_chosenBaseline))) {
        baseline = *m_chosenBaseline;
    } else {
        // The base model's run: what training is meant to improve on.
        for (const core::RunSummary& run : runs)
            if (EvalRunTableModel::modelKindOf(run) == QLatin1String("checkpoint")) {
                baseline = run.id;
                break;
            }
    }
    if (runs.size() < 2)
        baseline = -1;
    m_comparison->setBaseline(baseline);
    const QSignalBlocker blocker(m_baselineBox);
    m_baselineBox->clear();
    m_baselineBox->addItem(tr("no baseline"), qint64(-1));
    for (const core::RunSummary& run : runs)
        m_baselineBox->addItem(QStringLiteral("%1 · %2").arg(EvalRunTableModel::shortLabel(run),
                                                             EvalRunTableModel::benchmarkOf(run)),
                               qint64(run.id));
    m_baselineBox->setCurrentIndex(std::max(0, m_baselineBox->findData(qint64(baseline))));
    m_baselineBox->setEnabled(runs.size() >= 2);
}

void EvaluationView::setBaseline(qint64 runId)
{
    m_chosenBaseline = runId;
    updateBaselineChoices();
    m_compareTable->resizeColumnsToContents();
    updateChart();
    Q_EMIT comparisonUpdated();
}

qint64 EvaluationView::baseline() const
{
    return m_comparison->baseline();
}

void EvaluationView::setChartedMetric(const QString& key)
{
    if (key == m_chartedMetric)
        return;
    m_chartedMetric = key;
    const int row = m_comparison->rowOfMetric(key);
    if (row >= 0 && m_compareTable->currentIndex().row() != row) {
        const QSignalBlocker blocker(m_compareTable->selectionModel());
        m_compareTable->selectionModel()->setCurrentIndex(
            m_comparison->index(row, EvalComparisonModel::Metric),
            QItemSelectionModel::ClearAndSelect);
    }
    updateChart();
}

void EvaluationView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The chart takes its colours from the palette when filled: a theme change refills it.
    if (event->type() == QEvent::PaletteChange)
        updateChart();
}

void EvaluationView::updateChart()
{
    QChart* chart = m_chart->chart();
    ChartStyle::clear(chart);
    const int row = m_comparison->rowOfMetric(m_chartedMetric);
    const std::vector<core::RunSummary>& runs = m_comparison->runs();
    if (row < 0 || runs.empty()) {
        chart->setTitle(tr("Select runs to compare"));
        ChartStyle::apply(chart, palette());
        return;
    }
    const EvalComparisonModel::Direction way = EvalComparisonModel::direction(m_chartedMetric);
    const QString hint =
        way == EvalComparisonModel::Direction::LowerIsBetter    ? tr("lower is better")
        : way == EvalComparisonModel::Direction::HigherIsBetter ? tr("higher is better")
                                                                : QString();
    chart->setTitle(hint.isEmpty() ? m_chartedMetric
                                   : QStringLiteral("%1 (%2)").arg(m_chartedMetric, hint));

    // One set per run with a value in its own category only: each bar has its own colour.
    auto* series = new QStackedBarSeries;
    series->setObjectName(QStringLiteral("evalBars"));
    QStringList categories;
    double low = 0;
    double high = 0;
    const int count = int(runs.size());
    for (int k = 0; k < count; ++k) {
        const core::RunSummary& run = runs[std::size_t(k)];
        const std::optional<double> value = m_comparison->value(row, run.id);
        const double shown = value.value_or(0);
        low = std::min(low, shown);
        high = std::max(high, shown);
        // Short: the axis truncates long labels; the comparison names the runs in full.
        categories << QStringLiteral("#%1: %2").arg(run.id).arg(
            value ? EvalComparisonModel::formatValue(*value) : QStringLiteral("–"));
        auto* set = new QBarSet(EvalRunTableModel::shortLabel(run));
        set->setObjectName(QStringLiteral("run%1").arg(run.id));
        for (int j = 0; j < count; ++j)
            *set << (j == k ? shown : 0.0);
        QColor colour = ReviewPalette::data(palette());
        const std::optional<double> difference = m_comparison->difference(row, run.id);
        if (run.id == m_comparison->baseline())
            colour = ReviewPalette::pending();
        else if (difference && std::abs(*difference) > 1e-9 &&
                 way != EvalComparisonModel::Direction::Neutral)
            colour = ((*difference > 0) == (way == EvalComparisonModel::Direction::HigherIsBetter))
                         ? ReviewPalette::chosen()
                         : ReviewPalette::rejected();
        set->setColor(colour);
        set->setBorderColor(colour);
        series->append(set);
    }
    series->setBarWidth(0.6);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    // Rates keep their whole 0-1 scale, so that a small difference is not drawn as a big one.
    if (low >= 0 && high <= 1 && way != EvalComparisonModel::Direction::Neutral)
        high = 1;
    else
        high = high > 0 ? high * 1.1 : 1;
    y->setRange(low < 0 ? low * 1.1 : 0, high);
    y->setLabelFormat(QStringLiteral("%.3g"));
    y->setTickCount(6);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    ChartStyle::apply(chart, palette());
}

void EvaluationView::updateNotes()
{
    const core::RunSummary* run = m_runs->run(currentRun());
    if (!run) {
        m_notes->setHtml(m_runs->rowCount() == 0
                             ? QString()
                             : tr("Select a run to see how it ran and the notes of its scorer."));
        return;
    }
    const nlohmann::json& config = run->config;
    const nlohmann::json model =
        config.is_object() ? config.value("model", nlohmann::json()) : nlohmann::json();
    const nlohmann::json how =
        config.is_object() ? config.value("config", nlohmann::json()) : nlohmann::json();
    QString html = QStringLiteral("<b>%1</b><br>")
                       .arg(tr("Run #%1: %2 on %3")
                                .arg(run->id)
                                .arg(EvalRunTableModel::benchmarkOf(*run),
                                     EvalRunTableModel::modelNameOf(*run))
                                .toHtmlEscaped());
    if (const QString partial = EvalRunTableModel::partialText(*run); !partial.isEmpty())
        html += banner(partial);
    QStringList facts;
    const QString kind = EvalRunTableModel::modelKindOf(*run);
    if (const qint64 training = EvalRunTableModel::trainingRunOf(*run); training > 0)
        facts << tr("model of training run %1").arg(training);
    else if (!kind.isEmpty())
        facts << tr("model: %1").arg(EvalRunTableModel::modelKindText(kind));
    for (const auto& [key, label] :
         {std::pair{"device", tr("device %1")}, std::pair{"parser", tr("parser %1")},
          std::pair{"judge", tr("judge %1")}})
        if (const QString value = text(how, key); !value.isEmpty())
            facts << label.arg(value);
    if (const QString sampling = text(how, "sampling"); !sampling.isEmpty())
        facts << (sampling == QLatin1String("greedy")    ? tr("greedy decoding")
                  : sampling == QLatin1String("sampled") ? tr("sampled decoding")
                                                         : tr("%1 decoding").arg(sampling));
    if (EvalRunTableModel::benchmarkOf(*run).startsWith(QLatin1String("shapes-")))
        facts << tr("%1 scenes, seed %2").arg(text(how, "count"), text(how, "seed"));
    if (config.is_object() && config.contains("seconds") && config["seconds"].is_number())
        facts << tr("%1 s").arg(QLocale().toString(config["seconds"].get<double>(), 'f', 1));
    html += facts.join(QStringLiteral(" · ")).toHtmlEscaped();
    if (const QString path = text(model, "path"); !path.isEmpty())
        html += QStringLiteral("<br><small>%1</small>").arg(path.toHtmlEscaped());

    std::vector<std::string> notes;
    std::vector<std::string> missing;
    try {
        if (config.is_object()) {
            notes = config.value("notes", std::vector<std::string>{});
            missing = config.value("missing_images", std::vector<std::string>{});
        }
    } catch (const nlohmann::json::exception&) {
        notes = {tr("The run's notes are damaged in its config.").toStdString()};
    }
    if (!notes.empty())
        html += QStringLiteral("<p style='margin-bottom:0'><b>%1</b></p>").arg(tr("Notes")) +
                htmlList(notes, int(notes.size()));
    if (!missing.empty())
        html += QStringLiteral("<p style='margin-bottom:0'><b>%1</b></p>")
                    .arg(tr("Missing images (%1), left out of the scores").arg(missing.size())) +
                htmlList(missing, kMissingListed);
    m_notes->setHtml(html);
}

void EvaluationView::updateActions()
{
    const core::RunSummary* run = m_runs->run(currentRun());
    const qint64 training = run ? EvalRunTableModel::trainingRunOf(*run) : -1;
    m_showTraining->setEnabled(training > 0);
    m_showTraining->setText(training > 0 ? tr("Show training run %1").arg(training)
                                         : tr("Show training run"));
}

// ---- Items ----------------------------------------------------------------------------

void EvaluationView::comparisonClicked(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const QString key = m_comparison->metricKey(index.row());
    qint64 runId = m_comparison->runOfColumn(index.column());
    if (runId < 0) {
        // A metric's name: the run in focus if it has the metric, else the first that has it.
        const qint64 current = currentRun();
        if (m_comparison->value(index.row(), current))
            runId = current;
        for (const core::RunSummary& run : m_comparison->runs())
            if (runId < 0 && m_comparison->value(index.row(), run.id))
                runId = run.id;
    }
    if (runId >= 0)
        showItems(key, runId);
}

void EvaluationView::showItems(const QString& metricKey, qint64 runId)
{
    m_wantedMetric = metricKey;
    m_wantedRun = runId;
    if (m_records.count(runId)) {
        applyItems(metricKey, runId);
        return;
    }
    m_itemsTitle->setText(tr("Reading the items of run %1…").arg(runId));
    using Record = std::shared_ptr<const core::eval::EvalRecord>;
    m_runner->read<Record>(
        this,
        [runId](core::Project& project) {
            return std::make_shared<const core::eval::EvalRecord>(
                core::eval::loadEvalRun(project, runId));
        },
        [this, runId](Record record) {
            if (m_records.size() >= kKeptRecords) {
                auto oldest = m_records.begin();
                if (oldest->first == m_items->runId())
                    ++oldest;
                if (oldest != m_records.end())
                    m_records.erase(oldest);
            }
            m_records[runId] = std::move(record);
            if (m_wantedRun == runId)
                applyItems(m_wantedMetric, runId);
        },
        [this, runId](const QString& error) {
            if (m_wantedRun == runId)
                m_itemsTitle->setText(
                    tr("The items of run %1 could not be read: %2").arg(runId).arg(error));
        });
}

void EvaluationView::applyItems(const QString& metricKey, qint64 runId)
{
    const std::shared_ptr<const core::eval::EvalRecord>& record = m_records[runId];
    if (m_items->runId() != runId || m_items->record() != record.get())
        m_items->setRecord(record, runId);
    m_items->setMetric(metricKey);
    const core::RunSummary* run = m_runs->run(runId);
    m_inspector->setTrainingRun(run ? EvalRunTableModel::trainingRunOf(*run) : -1);
    updateItemsTitle();
    selectItem(0);
    Q_EMIT itemsShown();
}

void EvaluationView::updateItemsTitle()
{
    if (!m_items->record()) {
        m_itemsTitle->setText(tr("Click a number in the comparison to list the items behind it."));
        return;
    }
    const qint64 runId = m_items->runId();
    const core::RunSummary* run = m_runs->run(runId);
    const QString what = m_items->metric().isEmpty() ? tr("all items") : m_items->metric();
    const QString title = tr("Run #%1 (%2) · %3: %n item(s)", nullptr, m_items->scopeCount())
                              .arg(runId)
                              .arg(run ? EvalRunTableModel::modelNameOf(*run) : QString(), what) +
                          QStringLiteral(", ") + tr("%n wrong", nullptr, m_items->wrongCount());
    m_itemsTitle->setText(title);
    m_itemsTitle->setToolTip(
        m_items->scopeGroup().isEmpty()
            ? tr("Every item of the run counts in this metric")
            : tr("The items of group %1 count in this metric").arg(m_items->scopeGroup()));
}

void EvaluationView::setWrongOnly(bool wrongOnly)
{
    {
        const QSignalBlocker blocker(m_itemFilter);
        m_itemFilter->setCurrentIndex(m_itemFilter->findData(wrongOnly));
    }
    m_items->setWrongOnly(wrongOnly);
    updateItemsTitle();
    selectItem(0);
}

void EvaluationView::selectItem(int row)
{
    if (row < 0 || row >= m_items->rowCount()) {
        m_itemTable->selectionModel()->clear();
        m_inspector->clear(m_items->record() ? tr("No item to show: none is in this list.")
                                             : QString());
        return;
    }
    const QModelIndex index = m_items->index(row, EvalItemListModel::Question);
    m_itemTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
    m_itemTable->scrollTo(index);
    // Setting the row that is current already emits nothing.
    itemChanged();
}

void EvaluationView::itemChanged()
{
    const core::eval::EvalRecord* record = m_items->record();
    const int row = m_itemTable->currentIndex().row();
    const int item = m_items->itemIndex(row);
    if (!record || item < 0) {
        m_inspector->clear();
        return;
    }
    const auto at = std::size_t(item);
    m_inspector->showItem(record->items[at],
                          at < record->results.size() ? &record->results[at] : nullptr, item + 1);
    QStringList ahead;
    for (int next = row + 1; next <= row + kPrefetchAhead && next < m_items->rowCount(); ++next)
        ahead << QString::fromStdString(
            record->items[std::size_t(m_items->itemIndex(next))].image.string());
    m_inspector->imageView()->imageCache()->prefetch(ahead);
}

// ---- Jobs -----------------------------------------------------------------------------

void EvaluationView::openDialog()
{
    if (!m_readOnlyReason.isEmpty()) {
        QMessageBox::warning(this, tr("Run benchmarks"), m_readOnlyReason);
        return;
    }
    auto* dialog = new EvaluationDialog(m_runner, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startEvaluation(dialog->requests()); });
    dialog->open();
}

void EvaluationView::openImport()
{
    if (!m_readOnlyReason.isEmpty()) {
        QMessageBox::warning(this, tr("Import results"), m_readOnlyReason);
        return;
    }
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Import benchmark results"), QString(), tr("Results (*.json);;All files (*)"));
    if (!file.isEmpty())
        importResults(file);
}

Job* EvaluationView::importResults(const QString& resultsFile)
{
    const std::filesystem::path results = resultsFile.toStdString();
    const QString readOnly = m_readOnlyReason;
    auto stored = std::make_shared<qint64>(-1);
    Job* job = m_runner->start(tr("Import results %1").arg(QFileInfo(resultsFile).fileName()),
                               [results, readOnly, stored](JobContext& context) {
                                   if (!readOnly.isEmpty())
                                       throw core::Error(readOnly.toStdString());
                                   std::filesystem::path items =
                                       results.parent_path() / "items.jsonl";
                                   if (!std::filesystem::exists(items))
                                       items.clear();
                                   const auto record = core::eval::readEvalFiles(results, items);
                                   *stored = core::eval::storeEvalRun(*context.project, record);
                                   return tr("Imported %1 as eval run %2 (%n item(s))", nullptr,
                                             static_cast<int>(record.items.size()))
                                       .arg(QString::fromStdString(results.filename().string()))
                                       .arg(*stored);
                               });
    connect(job, &Job::finished, this, [this, job, stored] {
        if (*stored > 0 && !m_selectAfterLoad.contains(*stored))
            m_selectAfterLoad << *stored;
        refresh();
        Q_EMIT message(job->summary());
    });
    return job;
}

QList<Job*> EvaluationView::startEvaluation(const std::vector<EvaluationRequest>& requests)
{
    QList<Job*> jobs;
    const QString program = mlProgram();
    static const QRegularExpression runLine(QStringLiteral("^run (\\d+): "));
    for (const EvaluationRequest& request : requests) {
        const QString readOnly = m_readOnlyReason;
        const QStringList arguments =
            QStringList{QStringLiteral("eval"), m_projectDir} + request.arguments;
        const QString title = request.title;
        Job* job =
            m_runner->start(title, [program, arguments, readOnly, title](JobContext& context) {
                if (!readOnly.isEmpty())
                    throw core::Error(readOnly.toStdString());
                runExternalJob(program, arguments, context);
                return tr("Done: %1").arg(title);
            });
        // Its stdout names each eval run it stored: select them once they are listed.
        auto stored = std::make_shared<QList<qint64>>();
        connect(job, &Job::logAppended, this, [stored](const QString& line) {
            const QRegularExpressionMatch match = runLine.match(line);
            if (match.hasMatch())
                *stored << match.captured(1).toLongLong();
        });
        connect(job, &Job::finished, this, [this, job, stored] {
            for (qint64 id : std::as_const(*stored))
                if (!m_selectAfterLoad.contains(id))
                    m_selectAfterLoad << id;
            refresh();
            Q_EMIT message(job->summary());
        });
        jobs << job;
    }
    return jobs;
}

} // namespace prefstudio::ui
