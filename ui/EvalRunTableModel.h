#pragma once

#include <vector>

#include "store/RunList.h"
#include "ui/RunListModel.h"

namespace prefstudio::ui {

/// The project's eval runs, one row each, newest first: which benchmark, which model (and the
/// training run it came from), how many questions, whether the result is partial or a quick
/// look, and when it ran.
class EvalRunTableModel : public RunListModel
{
    Q_OBJECT
public:
    enum Column { Id, Benchmark, Model, TrainingRun, Items, Partial, Date, ColumnCount };
    enum Role {
        RunIdRole = Qt::UserRole + 1, ///< qint64
    };

    explicit EvalRunTableModel(QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Keeps the runs of kind "eval"; the same runs in the same order update in place, so that
    /// a view keeps its selection.
    void setRuns(std::vector<core::RunSummary> runs);

    /// Read from an eval run's config: "shapes-pope", ...
    static QString benchmarkOf(const core::RunSummary& run);
    /// "checkpoint", "run", "server" or "imported".
    static QString modelKindOf(const core::RunSummary& run);
    /// A model kind in the UI language.
    static QString modelKindText(const QString& kind);
    static QString modelNameOf(const core::RunSummary& run);
    /// The DPO run whose model was evaluated; -1 for any other model.
    static qint64 trainingRunOf(const core::RunSummary& run);
    static qint64 itemCountOf(const core::RunSummary& run);
    /// Questions left out for missing images (the result is partial).
    static qint64 missingCountOf(const core::RunSummary& run);
    /// > 0: only the first N questions were asked (a quick look).
    static qint64 limitOf(const core::RunSummary& run);
    /// "#3 demo-policy": short enough for a column header or a chart axis.
    static QString shortLabel(const core::RunSummary& run);
    /// "Partial: 4 questions without an image", "First 20 questions only", or empty.
    static QString partialText(const core::RunSummary& run);

private:
    QVariant display(const core::RunSummary& run, int column) const;
    QVariant toolTip(const core::RunSummary& run, int column) const;
};

} // namespace prefstudio::ui
