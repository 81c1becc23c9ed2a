#include "ui/RunListModel.h"

#include <algorithm>

namespace prefstudio::ui {

int RunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

void RunListModel::setRuns(std::vector<core::RunSummary> runs)
{
    const bool sameRows = std::equal(
        runs.begin(), runs.end(), m_runs.begin(), m_runs.end(),
        [](const core::RunSummary& a, const core::RunSummary& b) { return a.id == b.id; });
    if (sameRows) {
        m_runs = std::move(runs);
        if (!m_runs.empty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

int RunListModel::rowOfRun(qint64 runId) const
{
    for (std::size_t row = 0; row < m_runs.size(); ++row)
        if (m_runs[row].id == runId)
            return int(row);
    return -1;
}

const core::RunSummary* RunListModel::run(qint64 runId) const
{
    const int row = rowOfRun(runId);
    return row < 0 ? nullptr : &m_runs[std::size_t(row)];
}

} // namespace prefstudio::ui
