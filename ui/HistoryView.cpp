#include "ui/HistoryView.h"

#include "store/ReviewQueries.h"
#include "ui/AuditTableModel.h"
#include "util/Error.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

namespace prefstudio::ui {

HistoryView::HistoryView(core::Project& project, QWidget* parent)
    : QWidget(parent), m_project(project)
{
    m_model = new AuditTableModel(project, this);
    m_model->setObjectName(QStringLiteral("historyModel"));
    connect(m_model, &AuditTableModel::queryFailed, this, &HistoryView::queryFailed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* bar = new QHBoxLayout;
    m_annotator = new QComboBox(this);
    m_annotator->setObjectName(QStringLiteral("historyAnnotatorFilter"));
    m_annotator->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("historyActionFilter"));
    m_action->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("historyCountLabel"));
    bar->addWidget(new QLabel(tr("Annotator:"), this));
    bar->addWidget(m_annotator);
    bar->addWidget(new QLabel(tr("Action:"), this));
    bar->addWidget(m_action);
    bar->addStretch(1);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(AuditTableModel::Before, QHeaderView::Stretch);
    header->setSectionResizeMode(AuditTableModel::After, QHeaderView::Stretch);
    header->resizeSection(AuditTableModel::Time, 150);
    header->resizeSection(AuditTableModel::Annotator, 110);
    header->resizeSection(AuditTableModel::Action, 110);
    header->resizeSection(AuditTableModel::Entity, 90);
    layout->addWidget(m_table, 1);

    connect(m_annotator, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilter);
    connect(m_action, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilter);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryView::updateCount);
    refresh();
}

void HistoryView::fillChoices(QComboBox* box, const QString& anyText,
                              const std::vector<std::string>& values)
{
    const QVariant chosen = box->currentData();
    const QSignalBlocker blocker(box);
    box->clear();
    box->addItem(anyText);
    for (const std::string& value : values)
        box->addItem(QString::fromStdString(value), QString::fromStdString(value));
    const int index = chosen.isValid() ? box->findData(chosen) : 0;
    // A choice that no longer occurs stays offered, so the filter does not change under one.
    if (index < 0) {
        box->addItem(chosen.toString(), chosen);
        box->setCurrentIndex(box->count() - 1);
    } else {
        box->setCurrentIndex(index);
    }
}

void HistoryView::refresh()
{
    try {
        fillChoices(m_annotator, tr("Everyone"), core::auditAnnotators(m_project));
        fillChoices(m_action, tr("All actions"), core::auditActions(m_project));
    } catch (const core::Error& e) {
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
    }
    applyFilter();
}

void HistoryView::applyFilter()
{
    core::AuditFilter filter;
    if (const QVariant who = m_annotator->currentData(); who.isValid())
        filter.who = who.toString().toStdString();
    if (const QVariant action = m_action->currentData(); action.isValid())
        filter.action = action.toString().toStdString();
    m_model->setFilter(filter);
}

void HistoryView::updateCount()
{
    const qint64 count = m_model->totalCount();
    m_count->setText(count == 1 ? tr("1 entry") : tr("%1 entries").arg(count));
}

} // namespace prefstudio::ui
