#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/RunList.h"
#include "ui/RunListModel.h"

namespace prefstudio::ui {

/// The project's DPO runs with their lineage, one row each, newest first: which pairs
/// (snapshot hash), which base model, which config, and what came out (steps, last loss and
/// accuracy, pairs still ranked wrong, output folders).
class RunTableModel : public RunListModel
{
    Q_OBJECT
public:
    enum Column {
        Id,
        Name,
        Status,
        BaseModel,
        Snapshot,
        Config,
        Steps,
        Loss,
        Accuracy,
        StillWrong,
        Outputs,
        ColumnCount
    };
    enum Role {
        RunIdRole = Qt::UserRole + 1, ///< qint64
    };

    explicit RunTableModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The newest step of a running run and its metrics' values, seen before the next reload.
    void setLiveStep(qint64 runId, qint64 step, const std::map<std::string, double>& values);

    /// "running", "finished", "paused" (a cancelled run resumes), "failed", in the UI language.
    static QString statusText(const std::string& status);
    /// A hand-off engine's name as people write it ("trl" -> "TRL", "llamafactory" ->
    /// "LLaMA-Factory"); empty for anything else.
    static QString engineName(const QString& engine);

private:
    QVariant display(const core::RunSummary& run, int column) const;
    QVariant toolTip(const core::RunSummary& run, int column) const;
};

} // namespace prefstudio::ui
