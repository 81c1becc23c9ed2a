#include "ui/MainWindow.h"

#include "curation/ProjectStats.h"
#include "curation/QualityFlags.h"
#include "store/Database.h"
#include "store/EvalQueries.h"
#include "store/ImageCandidates.h"
#include "store/PairEditor.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "ui/AppSettings.h"
#include "ui/CandidateListView.h"
#include "ui/CandidateTextDialog.h"
#include "ui/DashboardView.h"
#include "ui/EvaluationView.h"
#include "ui/GeneratedImageStrip.h"
#include "ui/HistoryView.h"
#include "ui/ImageCache.h"
#include "ui/ImageView.h"
#include "ui/Job.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"
#include "ui/ReviewCommands.h"
#include "ui/RunTableModel.h"
#include "ui/SearchHighlightDelegate.h"
#include "ui/TrainingView.h"
#include "util/Error.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLockFile>
#include <QMenuBar>
#include <QPainter>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace prefstudio::ui {

namespace {

constexpr int kSearchDelayMs = 250;
constexpr std::uint32_t kAllFlags = ~0u;
/// Edits of earlier sessions put back on the undo stack when a project opens.
constexpr int kRestoredUndoLimit = 20;
/// Pages "next pending" reads past the loaded rows before it gives up.
constexpr int kNextPendingPages = 25;
/// The run of a "still wrong after run N" entry of the queue box.
constexpr int kQueueRunRole = Qt::UserRole + 1;
/// In the project folder; held while a window has the project open for editing.
constexpr const char* kLockFileName = "project.lock";

QString statusColour(const std::string& status)
{
    if (status == "accepted")
        return QStringLiteral("#1b7a32");
    if (status == "rejected")
        return QStringLiteral("#b0241c");
    return QStringLiteral("#555555");
}

/// A number typed in the person's locale or in C notation; nullopt when blank or not a number
/// (the field then shows red).
std::optional<double> parseBound(QLineEdit* edit)
{
    const QString text = edit->text().trimmed();
    bool ok = text.isEmpty();
    double value = QLocale().toDouble(text, &ok);
    if (!ok)
        value = text.toDouble(&ok);
    edit->setStyleSheet(ok || text.isEmpty() ? QString() : QStringLiteral("color: #b0241c"));
    if (text.isEmpty() || !ok)
        return std::nullopt;
    return value;
}

/// A combo box whose width does not follow its entries (a long model name would otherwise
/// widen the whole list pane); the full text shows in the popup.
void compactCombo(QComboBox* box)
{
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(12);
}

/// An icon drawn from one character, for actions the style has no picture for.
QIcon glyphIcon(const QString& glyph, const QColor& colour)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    QFont font = painter.font();
    font.setPixelSize(28);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(colour);
    painter.drawText(pixmap.rect(), Qt::AlignCenter, glyph);
    return QIcon(pixmap);
}

QAction* makeReviewAction(QWidget* owner, const char* name, const QString& text,
                          const QKeySequence& key, QStyle::StandardPixmap icon)
{
    auto* action = new QAction(owner->style()->standardIcon(icon), text, owner);
    action->setObjectName(QString::fromLatin1(name));
    action->setShortcut(key);
    action->setToolTip(key.isEmpty() ? text
                                     : QStringLiteral("%1 (%2)").arg(
                                           text, key.toString(QKeySequence::NativeText)));
    return action;
}

/// Every score and score failure of a sample's candidates, as text: a new, changed or retried
/// score changes it.
std::string scoresSignature(const std::vector<core::CandidateView>& candidates)
{
    std::string signature;
    for (const core::CandidateView& candidate : candidates) {
        signature += std::to_string(candidate.id) + ':';
        for (const auto& [scorer, value] : candidate.scores)
            signature += scorer + '=' + std::to_string(value) + ';';
        for (const auto& [scorer, reason] : candidate.scoreFailures)
            signature += scorer + "!;";
    }
    return signature;
}

} // namespace

MainWindow::MainWindow(std::unique_ptr<core::Project> project, QWidget* parent)
    : QMainWindow(parent), m_project(std::move(project))
{
    Q_ASSERT(m_project);
    setObjectName(QStringLiteral("mainWindow"));
    m_model = new PairTableModel(*m_project, this);
    m_model->setObjectName(QStringLiteral("pairModel"));
    connect(m_model, &PairTableModel::queryFailed, this, &MainWindow::reportError);
    m_model->setQueue("sample");
    m_editor = std::make_unique<core::PairEditor>(*m_project, annotatorName().toStdString());
    m_undo = new QUndoStack(this);
    m_undo->setObjectName(QStringLiteral("undoStack"));
    acquireProjectLock();

    m_projectActions = new ProjectActions(*m_project, this);
    m_projectActions->setReadOnly(m_readOnlyReason);
    buildActions();
    buildEditActions();

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildReviewTab(), tr("Review"));
    m_stats = new QPlainTextEdit(m_tabs);
    m_stats->setObjectName(QStringLiteral("statsView"));
    m_stats->setReadOnly(true);
    m_stats->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_stats, tr("Statistics"));
    m_dashboard = new DashboardView(m_projectActions->runner(), m_tabs);
    m_dashboard->watch(m_model);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    connect(m_dashboard, &DashboardView::filterRequested, this, &MainWindow::applyDashboardFilter);
    m_history = new HistoryView(*m_project, m_tabs);
    m_history->setObjectName(QStringLiteral("historyView"));
    m_tabs->addTab(m_history, tr("History"));
    m_projectActions->addPipelineMenu(menuBar());
    buildTraining();
    buildEvaluation();
    connect(m_history, &HistoryView::queryFailed, this, &MainWindow::reportError);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_history && m_historyStale) {
            m_history->refresh();
            m_historyStale = false;
        }
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_stats && m_statsStale)
            refreshStats();
    });
    setCentralWidget(m_tabs);

    const QString folder = QString::fromStdString(m_project->dir().filename().string());
    setWindowTitle(tr("%1 — PrefStudio").arg(folder));
    setWindowFilePath(QString::fromStdString(m_project->dir().string()));
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    resize(1280, 800);

    applyFilter();
    restoreUndoHistory();
    // The list's first page was read here, before the window shows; every later filter, order,
    // reload or page is read off the UI thread.
    m_model->setRunner(m_projectActions->runner());
}

MainWindow::~MainWindow()
{
    // The model and views read through m_project: take them down while it still exists.
    m_table->setModel(nullptr);
    delete m_tabs;
    delete m_model;
}

