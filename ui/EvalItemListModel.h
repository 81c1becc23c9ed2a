#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <vector>

#include "eval/EvalResults.h"

namespace prefstudio::ui {

/// The items of one eval run behind one metric: the questions of the metric's task (a POPE
/// split, an MME subtask, an MMHal question type, or every item for a task over all of them),
/// all of them or only those answered wrong, in the order they were asked.
class EvalItemListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Number, Group, Question, Answer, Result, ColumnCount };
    enum Role {
        ItemIndexRole = Qt::UserRole + 1, ///< int: the item's index in the run's record
        WrongRole,                        ///< bool
    };

    explicit EvalItemListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The run's items and results (as core::eval::loadEvalRun reads them); null clears.
    void setRecord(std::shared_ptr<const core::eval::EvalRecord> record, qint64 runId);
    const core::eval::EvalRecord* record() const { return m_record.get(); }
    qint64 runId() const { return m_runId; }
    /// Lists the items behind "task/metric"; an empty key lists every item.
    void setMetric(const QString& key);
    const QString& metric() const { return m_metric; }
    /// The group the metric's task covers; empty when it covers every item.
    const QString& scopeGroup() const { return m_scopeGroup; }
    void setWrongOnly(bool wrongOnly);
    bool wrongOnly() const { return m_wrongOnly; }
    /// Items in the metric's scope, whatever the wrong-only filter.
    int scopeCount() const { return m_scopeCount; }
    /// Of those, answered wrong.
    int wrongCount() const { return m_wrongCount; }

    /// The record index of a row; -1 when out of range.
    int itemIndex(int row) const;
    /// -1 when the item is not listed.
    int rowOfItem(int itemIndex) const;

    /// The item indices of `record` a metric's task covers. A task names its group ("pope_adv"
    /// is split "adversarial", "mme_color" subtask "color", "custom_<group>"), a metric may
    /// too ("mmhal_score_<type>"); AMBER's discriminative task covers all but the generative
    /// items; any other task covers every item. `group` gets the group matched, if any.
    static std::vector<int> itemsOfMetric(const core::eval::EvalRecord& record, const QString& key,
                                          QString* group = nullptr);
    /// A wrong answer: marked incorrect, or a caption with hallucinated objects.
    static bool isWrong(const core::eval::ItemResult& result);

private:
    void rebuild();

    std::shared_ptr<const core::eval::EvalRecord> m_record;
    qint64 m_runId = -1;
    QString m_metric;
    QString m_scopeGroup;
    bool m_wrongOnly = false;
    std::vector<int> m_rows; ///< record indices shown
    int m_scopeCount = 0;
    int m_wrongCount = 0;
};

} // namespace prefstudio::ui
