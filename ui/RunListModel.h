#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "store/RunList.h"

namespace prefstudio::ui {

/// A table with one row per run (RunSummary): what the training and evaluation run tables
/// share. Subclasses give the columns.
class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;

    /// Replaces the rows; when the same runs come back in the same order the rows are updated
    /// in place, so that a view keeps its selection.
    void setRuns(std::vector<core::RunSummary> runs);
    const std::vector<core::RunSummary>& runs() const { return m_runs; }
    /// -1 when the run is not listed.
    int rowOfRun(qint64 runId) const;
    /// nullptr when it is not listed.
    const core::RunSummary* run(qint64 runId) const;

protected:
    std::vector<core::RunSummary> m_runs;
};

} // namespace prefstudio::ui
