#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <optional>
#include <vector>

#include "store/RunList.h"

namespace prefstudio::ui {

/// Eval runs side by side: one row per "task/metric" any of them has, a value column per run,
/// and for each run other than the baseline its difference to the baseline, coloured by
/// whether it is better or worse for that metric.
class EvalComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Task, Metric, FirstRunColumn };
    enum Role {
        MetricKeyRole = Qt::UserRole + 1, ///< QString "task/metric"
        RunIdRole,                        ///< qint64: the run of a value or difference column
        IsDifferenceRole,                 ///< bool: a difference column
        NumberRole,                       ///< double: the value or difference; invalid if none
    };
    enum class Direction { HigherIsBetter, LowerIsBetter, Neutral };

    explicit EvalComparisonModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The runs to compare, one value column each in this order.
    void setRuns(std::vector<core::RunSummary> runs);
    const std::vector<core::RunSummary>& runs() const { return m_runs; }
    /// The run the others are compared with; -1 (or a run not shown): no differences.
    void setBaseline(qint64 runId);
    qint64 baseline() const { return m_baseline; }

    /// "task/metric" of a row; empty when out of range.
    QString metricKey(int row) const;
    int rowOfMetric(const QString& key) const;
    std::optional<double> value(int row, qint64 runId) const;
    /// The run's value minus the baseline's; nullopt without a baseline or either value.
    std::optional<double> difference(int row, qint64 runId) const;
    /// -1 when the run is not shown (or has no difference column).
    int valueColumn(qint64 runId) const;
    int differenceColumn(qint64 runId) const;
    /// The run of a value or difference column; -1 for the name columns.
    qint64 runOfColumn(int column) const;

    /// Which way is better for a metric ("pope_f1_score", or "task/metric"), as
    /// core::eval::metricDirection says: lower for hallucination rates and invalid answers,
    /// neither for counts and yes ratios, higher for everything else.
    static Direction direction(const QString& metric);
    /// 0.812, 462 or 1,234.5: integers as such, fractions to three places.
    static QString formatValue(double value);
    /// +0.034, −0.120, ±0.
    static QString formatDifference(double difference);

private:
    struct ColumnInfo
    {
        qint64 runId = -1;
        bool difference = false;
    };
    void rebuildColumns();
    std::optional<double> valueOf(const core::RunSummary& run, const std::string& key) const;
    const core::RunSummary* runById(qint64 runId) const;

    std::vector<core::RunSummary> m_runs;
    std::vector<std::string> m_keys;
    std::vector<ColumnInfo> m_columns; ///< from FirstRunColumn on
    qint64 m_baseline = -1;
};

} // namespace prefstudio::ui