void MainWindow::buildActions()
{
    auto makeAction = [this](const char* name, const QString& text, const QKeySequence& key,
                             QStyle::StandardPixmap icon) {
        auto* action = new QAction(style()->standardIcon(icon), text, this);
        action->setObjectName(QString::fromLatin1(name));
        action->setShortcut(key);
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText)));
        return action;
    };
    m_accept = makeAction("acceptAction", tr("Accept"), QKeySequence(Qt::Key_A),
                          QStyle::SP_DialogApplyButton);
    m_reject = makeAction("rejectAction", tr("Reject"), QKeySequence(Qt::Key_R),
                          QStyle::SP_DialogCancelButton);
    m_pending = makeAction("pendingAction", tr("Mark pending"), QKeySequence(Qt::Key_P),
                           QStyle::SP_DialogResetButton);
    m_next = makeAction("nextAction", tr("Next"), QKeySequence(Qt::Key_J), QStyle::SP_ArrowDown);
    m_previous =
        makeAction("previousAction", tr("Previous"), QKeySequence(Qt::Key_K), QStyle::SP_ArrowUp);
    m_reload =
        makeAction("reloadAction", tr("Reload"), QKeySequence::Refresh, QStyle::SP_BrowserReload);
    connect(m_accept, &QAction::triggered, this, [this] { decide("accepted"); });
    connect(m_reject, &QAction::triggered, this, [this] { decide("rejected"); });
    connect(m_pending, &QAction::triggered, this, [this] { decide("pending"); });
    connect(m_next, &QAction::triggered, this, [this] { moveSelection(1); });
    connect(m_previous, &QAction::triggered, this, [this] { moveSelection(-1); });
    connect(m_reload, &QAction::triggered, this, [this] {
        m_model->reload();
        m_statsStale = true;
        if (m_tabs->currentWidget() == m_stats)
            refreshStats();
    });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_projectActions->addToFileMenu(file);
    connect(m_projectActions, &ProjectActions::pairsChanged, m_reload, &QAction::trigger);
    connect(m_projectActions, &ProjectActions::pairsProgressed, this, &MainWindow::refreshOnScreen);
    connect(m_projectActions, &ProjectActions::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_projectActions, &ProjectActions::thumbnailSizeChanged, this,
            &MainWindow::setThumbnailSize);
    file->addAction(m_reload);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    QMenu* review = menuBar()->addMenu(tr("&Review"));
    m_reviewMenu = review;
    review->addActions({m_accept, m_reject, m_pending});
    review->addSeparator();
    review->addActions({m_previous, m_next});

    QToolBar* bar = addToolBar(tr("Review"));
    m_reviewToolBar = bar;
    bar->setObjectName(QStringLiteral("reviewToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({m_accept, m_reject, m_pending});
    bar->addSeparator();
    bar->addActions({m_previous, m_next});
    bar->addSeparator();
    bar->addAction(m_reload);
}

QWidget* MainWindow::buildFilterBar()
{
    auto* bar = new QWidget;
    bar->setObjectName(QStringLiteral("filterBar"));
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    m_queue = new QComboBox(bar);
    m_queue->setObjectName(QStringLiteral("queueCombo"));
    m_queue->setToolTip(tr("Review queue: the order pairs are listed and visited in"));
    m_queue->addItem(tr("Dataset order"), QStringLiteral("sample"));
    m_queue->addItem(tr("Smallest margin first"), QStringLiteral("least-sure"));
    m_queue->addItem(tr("Flagged first"), QStringLiteral("flagged"));
    m_queue->addItem(tr("Random"), QStringLiteral("random"));
    compactCombo(m_queue);
    m_seed = new QSpinBox(bar);
    m_seed->setObjectName(QStringLiteral("seedSpin"));
    m_seed->setRange(0, 999999);
    m_seed->setPrefix(tr("seed "));
    m_seed->setToolTip(tr("The same seed gives the same random order"));
    m_seed->setVisible(false);
    layout->addWidget(m_queue);
    layout->addWidget(m_seed);
    connect(m_queue, &QComboBox::activated, this, &MainWindow::applyQueue);
    connect(m_seed, &QSpinBox::valueChanged, this, &MainWindow::applyQueue);

    m_statusFilter = new QComboBox(bar);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_statusFilter->addItem(tr("All statuses"));
    m_statusFilter->addItem(tr("Pending"), QStringLiteral("pending"));
    m_statusFilter->addItem(tr("Accepted"), QStringLiteral("accepted"));
    m_statusFilter->addItem(tr("Rejected"), QStringLiteral("rejected"));

    m_flagFilter = new QComboBox(bar);
    m_flagFilter->setObjectName(QStringLiteral("flagFilter"));
    m_flagFilter->addItem(tr("Any flags"));
    m_flagFilter->addItem(tr("Flagged"), kAllFlags);
    for (const auto& info : core::qualityFlagInfos()) {
        m_flagFilter->addItem(QString::fromUtf8(info.name), static_cast<uint>(info.bit));
        m_flagFilter->setItemData(m_flagFilter->count() - 1, QString::fromUtf8(info.description),
                                  Qt::ToolTipRole);
    }

    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Search prompts and answers"));
    m_search->setClearButtonEnabled(true);
    // Typing refines after a short pause instead of querying on every key.
    m_searchDelay = new QTimer(this);
    m_searchDelay->setObjectName(QStringLiteral("searchDelay"));
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);

    m_countLabel = new QLabel(bar);
    m_countLabel->setObjectName(QStringLiteral("pairCountLabel"));
    m_pairScopeChip = new QToolButton(bar);
    m_pairScopeChip->setObjectName(QStringLiteral("pairScopeChip"));
    m_pairScopeChip->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_pairScopeChip->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pairScopeChip->setToolTip(tr("Show every pair again"));
    m_pairScopeChip->setVisible(false);
    connect(m_pairScopeChip, &QToolButton::clicked, this, [this] {
        m_pairScope.reset();
        m_pairScopeChip->setVisible(false);
        applyFilter();
    });

    layout->addWidget(m_statusFilter);
    layout->addWidget(m_flagFilter);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_pairScopeChip);
    layout->addWidget(m_countLabel);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    connect(m_flagFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::applyFilter);
    connect(m_searchDelay, &QTimer::timeout, this, &MainWindow::applyFilter);
    return bar;
}

QWidget* MainWindow::buildInspector()
{
    auto* inspector = new QWidget;
    inspector->setObjectName(QStringLiteral("inspector"));
    auto* layout = new QVBoxLayout(inspector);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* split = new QSplitter(Qt::Vertical, inspector);
    split->setObjectName(QStringLiteral("inspectorSplitter"));
    split->setChildrenCollapsible(false);
    // The generated images sit under the image and share its pane: showing them shrinks the
    // image, not the candidate answers.
    auto* imagePane = new QWidget(split);
    auto* imageLayout = new QVBoxLayout(imagePane);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->setSpacing(2);
    m_image = new ImageView(imagePane);
    m_image->setObjectName(QStringLiteral("imageView"));
    m_generatedImages = new GeneratedImageStrip(m_image->imageCache(), imagePane);
    m_generatedImages->setObjectName(QStringLiteral("generatedImages"));
    connect(m_generatedImages, &GeneratedImageStrip::imageRequested, m_image,
            &ImageView::setImagePath);
    imageLayout->addWidget(m_image, 1);
    imageLayout->addWidget(m_generatedImages);

    auto* details = new QWidget(split);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 4, 0, 0);
    m_prompt = new QLabel(details);
    m_prompt->setObjectName(QStringLiteral("promptLabel"));
    m_prompt->setTextFormat(Qt::PlainText);
    m_prompt->setWordWrap(true);
    m_prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont promptFont = m_prompt->font();
    promptFont.setPointSizeF(promptFont.pointSizeF() * 1.1);
    promptFont.setWeight(QFont::DemiBold);
    m_prompt->setFont(promptFont);
    m_pairInfo = new QLabel(details);
    m_pairInfo->setObjectName(QStringLiteral("pairInfoLabel"));
    m_pairInfo->setTextFormat(Qt::RichText);
    m_pairInfo->setWordWrap(true);
    m_candidates = new CandidateListView(details);
    m_candidates->setObjectName(QStringLiteral("candidateList"));
    connect(m_diff, &QAction::toggled, m_candidates, &CandidateListView::setDiffShown);
    detailsLayout->addWidget(m_prompt);
    detailsLayout->addWidget(m_pairInfo);
    detailsLayout->addWidget(m_candidates, 1);

    split->addWidget(imagePane);
    split->addWidget(details);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);
    return inspector;
}

