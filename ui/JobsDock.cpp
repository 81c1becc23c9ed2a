#include "ui/JobsDock.h"

#include "ui/Job.h"
#include "ui/JobListModel.h"
#include "ui/JobRunner.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace prefstudio::ui {

namespace {

constexpr int kTickMs = 1000;

/// Paints the progress column as the style's progress bar (busy bar while the total is unknown
/// is not animated: an empty bar with the text says "running" well enough).
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        QStyledItemDelegate::paint(painter, option, QModelIndex());
        const double share = index.data(JobListModel::ProgressRole).toDouble();
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = share < 0 ? 0 : qRound(share * 1000);
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
};

} // namespace

JobsDock::JobsDock(JobRunner* runner, QWidget* parent)
    : QDockWidget(tr("Jobs"), parent), m_runner(runner), m_model(new JobListModel(runner, this))
{
    setObjectName(QStringLiteral("jobsDock"));
    m_model->setObjectName(QStringLiteral("jobModel"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                QDockWidget::DockWidgetFloatable);

    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* split = new QSplitter(Qt::Horizontal, body);
    split->setObjectName(QStringLiteral("jobsSplitter"));
    split->setChildrenCollapsible(false);

    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("jobTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setItemDelegateForColumn(JobListModel::Progress, new ProgressDelegate(m_table));
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(JobListModel::Title, QHeaderView::Stretch);
    header->resizeSection(JobListModel::State, 80);
    header->resizeSection(JobListModel::Progress, 140);
    header->resizeSection(JobListModel::Time, 110);

    m_log = new QPlainTextEdit(split);
    m_log->setObjectName(QStringLiteral("jobLog"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("The log of the selected job appears here."));
    split->addWidget(m_table);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* buttons = new QHBoxLayout;
    m_cancel = new QPushButton(tr("Cancel job"), body);
    m_cancel->setObjectName(QStringLiteral("cancelJobButton"));
    m_clear = new QPushButton(tr("Clear finished"), body);
    m_clear->setObjectName(QStringLiteral("clearJobsButton"));
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_clear);
    buttons->addStretch(1);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    setWidget(body);

    m_tick = new QTimer(this);
    m_tick->setInterval(kTickMs);
    connect(m_tick, &QTimer::timeout, m_model, &JobListModel::refreshTimes);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (Job* job = currentJob())
            job->cancel();
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_logged = nullptr;
        m_runner->removeFinished();
        showLog();
        updateButtons();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showLog();
        updateButtons();
    });
    connect(runner, &JobRunner::jobAdded, this, [this](Job* job) {
        show();
        raise();
        selectJob(job);
        m_tick->start();
        connect(job, &Job::stateChanged, this, &JobsDock::updateButtons);
    });
    connect(runner, &JobRunner::jobFinished, this, [this] {
        if (!m_runner->isBusy())
            m_tick->stop();
    });
    updateButtons();
}

Job* JobsDock::currentJob() const
{
    if (Job* selected = m_model->jobAt(m_table->currentIndex().row()))
        return selected;
    return m_model->jobAt(m_model->rowCount() - 1);
}

void JobsDock::selectJob(Job* job)
{
    const int row = m_model->rowOf(job);
    if (row < 0)
        return;
    m_table->selectionModel()->setCurrentIndex(m_model->index(row, JobListModel::Title),
                                               QItemSelectionModel::ClearAndSelect |
                                                   QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
    showLog();
}

void JobsDock::showLog()
{
    Job* job = currentJob();
    if (job == m_logged)
        return;
    if (m_logged)
        disconnect(m_logged, &Job::logAppended, this, nullptr);
    m_logged = job;
    m_log->setPlainText(job ? job->log().join(QLatin1Char('\n')) : QString());
    if (!job)
        return;
    connect(job, &Job::logAppended, this, [this](const QString& line) {
        m_log->appendPlainText(line);
        m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
    });
    connect(job, &QObject::destroyed, this, [this, job] {
        if (m_logged == job)
            m_logged = nullptr;
    });
}

void JobsDock::updateButtons()
{
    const Job* job = currentJob();
    m_cancel->setEnabled(job && !job->isFinished());
    m_clear->setEnabled(m_model->rowCount() > 0);
}

} // namespace prefstudio::ui
