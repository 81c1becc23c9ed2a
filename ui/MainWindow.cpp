#include "ui/MainWindow.h"

#include "curation/ProjectStats.h"
#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "ui/CandidateListView.h"
#include "ui/ImageView.h"
#include "ui/PairTableModel.h"
#include "util/Error.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

constexpr int kSearchDelayMs = 250;
constexpr std::uint32_t kAllFlags = ~0u;

QString statusColour(const std::string& status)
{
    if (status == "accepted")
        return QStringLiteral("#1b7a32");
    if (status == "rejected")
        return QStringLiteral("#b0241c");
    return QStringLiteral("#555555");
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

    buildActions();

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildReviewTab(), tr("Review"));
    m_stats = new QPlainTextEdit(m_tabs);
    m_stats->setObjectName(QStringLiteral("statsView"));
    m_stats->setReadOnly(true);
    m_stats->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_stats, tr("Statistics"));
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
    file->addAction(m_reload);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    QMenu* review = menuBar()->addMenu(tr("&Review"));
    review->addActions({m_accept, m_reject, m_pending});
    review->addSeparator();
    review->addActions({m_previous, m_next});

    QToolBar* bar = addToolBar(tr("Review"));
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

    layout->addWidget(m_statusFilter);
    layout->addWidget(m_flagFilter);
    layout->addWidget(m_search, 1);
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
    m_image = new ImageView(split);
    m_image->setObjectName(QStringLiteral("imageView"));

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
    detailsLayout->addWidget(m_prompt);
    detailsLayout->addWidget(m_pairInfo);
    detailsLayout->addWidget(m_candidates, 1);

    split->addWidget(m_image);
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
    leftLayout->addWidget(buildFilterBar());

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

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showPair(current); });
    // A reset (filter, sort, reload) clears the selection without a signal; keep the pair in
    // the inspector selected when it is still listed. Connected after the view's own handler.
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::restoreSelection);

    auto* right = buildInspector();
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
    m_prompt->setText(m_model->rowCount() == 0 ? tr("No pairs match the filter.") : QString());
    m_pairInfo->clear();
    m_candidates->clear();
    for (QAction* action : {m_accept, m_reject, m_pending})
        action->setEnabled(false);
}

void MainWindow::showPair(const QModelIndex& index)
{
    if (!index.isValid()) {
        clearInspector();
        return;
    }
    const qint64 pairId = m_model->data(index, PairTableModel::PairIdRole).toLongLong();
    core::PairDetail detail;
    std::vector<core::CandidateView> candidates;
    std::string scorer;
    try {
        detail = core::pairDetail(*m_project, pairId);
        candidates = core::candidatesOfSample(*m_project, detail.row.sampleId);
        scorer = core::rankingScorer(*m_project);
    } catch (const core::Error& e) {
        clearInspector();
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    m_currentPair = pairId;
    const core::PairRow& row = detail.row;
    m_image->setImagePath(QString::fromStdString(row.imagePath));
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
    m_accept->setEnabled(row.status != "accepted");
    m_reject->setEnabled(row.status != "rejected");
    m_pending->setEnabled(row.status != "pending");
    statusBar()->showMessage(tr("Pair %1 of sample %2").arg(row.pairId).arg(row.sampleId));
}

void MainWindow::decide(const char* status)
{
    if (m_currentPair < 0)
        return;
    const qint64 pairId = m_currentPair;
    try {
        core::setPairStatus(*m_project, pairId, status);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    m_model->refreshPair(pairId);
    m_statsStale = true;
    const int row = m_table->currentIndex().row();
    // Move on to the next pair, as a reviewer works down the list; at the end stay put.
    if (row + 1 < m_model->rowCount() || m_model->canFetchMore({}))
        moveSelection(1);
    else
        showPair(m_table->currentIndex());
    statusBar()->showMessage(tr("Pair %1 is now %2").arg(pairId).arg(QLatin1String(status)), 5000);
}

void MainWindow::moveSelection(int delta)
{
    const int current = m_table->currentIndex().row();
    int target = current < 0 ? 0 : current + delta;
    while (target >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
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

} // namespace prefstudio::ui