QWidget* MainWindow::buildReviewTab()
{
    auto* split = new QSplitter(Qt::Horizontal);
    split->setObjectName(QStringLiteral("reviewSplitter"));
    split->setChildrenCollapsible(false);

    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    m_readOnlyBanner = new QLabel(m_readOnlyReason, left);
    m_readOnlyBanner->setObjectName(QStringLiteral("readOnlyBanner"));
    m_readOnlyBanner->setWordWrap(true);
    m_readOnlyBanner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #5c4400; "
                                                   "border: 1px solid #e0c36a; padding: 4px; }"));
    m_readOnlyBanner->setVisible(isReadOnly());
    leftLayout->addWidget(m_readOnlyBanner);
    leftLayout->addWidget(buildFilterBar());
    leftLayout->addWidget(buildMoreFilters());

    m_table = new QTableView(left);
    m_table->setObjectName(QStringLiteral("pairTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(PairTableModel::Prompt, QHeaderView::Stretch);
    m_table->setItemDelegateForColumn(PairTableModel::Prompt, new SearchHighlightDelegate(m_table));
    header->setHighlightSections(false);
    const std::pair<int, int> widths[] = {
        {PairTableModel::Status, 72}, {PairTableModel::Margin, 62},
        {PairTableModel::Flags, 130}, {PairTableModel::Best, 58},
        {PairTableModel::Worst, 58},  {PairTableModel::Candidates, 80}};
    for (const auto& [column, width] : widths)
        header->resizeSection(column, width);
    // No indicator until a header is clicked: the table starts in pair-id order.
    header->setSortIndicator(-1, Qt::AscendingOrder);
    header->setSortIndicatorClearable(true);
    m_table->setSortingEnabled(true);
    leftLayout->addWidget(m_table, 1);
    setThumbnailSize(AppSettings::thumbnailSize());

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showPair(current); });
    // A reset (filter, sort, reload) clears the selection without a signal; keep the pair in
    // the inspector selected when it is still listed. Connected after the view's own handler.
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::restoreSelection);

    auto* right = buildInspector();
    // In the inspector the arrows move through the list as J and K do; the table has its own.
    for (const auto& [key, delta] : {std::pair{Qt::Key_Down, 1}, std::pair{Qt::Key_Up, -1}})
        connect(new QShortcut(QKeySequence(key), right, nullptr, nullptr,
                              Qt::WidgetWithChildrenShortcut),
                &QShortcut::activated, this, [this, delta] { moveSelection(delta); });
    m_image->setRelinkAction(m_relink);
    right->setParent(split);
    right->layout()->setContentsMargins(0, 6, 6, 6);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({760, 500});
    return split;
}

void MainWindow::applyFilter()
{
    m_searchDelay->stop();
    core::PairFilter filter;
    if (const QVariant status = m_statusFilter->currentData(); status.isValid())
        filter.status = status.toString().toStdString();
    if (const QVariant flags = m_flagFilter->currentData(); flags.isValid())
        filter.flagsAny = flags.toUInt();
    if (const QString search = m_search->text().trimmed(); !search.isEmpty())
        filter.search = search.toStdString();
    if (m_originFilter) {
        if (const QVariant origin = m_originFilter->currentData(); origin.isValid())
            filter.origin = origin.toString().toStdString();
        if (const QVariant model = m_modelFilter->currentData(); model.isValid())
            filter.model = model.toString().toStdString();
        filter.marginMin = parseBound(m_marginMin);
        filter.marginMax = parseBound(m_marginMax);
        filter.scoreMin = parseBound(m_scoreMin);
        filter.scoreMax = parseBound(m_scoreMax);
    }
    filter.pairIds = m_pairScope;
    m_model->setFilter(filter);
}

void MainWindow::restoreSelection()
{
    updateCountLabel();
    const int row = m_model->rowOfPair(m_currentPair);
    selectRow(row >= 0 ? row : 0);
}

void MainWindow::updateCountLabel()
{
    const qint64 count = m_model->totalCount();
    m_countLabel->setText(count == 1 ? tr("1 pair") : tr("%1 pairs").arg(count));
}

void MainWindow::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_table->selectionModel()->clear();
        clearInspector();
        return;
    }
    const QModelIndex index = m_model->index(row, PairTableModel::Prompt);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    // setCurrentIndex on the row already current emits nothing; show it anyway (after a reload).
    if (m_model->data(index, PairTableModel::PairIdRole).toLongLong() != m_currentPair)
        showPair(index);
}

void MainWindow::clearInspector()
{
    m_currentPair = -1;
    m_image->clear();
    m_generatedImages->clear();
    m_prompt->setText(m_model->rowCount() == 0 ? tr("No pairs match the filter.") : QString());
    m_pairInfo->clear();
    m_candidates->clear();
    m_candidateIds.clear();
    m_chosenId = m_rejectedId = -1;
    m_pairStatus.clear();
    updateEditActions();
}

void MainWindow::showPair(const QModelIndex& index, bool announce)
{
    if (!index.isValid()) {
        clearInspector();
        return;
    }
    const qint64 pairId = m_model->data(index, PairTableModel::PairIdRole).toLongLong();
    core::PairDetail detail;
    std::vector<core::CandidateView> candidates;
    std::string scorer;
    core::SampleImageCandidates generatedImages;
    try {
        detail = core::pairDetail(*m_project, pairId);
        candidates = core::candidatesOfSample(*m_project, detail.row.sampleId);
        generatedImages = core::imageCandidatesOfSample(*m_project, detail.row.sampleId);
        scorer = core::rankingScorer(*m_project);
    } catch (const core::Error& e) {
        clearInspector();
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    m_currentPair = pairId;
    const core::PairRow& row = detail.row;
    m_image->setImagePath(QString::fromStdString(row.imagePath));
    m_generatedImages->setCandidates(generatedImages);
    prefetchImagesAround(index.row());
    m_prompt->setText(QString::fromStdString(row.prompt));

    QStringList facts;
    facts << tr("Pair %1").arg(row.pairId);
    facts << QStringLiteral("<b style='color:%1'>%2</b>")
                 .arg(statusColour(row.status), QString::fromStdString(row.status));
    facts << (row.margin ? tr("margin %1").arg(*row.margin, 0, 'f', 3) : tr("no margin"));
    facts << tr("origin %1").arg(QString::fromStdString(row.origin).toHtmlEscaped());
    if (row.flags)
        facts << QStringLiteral("<span style='color:#9a5b00'>%1</span>")
                     .arg(tr("flags: %1").arg(PairTableModel::flagText(row.flags)));
    QString info = facts.join(QStringLiteral(" · "));
    if (detail.note && !detail.note->empty())
        info += QStringLiteral("<br><i>%1</i>")
                    .arg(QString::fromStdString(*detail.note).toHtmlEscaped());
    m_pairInfo->setText(info);
    m_candidates->setCandidates(candidates, detail.chosenId, detail.rejectedId,
                                QString::fromStdString(scorer));
    m_candidateIds.clear();
    m_shownScores = scoresSignature(candidates);
    for (const core::CandidateView& candidate : candidates)
        m_candidateIds.push_back(candidate.id);
    m_chosenId = detail.chosenId;
    m_rejectedId = detail.rejectedId;
    m_pairStatus = QString::fromStdString(row.status);
    updateEditActions();
    if (announce)
        statusBar()->showMessage(tr("Pair %1 of sample %2").arg(row.pairId).arg(row.sampleId));
}

void MainWindow::refreshOnScreen()
{
    if (m_model->isLoading() || m_model->rowCount() == 0)
        return;
    const int first = std::max(0, m_table->rowAt(0));
    int last = m_table->rowAt(m_table->viewport()->height() - 1);
    if (last < 0)
        last = m_model->rowCount() - 1;
    for (int row = first; row <= last; ++row)
        m_model->refreshPair(m_model->pairRow(row).pairId);
    if (m_currentPair < 0)
        return;
    std::string scores;
    try {
        const core::PairDetail detail = core::pairDetail(*m_project, m_currentPair);
        scores = scoresSignature(core::candidatesOfSample(*m_project, detail.row.sampleId));
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    if (scores == m_shownScores)
        return;
    // Redrawn in place: the status bar keeps what it said.
    showPair(m_table->currentIndex(), false);
}

void MainWindow::prefetchImagesAround(int row)
{
    // The reviewer mostly moves down the list: decode the next few ahead, then the one back.
    QStringList paths;
    for (int offset : {1, 2, 3, -1}) {
        const int other = row + offset;
        if (other >= 0 && other < m_model->rowCount())
            paths << QString::fromStdString(m_model->pairRow(other).imagePath);
    }
    m_image->imageCache()->prefetch(paths);
}

void MainWindow::decide(const char* status)
{
    if (m_currentPair < 0)
        return;
    const qint64 pairId = m_currentPair;
    const std::string target = status;
    const std::string action = target == "accepted"   ? "accept"
                               : target == "rejected" ? "reject"
                                                      : "reset";
    if (!pushEdit(describePairChange(action, pairId), [pairId, target](core::PairEditor& editor) {
            return editor.setStatus(pairId, target);
        }))
        return;
    const int row = m_table->currentIndex().row();
    // Move on to the next pair, as a reviewer works down the list; at the end stay put.
    if (row + 1 < m_model->rowCount() || m_model->hasUnloadedRows())
        moveSelection(1);
    else
        showPair(m_table->currentIndex());
    statusBar()->showMessage(tr("Pair %1 is now %2").arg(pairId).arg(QLatin1String(status)), 5000);
}

void MainWindow::moveSelection(int delta)
{
    const int current = m_table->currentIndex().row();
    int target = current < 0 ? 0 : current + delta;
    while (target >= m_model->rowCount() && m_model->hasUnloadedRows())
        m_model->fetchMoreNow();
    target = std::clamp(target, 0, std::max(0, m_model->rowCount() - 1));
    if (target != current)
        selectRow(target);
}

void MainWindow::refreshStats()
{
    try {
        m_stats->setPlainText(QString::fromStdString(core::computeStats(*m_project).toText()));
        m_statsStale = false;
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::reportError(const QString& message)
{
    statusBar()->showMessage(tr("Error: %1").arg(message));
    qWarning("%s", qPrintable(message));
}

void MainWindow::applyDashboardFilter(const DashboardFilter& filter)
{
    showPairsMatching(filter.toPairFilter());
    m_tabs->setCurrentIndex(0);
}

// ---- Review edits, undo, queue, relink and the project lock -----------------------------

void MainWindow::acquireProjectLock()
{
    const QString file = QDir(QString::fromStdString(m_project->dir().string()))
                             .filePath(QString::fromLatin1(kLockFileName));
    m_lock = std::make_unique<QLockFile>(file);
    // Only a running process holds the lock: the file of one that crashed is stale at once.
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0))
        return;
    qint64 pid = 0;
    QString host;
    QString application;
    if (m_lock->error() == QLockFile::LockFailedError &&
        m_lock->getLockInfo(&pid, &host, &application))
        m_readOnlyReason = tr("Read-only: this project is open in another PrefStudio window "
                              "(process %1 on %2). Close it there to review here.")
                               .arg(pid)
                               .arg(host);
    else
        m_readOnlyReason = tr("Read-only: cannot create the lock file %1 (is the project folder "
                              "read-only?).")
                               .arg(file);
    m_lock.reset();
    m_editor->setReadOnly(m_readOnlyReason.toStdString());
    // The connection refuses writes too, so no code path can change the other window's data.
    try {
        m_project->db().execute("PRAGMA query_only = 1");
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::buildEditActions()
{
    m_swap = makeReviewAction(this, "swapAction", tr("Swap chosen/rejected"),
                              QKeySequence(Qt::Key_S), QStyle::SP_BrowserReload);
    m_swap->setIcon(
        QIcon::fromTheme(QStringLiteral("object-flip-vertical"),
                         glyphIcon(QStringLiteral("⇅"), palette().color(QPalette::Text))));
    m_swap->setIconText(tr("Swap"));
    m_editText = makeReviewAction(this, "editTextAction", tr("Edit answer…"),
                                  QKeySequence(Qt::Key_E), QStyle::SP_FileDialogDetailedView);
    m_note = makeReviewAction(this, "noteAction", tr("Note…"), QKeySequence(Qt::Key_C),
                              QStyle::SP_FileDialogInfoView);
    m_nextPending = makeReviewAction(this, "nextPendingAction", tr("Next pending"),
                                     QKeySequence(Qt::Key_N), QStyle::SP_MediaSkipForward);
    m_relink = makeReviewAction(this, "relinkAction", tr("Relink images folder…"), {},
                                QStyle::SP_DirOpenIcon);
    m_diff = makeReviewAction(this, "diffAction", tr("Show word diff"), QKeySequence(Qt::Key_D),
                              QStyle::SP_FileDialogContentsView);
    m_diff->setIconText(tr("Diff"));
    m_diff->setToolTip(tr("Mark the words only the chosen or only the rejected answer has (D)"));
    m_diff->setCheckable(true);
    m_generate = makeReviewAction(this, "generateAction", tr("Generate candidates…"),
                                  QKeySequence(Qt::CTRL | Qt::Key_G), QStyle::SP_MediaPlay);
    m_generate->setToolTip(tr("Generate candidate answers with a local model (the demo policy by "
                              "default), as a job"));
    m_score = makeReviewAction(this, "scoreAction", tr("Score candidates…"), {},
                               QStyle::SP_MediaSeekForward);
    m_score->setToolTip(tr("Score the candidates with a local reward model, a scorer program "
                           "or a judge server, as a job"));
    connect(m_score, &QAction::triggered, m_projectActions, &ProjectActions::openScoreDialog);
    connect(m_generate, &QAction::triggered, this, [this] {
        const int row = m_table->currentIndex().row();
        m_projectActions->openGenerateDialog(
            row >= 0 && row < m_model->rowCount() ? m_model->pairRow(row).sampleId : -1);
    });
    m_relink->setToolTip(tr("Find missing image files under a folder you choose"));
    m_undoAction =
        makeReviewAction(this, "undoAction", tr("Undo"), QKeySequence::Undo, QStyle::SP_ArrowBack);
    m_redoAction =
        makeReviewAction(this, "redoAction", tr("Redo"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QStyle::SP_ArrowForward);
    m_redoAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_undoAction->setEnabled(false);
    m_redoAction->setEnabled(false);
    connect(m_undo, &QUndoStack::canUndoChanged, m_undoAction, &QAction::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, m_redoAction, &QAction::setEnabled);
    connect(m_undo, &QUndoStack::undoTextChanged, this, [this](const QString& text) {
        m_undoAction->setText(text.isEmpty() ? tr("Undo") : tr("Undo %1").arg(text));
    });
    connect(m_undo, &QUndoStack::redoTextChanged, this, [this](const QString& text) {
        m_redoAction->setText(text.isEmpty() ? tr("Redo") : tr("Redo %1").arg(text));
    });
    // The name is read before each step: it may have been changed in the settings meanwhile.
    connect(m_undoAction, &QAction::triggered, this, [this] {
        m_editor->setAnnotator(annotatorName().toStdString());
        m_undo->undo();
    });
    connect(m_redoAction, &QAction::triggered, this, [this] {
        m_editor->setAnnotator(annotatorName().toStdString());
        m_undo->redo();
    });
    connect(m_swap, &QAction::triggered, this, [this] {
        if (m_currentPair < 0)
            return;
        const qint64 pairId = m_currentPair;
        pushEdit(describePairChange("swap", pairId),
                 [pairId](core::PairEditor& editor) { return editor.swap(pairId); });
    });
    connect(m_editText, &QAction::triggered, this, &MainWindow::editCandidateText);
    connect(m_note, &QAction::triggered, this, &MainWindow::editNote);
    connect(m_nextPending, &QAction::triggered, this, &MainWindow::nextPending);
    connect(m_relink, &QAction::triggered, this, &MainWindow::relinkImages);

    // Shift+digit arrives as the shifted symbol on some platforms; US layout symbols as well.
    const Qt::Key shifted[] = {Qt::Key_Exclam,    Qt::Key_At,       Qt::Key_NumberSign,
                               Qt::Key_Dollar,    Qt::Key_Percent,  Qt::Key_AsciiCircum,
                               Qt::Key_Ampersand, Qt::Key_Asterisk, Qt::Key_ParenLeft};
    auto* chooseMenu = new QMenu(tr("Make answer chosen"), this);
    chooseMenu->setObjectName(QStringLiteral("chooseMenu"));
    auto* rejectMenu = new QMenu(tr("Make answer rejected"), this);
    rejectMenu->setObjectName(QStringLiteral("rejectMenu"));
    for (int number = 1; number <= CandidateListView::kNumberedCandidates; ++number) {
        const auto digit = static_cast<Qt::Key>(Qt::Key_0 + number);
        const QByteArray chooseName = "chooseCandidate" + QByteArray::number(number);
        const QByteArray rejectName = "rejectCandidate" + QByteArray::number(number);
        QAction* choose =
            makeReviewAction(this, chooseName.constData(), tr("Answer %1 chosen").arg(number),
                             QKeySequence(digit), QStyle::SP_DialogYesButton);
        QAction* reject =
            makeReviewAction(this, rejectName.constData(), tr("Answer %1 rejected").arg(number),
                             QKeySequence(Qt::SHIFT | digit), QStyle::SP_DialogNoButton);
        reject->setShortcuts(
            {QKeySequence(Qt::SHIFT | digit), QKeySequence(Qt::SHIFT | shifted[number - 1])});
        connect(choose, &QAction::triggered, this, [this, number] { pickCandidate(number, true); });
        connect(reject, &QAction::triggered, this,
                [this, number] { pickCandidate(number, false); });
        addAction(choose);
        addAction(reject);
        chooseMenu->addAction(choose);
        rejectMenu->addAction(reject);
        m_chooseActions.push_back(choose);
        m_rejectActions.push_back(reject);
    }

    QMenu* edit = new QMenu(tr("&Edit"), this);
    edit->setObjectName(QStringLiteral("editMenu"));
    menuBar()->insertMenu(m_reviewMenu->menuAction(), edit);
    edit->addActions({m_undoAction, m_redoAction});
    edit->addSeparator();
    edit->addActions({m_editText, m_note});

    m_reviewMenu->addAction(m_nextPending);
    m_reviewMenu->addSeparator();
    m_reviewMenu->addAction(m_swap);
    m_reviewMenu->addMenu(chooseMenu);
    m_reviewMenu->addMenu(rejectMenu);
    m_reviewMenu->addActions({m_editText, m_note});
    m_reviewMenu->addSeparator();
    m_reviewMenu->addActions({m_diff, m_relink});
    m_reviewMenu->addSeparator();
    m_reviewMenu->addAction(m_generate);
    m_reviewMenu->addAction(m_score);

    // Inserted before Reload, which stays last.
    QToolBar* bar = m_reviewToolBar;
    bar->insertAction(m_reload, m_nextPending);
    bar->insertSeparator(m_reload);
    bar->insertAction(m_reload, m_swap);
    for (QMenu* menu : {chooseMenu, rejectMenu}) {
        auto* button = new QToolButton(bar);
        button->setObjectName(menu == chooseMenu ? QStringLiteral("chooseButton")
                                                 : QStringLiteral("rejectButton"));
        button->setText(menu == chooseMenu ? tr("Chosen 1–9") : tr("Rejected ⇧1–9"));
        button->setToolTip(menu->title());
        button->setIcon(style()->standardIcon(menu == chooseMenu ? QStyle::SP_DialogYesButton
                                                                 : QStyle::SP_DialogNoButton));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setPopupMode(QToolButton::InstantPopup);
        button->setMenu(menu);
        bar->insertWidget(m_reload, button);
    }
    bar->insertActions(m_reload, {m_editText, m_note, m_diff});
    bar->insertSeparator(m_reload);
    bar->insertActions(m_reload, {m_undoAction, m_redoAction});
    bar->insertSeparator(m_reload);
    // Decisions keep their words; moving, undo and reload are known by their icons.
    for (QAction* action :
         {m_previous, m_next, m_nextPending, m_undoAction, m_redoAction, m_reload})
        if (auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
}

QWidget* MainWindow::buildMoreFilters()
{
    auto* bar = new QWidget;
    bar->setObjectName(QStringLiteral("moreFilters"));
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);

    m_originFilter = new QComboBox(bar);
    m_originFilter->setObjectName(QStringLiteral("originFilter"));
    m_originFilter->addItem(tr("Any origin"));
    m_modelFilter = new QComboBox(bar);
    m_modelFilter->setObjectName(QStringLiteral("modelFilter"));
    m_modelFilter->addItem(tr("Any model"));
    loadFilterChoices();
    m_modelFilter->setToolTip(tr("Pairs whose chosen or rejected answer came from this model"));
    m_originFilter->setToolTip(tr("Pairs made by this policy, import or person"));
    // Filled later, off the UI thread: a fixed width keeps the layout (and the remembered
    // splitter sizes) the same whenever the choices arrive.
    compactCombo(m_originFilter);
    compactCombo(m_modelFilter);

    auto boundEdit = [bar](const char* name, const QString& placeholder) {
        auto* edit = new QLineEdit(bar);
        edit->setObjectName(QString::fromLatin1(name));
        edit->setPlaceholderText(placeholder);
        edit->setClearButtonEnabled(true);
        edit->setMaximumWidth(80);
        return edit;
    };
    m_marginMin = boundEdit("marginMinEdit", tr("min"));
    m_marginMax = boundEdit("marginMaxEdit", tr("max"));
    m_scoreMin = boundEdit("scoreMinEdit", tr("min"));
    m_scoreMax = boundEdit("scoreMaxEdit", tr("max"));
    auto* marginLabel = new QLabel(tr("Margin"), bar);
    auto* scoreLabel = new QLabel(tr("Reward"), bar);
    scoreLabel->setToolTip(tr("The chosen answer's score by the ranking scorer"));

    layout->addWidget(m_originFilter);
    layout->addWidget(m_modelFilter);
    layout->addSpacing(8);
    layout->addWidget(marginLabel);
    layout->addWidget(m_marginMin);
    layout->addWidget(new QLabel(QStringLiteral("–"), bar));
    layout->addWidget(m_marginMax);
    layout->addSpacing(8);
    layout->addWidget(scoreLabel);
    layout->addWidget(m_scoreMin);
    layout->addWidget(new QLabel(QStringLiteral("–"), bar));
    layout->addWidget(m_scoreMax);
    layout->addStretch(1);

    connect(m_originFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    connect(m_modelFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    for (QLineEdit* edit : {m_marginMin, m_marginMax, m_scoreMin, m_scoreMax})
        connect(edit, &QLineEdit::editingFinished, this, &MainWindow::applyFilter);
    return bar;
}

void MainWindow::buildTraining()
{
    m_training = new TrainingView(m_projectActions->runner(), m_tabs);
    m_tabs->addTab(m_training, tr("Training"));
    m_training->setReadOnly(m_readOnlyReason);
    m_train = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Train (DPO)…"), this);
    m_train->setObjectName(QStringLiteral("trainAction"));
    m_train->setToolTip(tr("Train the base model on the reviewed pairs with DPO, as a job"));
    m_train->setEnabled(!isReadOnly());
    connect(m_train, &QAction::triggered, m_projectActions, &ProjectActions::openTrainingDialog);
    m_training->addTrainAction(m_train);
    QMenu* menu = new QMenu(tr("&Training"), this);
    menu->setObjectName(QStringLiteral("trainingMenu"));
    menuBar()->addMenu(menu);
    menu->addAction(m_train);
    m_handoff = new QAction(tr("Hand Off to TRL or LLaMA-Factory…"), this);
    m_handoff->setObjectName(QStringLiteral("handoffAction"));
    m_handoff->setToolTip(tr("Export the pairs with a TRL or LLaMA-Factory DPO config of the same "
                             "hyper-parameters, for a cluster; run it here or elsewhere and "
                             "chart its metrics"));
    m_handoff->setEnabled(!isReadOnly());
    connect(m_handoff, &QAction::triggered, m_projectActions, &ProjectActions::openHandoffDialog);
    menu->addAction(m_handoff);
    QAction* show = menu->addAction(tr("Show Training Runs"));
    show->setObjectName(QStringLiteral("showTrainingAction"));
    connect(show, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_training); });

    connect(m_projectActions, &ProjectActions::trainingStarted, m_training,
            &TrainingView::watchJob);
    connect(m_projectActions, &ProjectActions::trainingStarted, this,
            [this] { m_tabs->setCurrentWidget(m_training); });
    connect(m_training, &TrainingView::resumeRequested, m_projectActions,
            &ProjectActions::resumeTraining);
    connect(m_training, &TrainingView::finishRequested, m_projectActions,
            &ProjectActions::finishTraining);
    connect(m_training, &TrainingView::stillWrongRequested, this, &MainWindow::showStillWrongQueue);
    connect(m_training, &TrainingView::runsRefreshed, this, &MainWindow::updateStillWrongQueues);
}

void MainWindow::buildEvaluation()
{
    m_evaluation = new EvaluationView(m_projectActions->runner(),
                                      QString::fromStdString(m_project->dir().string()), m_tabs);
    m_tabs->addTab(m_evaluation, tr("Evaluation"));
    m_evaluation->setReadOnly(m_readOnlyReason);
    m_runBenchmarks =
        new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run benchmarks…"), this);
    m_runBenchmarks->setObjectName(QStringLiteral("runBenchmarksAction"));
    m_runBenchmarks->setToolTip(tr("Run hallucination benchmarks on the demo policy, a "
                                   "checkpoint, training runs or a server, as jobs"));
    m_runBenchmarks->setEnabled(!isReadOnly());
    connect(m_runBenchmarks, &QAction::triggered, m_evaluation, &EvaluationView::openDialog);
    m_evaluation->addRunAction(m_runBenchmarks);
    QMenu* menu = new QMenu(tr("E&valuation"), this);
    menu->setObjectName(QStringLiteral("evaluationMenu"));
    menuBar()->addMenu(menu);
    menu->addAction(m_runBenchmarks);
    m_importEvalResults = menu->addAction(tr("Import Results…"));
    m_importEvalResults->setObjectName(QStringLiteral("importEvalResultsAction"));
    m_importEvalResults->setToolTip(tr("Store benchmark results made elsewhere (PrefStudio's "
                                       "results.json or lmms-eval's) as an eval run"));
    m_importEvalResults->setEnabled(!isReadOnly());
    connect(m_importEvalResults, &QAction::triggered, m_evaluation, &EvaluationView::openImport);
    QAction* show = menu->addAction(tr("Show Evaluation Results"));
    show->setObjectName(QStringLiteral("showEvaluationAction"));
    connect(show, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_evaluation); });

    connect(m_evaluation, &EvaluationView::trainingPairsRequested, this,
            &MainWindow::showTrainingPairs);
    connect(m_evaluation, &EvaluationView::trainingRunRequested, this, [this](qint64 runId) {
        m_tabs->setCurrentWidget(m_training);
        m_training->selectRuns({runId});
    });
    connect(m_evaluation, &EvaluationView::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    // Runs stored by prefstudio-cli meanwhile show up when the tab is opened.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_evaluation)
            m_evaluation->refresh();
    });
}

void MainWindow::showTrainingPairs(qint64 runId, const QString& object)
{
    core::PairFilter filter;
    filter.search = object.toStdString();
    try {
        // Exactly the pairs the run trained on (its snapshot), those that mention the object.
        core::PairFilter scoped = filter;
        scoped.pairIds = core::trainingPairsOfRun(*m_project, runId).trained;
        showPairsMatching(scoped);
        m_pairScopeChip->setText(tr("Trained by run %1").arg(runId));
        m_tabs->setCurrentIndex(0);
        const core::TrainingPairMatches matches =
            core::matchTrainingPairs(*m_project, runId, filter);
        const QString message = tr("%n pair(s) mention “%1”; run %2 trained on %3 of them and "
                                   "held out %4.",
                                   nullptr, int(matches.matching))
                                    .arg(object)
                                    .arg(runId)
                                    .arg(matches.trained)
                                    .arg(matches.heldOut);
        // After the list is in: showing its first pair writes the status bar too.
        if (m_model->isLoading())
            connect(
                m_model, &PairTableModel::loaded, this,
                [this, message] { statusBar()->showMessage(message); }, Qt::SingleShotConnection);
        else
            statusBar()->showMessage(message);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::updateStillWrongQueues()
{
    for (const core::RunSummary& run : m_training->runModel()->runs()) {
        if (run.pairsWrong <= 0)
            continue;
        bool listed = false;
        for (int i = 0; i < m_queue->count() && !listed; ++i)
            listed = m_queue->itemData(i, kQueueRunRole).toLongLong() == run.id;
        if (listed)
            continue;
        m_queue->addItem(tr("Still wrong after run %1").arg(run.id), QStringLiteral("still-wrong"));
        m_queue->setItemData(m_queue->count() - 1, qint64(run.id), kQueueRunRole);
        m_queue->setItemData(m_queue->count() - 1,
                             tr("Pairs %1 still ranks wrong (%2), worst first")
                                 .arg(QString::fromStdString(run.name))
                                 .arg(run.pairsWrong),
                             Qt::ToolTipRole);
    }
}

void MainWindow::showStillWrongQueue(qint64 runId)
{
    updateStillWrongQueues();
    for (int i = 0; i < m_queue->count(); ++i) {
        if (m_queue->itemData(i, kQueueRunRole).toLongLong() != runId)
            continue;
        m_queue->setCurrentIndex(i);
        applyQueue();
        m_tabs->setCurrentIndex(0);
        return;
    }
    reportError(tr("Run %1 has measured no pair it still ranks wrong.").arg(runId));
}

void MainWindow::applyQueue()
{
    const QString key = m_queue->currentData().toString();
    m_seed->setVisible(key == QLatin1String("random"));
    {
        // The queue replaces a column sort: clear the header's arrow without sorting again.
        QHeaderView* header = m_table->horizontalHeader();
        const QSignalBlocker blocker(header);
        header->setSortIndicator(-1, Qt::AscendingOrder);
        header->viewport()->update();
    }
    std::optional<std::int64_t> run;
    if (key == QLatin1String("still-wrong"))
        run = m_queue->currentData(kQueueRunRole).toLongLong();
    m_model->setQueue(key.toStdString(), static_cast<std::uint64_t>(m_seed->value()), run);
}

void MainWindow::showPairsMatching(const core::PairFilter& filter)
{
    auto select = [](QComboBox* box, const std::optional<std::string>& value) {
        const QSignalBlocker blocker(box);
        if (!value) {
            box->setCurrentIndex(0);
            return;
        }
        const QString text = QString::fromStdString(*value);
        int index = box->findData(text);
        if (index < 0) {
            box->addItem(text, text);
            index = box->count() - 1;
        }
        box->setCurrentIndex(index);
    };
    auto setBound = [](QLineEdit* edit, const std::optional<double>& value) {
        const QSignalBlocker blocker(edit);
        edit->setText(value ? QLocale().toString(*value, 'g', 10) : QString());
    };
    select(m_statusFilter, filter.status);
    {
        const QSignalBlocker blocker(m_flagFilter);
        int index = 0;
        if (filter.flagsAny)
            index = std::max(0, m_flagFilter->findData(static_cast<uint>(*filter.flagsAny)));
        m_flagFilter->setCurrentIndex(index);
    }
    select(m_originFilter, filter.origin);
    select(m_modelFilter, filter.model);
    setBound(m_marginMin, filter.marginMin);
    setBound(m_marginMax, filter.marginMax);
    setBound(m_scoreMin, filter.scoreMin);
    setBound(m_scoreMax, filter.scoreMax);
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(filter.search ? QString::fromStdString(*filter.search) : QString());
    }
    m_pairScope = filter.pairIds;
    m_pairScopeChip->setVisible(m_pairScope.has_value());
    applyFilter();
}

void MainWindow::setThumbnailSize(int pixels)
{
    m_model->setThumbnailSize(pixels);
    m_table->verticalHeader()->setDefaultSectionSize(
        std::max(m_table->fontMetrics().height() + 8, pixels + 4));
    m_table->horizontalHeader()->resizeSection(PairTableModel::Thumbnail, pixels + 10);
}

void MainWindow::updateEditActions()
{
    if (!m_swap)
        return;
    const bool editable = !isReadOnly() && m_currentPair >= 0;
    m_accept->setEnabled(editable && m_pairStatus != QLatin1String("accepted"));
    m_reject->setEnabled(editable && m_pairStatus != QLatin1String("rejected"));
    m_pending->setEnabled(editable && m_pairStatus != QLatin1String("pending"));
    m_swap->setEnabled(editable);
    m_note->setEnabled(editable);
    m_editText->setEnabled(editable && !m_candidateIds.empty());
    m_relink->setEnabled(!isReadOnly());
    m_generate->setEnabled(!isReadOnly());
    m_score->setEnabled(!isReadOnly());
    if (m_train)
        m_train->setEnabled(!isReadOnly());
    if (m_handoff)
        m_handoff->setEnabled(!isReadOnly());
    if (m_runBenchmarks)
        m_runBenchmarks->setEnabled(!isReadOnly());
    if (m_importEvalResults)
        m_importEvalResults->setEnabled(!isReadOnly());
    for (std::size_t k = 0; k < m_chooseActions.size(); ++k) {
        const bool exists = k < m_candidateIds.size();
        m_chooseActions[k]->setEnabled(editable && exists && m_candidateIds[k] != m_chosenId);
        m_rejectActions[k]->setEnabled(editable && exists && m_candidateIds[k] != m_rejectedId);
    }
}

QString MainWindow::annotatorName() const
{
    // Empty: the editor falls back to the project's annotator setting, then $USER.
    return AppSettings::annotatorName();
}

bool MainWindow::pushEdit(const QString& text,
                          std::function<core::PairChange(core::PairEditor&)> edit)
{
    if (isReadOnly()) {
        reportError(m_readOnlyReason);
        return false;
    }
    m_editor->setAnnotator(annotatorName().toStdString());
    const int before = m_undo->index();
    m_undo->push(new PairEditCommand(
        *m_editor, text, std::move(edit),
        [this](const core::PairChange& change, bool undone) { editApplied(change, undone); },
        [this](const QString& message) { reportError(message); }));
    // A command that failed or changed nothing removed itself from the stack.
    return m_undo->index() == before + 1;
}

void MainWindow::editApplied(const core::PairChange& change, bool undone)
{
    const qint64 pairId = change.pairId();
    m_model->refreshPair(pairId);
    // New values an edit brings (origin "human", model "human-edit") become filter choices.
    addFilterChoice(m_originFilter, change.after.origin);
    if (change.created)
        addFilterChoice(m_modelFilter, change.created->model);
    m_statsStale = true;
    m_historyStale = true;
    if (m_tabs && m_tabs->currentWidget() == m_history) {
        m_history->refresh();
        m_historyStale = false;
    }
    if (pairId == m_currentPair) {
        showPair(m_table->currentIndex());
    } else if (const int row = m_model->rowOfPair(pairId); row >= 0) {
        // Undo and redo bring the pair they changed into view.
        selectRow(row);
    } else {
        statusBar()->showMessage(
            tr("Pair %1 changed; it is not in the list as filtered now").arg(pairId), 5000);
        return;
    }
    statusBar()->showMessage(
        undone ? tr("Undone on pair %1").arg(pairId) : tr("Saved pair %1").arg(pairId), 3000);
}

void MainWindow::restoreUndoHistory()
{
    if (isReadOnly()) {
        setWindowTitle(windowTitle() + tr(" [read-only]"));
        statusBar()->showMessage(m_readOnlyReason);
        return;
    }
    std::vector<core::PairChange> changes;
    try {
        changes = m_editor->undoableChanges(kRestoredUndoLimit);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    // Oldest first, so that Ctrl+Z takes back the newest.
    for (auto it = changes.rbegin(); it != changes.rend(); ++it)
        m_undo->push(new PairEditCommand(
            *m_editor, describePairChange(it->action, it->pairId()), *it,
            [this](const core::PairChange& change, bool undone) { editApplied(change, undone); },
            [this](const QString& message) { reportError(message); }));
    m_undo->setClean();
    if (!changes.empty())
        statusBar()->showMessage(tr("%n edit(s) of your last session can be undone with Ctrl+Z.",
                                    nullptr, static_cast<int>(changes.size())),
                                 10000);
}

void MainWindow::pickCandidate(int number, bool asChosen)
{
    const auto index = static_cast<std::size_t>(number - 1);
    if (m_currentPair < 0 || index >= m_candidateIds.size())
        return;
    const qint64 pairId = m_currentPair;
    const qint64 id = m_candidateIds[index];
    if (id == (asChosen ? m_chosenId : m_rejectedId))
        return;
    // The other side's answer: what is meant is the swap.
    if (id == (asChosen ? m_rejectedId : m_chosenId)) {
        pushEdit(describePairChange("swap", pairId),
                 [pairId](core::PairEditor& editor) { return editor.swap(pairId); });
        return;
    }
    pushEdit(describePairChange(asChosen ? "set-chosen" : "set-rejected", pairId),
             [pairId, id, asChosen](core::PairEditor& editor) {
                 return asChosen ? editor.setChosen(pairId, id) : editor.setRejected(pairId, id);
             });
}

void MainWindow::editCandidateText()
{
    if (m_currentPair < 0 || isReadOnly())
        return;
    const qint64 pairId = m_currentPair;
    std::vector<core::CandidateView> candidates;
    try {
        candidates =
            core::candidatesOfSample(*m_project, core::pairDetail(*m_project, pairId).row.sampleId);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    auto* dialog = new CandidateTextDialog(candidates, m_chosenId, m_rejectedId, m_chosenId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, pairId] {
        const qint64 candidateId = dialog->candidateId();
        const std::string text = dialog->text().toStdString();
        pushEdit(describePairChange("edit-text", pairId),
                 [pairId, candidateId, text](core::PairEditor& editor) {
                     return editor.editCandidateText(pairId, candidateId, text);
                 });
    });
    dialog->open();
}

void MainWindow::editNote()
{
    if (m_currentPair < 0 || isReadOnly())
        return;
    const qint64 pairId = m_currentPair;
    QString note;
    try {
        note = QString::fromStdString(core::pairDetail(*m_project, pairId).note.value_or(""));
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("noteDialog"));
    dialog->setWindowTitle(tr("Note on pair %1").arg(pairId));
    dialog->setLabelText(tr("Note (leave empty to remove it):"));
    dialog->setOption(QInputDialog::UsePlainTextEditForTextInput);
    dialog->setTextValue(note);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, pairId](const QString& text) {
        const std::string value = text.toStdString();
        pushEdit(describePairChange("note", pairId), [pairId, value](core::PairEditor& editor) {
            return editor.setNote(pairId, value);
        });
    });
    dialog->open();
}

void MainWindow::nextPending()
{
    const int current = m_table->currentIndex().row();
    auto pending = [this](int row) { return m_model->pairRow(row).status == "pending"; };
    int pages = 0;
    for (int row = current + 1;; ++row) {
        while (row >= m_model->rowCount() && m_model->hasUnloadedRows() &&
               pages < kNextPendingPages) {
            m_model->fetchMoreNow();
            ++pages;
        }
        if (row >= m_model->rowCount())
            break;
        if (pending(row)) {
            selectRow(row);
            return;
        }
    }
    for (int row = 0; row < current; ++row) {
        if (pending(row)) {
            selectRow(row);
            statusBar()->showMessage(tr("Continued from the top of the list"), 3000);
            return;
        }
    }
    statusBar()->showMessage(tr("No other pending pair in the loaded part of this list"), 5000);
}

void MainWindow::relinkImages()
{
    if (isReadOnly()) {
        reportError(m_readOnlyReason);
        return;
    }
    auto* dialog = new QFileDialog(this, tr("Folder that holds the project's images"),
                                   QString::fromStdString(m_project->dir().string()));
    dialog->setObjectName(QStringLiteral("relinkDialog"));
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::relinkImagesFrom);
    dialog->open();
}

void MainWindow::relinkImagesFrom(const QString& folder)
{
    core::RelinkResult result;
    try {
        m_editor->setAnnotator(annotatorName().toStdString());
        result = m_editor->relinkImages(folder.toStdString());
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    QString message =
        result.missing == 0
            ? tr("No image file is missing.")
            : tr("Relinked %1 of %2 missing images.").arg(result.relinked).arg(result.missing);
    if (result.mismatched > 0)
        message +=
            QLatin1Char(' ') +
            tr("%1 files had the right name but other content; left alone.").arg(result.mismatched);
    statusBar()->showMessage(message, 10000);
    // Files may also have been put back by hand: decode everything again.
    m_image->imageCache()->clear();
    if (result.relinked == 0) {
        showPair(m_table->currentIndex());
        return;
    }
    m_historyStale = true;
    m_model->reload();
    showPair(m_table->currentIndex());
}

void MainWindow::loadFilterChoices()
{
    struct Choices
    {
        std::vector<std::string> origins;
        std::vector<std::string> models;
        QString error;
    };
    // On a connection of its own: listing the models reads every answer of the project.
    const std::filesystem::path file = m_project->db().file();
    QtConcurrent::run([file] {
        Choices choices;
        try {
            core::Database db(file, core::Database::Mode::ReadOnly);
            choices.origins = core::pairOrigins(db);
            choices.models = core::candidateModels(db);
        } catch (const core::Error& e) {
            choices.error = QString::fromUtf8(e.what());
        }
        return choices;
    }).then(this, [this](const Choices& choices) {
        if (!choices.error.isEmpty())
            reportError(choices.error);
        for (const std::string& origin : choices.origins)
            addFilterChoice(m_originFilter, origin);
        for (const std::string& model : choices.models)
            addFilterChoice(m_modelFilter, model);
    });
}

void MainWindow::addFilterChoice(QComboBox* box, const std::string& value)
{
    const QString text = QString::fromStdString(value);
    if (box->findData(text) >= 0)
        return;
    // Kept sorted after the "any" entry; adding never changes the current choice's filter.
    int index = 1;
    while (index < box->count() && box->itemData(index).toString() < text)
        ++index;
    const QSignalBlocker blocker(box);
    box->insertItem(index, text.isEmpty() ? tr("(none)") : text, text);
}

} // namespace prefstudio::ui
