#include "ui/EvalComparisonModel.h"

#include "eval/EvalResults.h"
#include "ui/EvalRunTableModel.h"
#include "ui/ReviewPalette.h"

#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <set>

namespace prefstudio::ui {

namespace {

/// Differences smaller than this are no change (metrics are stored as doubles).
constexpr double kSame = 1e-9;
constexpr int kTintAlpha = 48;

QString metricPart(const QString& key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    return slash < 0 ? key : key.mid(slash + 1);
}

} // namespace

EvalComparisonModel::EvalComparisonModel(QObject* parent) : QAbstractTableModel(parent)
{
}

EvalComparisonModel::Direction EvalComparisonModel::direction(const QString& key)
{
    const int way = core::eval::metricDirection(metricPart(key).toStdString());
    return way < 0   ? Direction::LowerIsBetter
           : way > 0 ? Direction::HigherIsBetter
                     : Direction::Neutral;
}

QString EvalComparisonModel::formatValue(double value)
{
    if (!std::isfinite(value))
        return QString::number(value);
    if (std::abs(value - std::round(value)) < kSame && std::abs(value) >= 1)
        return QLocale().toString(qint64(std::llround(value)));
    return QLocale().toString(value, 'f', std::abs(value) >= 100 ? 1 : 3);
}

QString EvalComparisonModel::formatDifference(double difference)
{
    if (std::abs(difference) < kSame)
        return QStringLiteral("±0");
    const QString magnitude = formatValue(std::abs(difference));
    return (difference > 0 ? QStringLiteral("+") : QStringLiteral("−")) + magnitude;
}

int EvalComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int EvalComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FirstRunColumn + int(m_columns.size());
}

void EvalComparisonModel::setRuns(std::vector<core::RunSummary> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    std::set<std::string> keys;
    for (const core::RunSummary& run : m_runs)
        for (const auto& [name, value] : run.lastMetrics)
            if (name.find('/') != std::string::npos)
                keys.insert(name);
    m_keys.assign(keys.begin(), keys.end());
    // Per task: what tells runs apart first, then the counts.
    std::stable_sort(m_keys.begin(), m_keys.end(), [](const std::string& a, const std::string& b) {
        const std::string taskA = a.substr(0, a.find('/'));
        const std::string taskB = b.substr(0, b.find('/'));
        if (taskA != taskB)
            return taskA < taskB;
        const bool neutralA = direction(QString::fromStdString(a)) == Direction::Neutral;
        const bool neutralB = direction(QString::fromStdString(b)) == Direction::Neutral;
        return neutralA != neutralB ? !neutralA : a < b;
    });
    rebuildColumns();
    endResetModel();
}

void EvalComparisonModel::setBaseline(qint64 runId)
{
    if (runId == m_baseline)
        return;
    beginResetModel();
    m_baseline = runId;
    rebuildColumns();
    endResetModel();
}

void EvalComparisonModel::rebuildColumns()
{
    m_columns.clear();
    const bool hasBaseline = runById(m_baseline) != nullptr;
    for (const core::RunSummary& run : m_runs) {
        m_columns.push_back({run.id, false});
        if (hasBaseline && run.id != m_baseline)
            m_columns.push_back({run.id, true});
    }
}

const core::RunSummary* EvalComparisonModel::runById(qint64 runId) const
{
    for (const core::RunSummary& run : m_runs)
        if (run.id == runId)
            return &run;
    return nullptr;
}

std::optional<double> EvalComparisonModel::valueOf(const core::RunSummary& run,
                                                   const std::string& key) const
{
    const auto found = run.lastMetrics.find(key);
    return found == run.lastMetrics.end() ? std::nullopt : std::optional<double>(found->second);
}

QString EvalComparisonModel::metricKey(int row) const
{
    return row >= 0 && row < rowCount() ? QString::fromStdString(m_keys[std::size_t(row)])
                                        : QString();
}

int EvalComparisonModel::rowOfMetric(const QString& key) const
{
    const auto found = std::find(m_keys.begin(), m_keys.end(), key.toStdString());
    return found == m_keys.end() ? -1 : int(found - m_keys.begin());
}

std::optional<double> EvalComparisonModel::value(int row, qint64 runId) const
{
    const core::RunSummary* run = runById(runId);
    if (!run || row < 0 || row >= rowCount())
        return std::nullopt;
    return valueOf(*run, m_keys[std::size_t(row)]);
}

std::optional<double> EvalComparisonModel::difference(int row, qint64 runId) const
{
    if (runId == m_baseline)
        return std::nullopt;
    const std::optional<double> mine = value(row, runId);
    const std::optional<double> base = value(row, m_baseline);
    if (!mine || !base)
        return std::nullopt;
    return *mine - *base;
}

int EvalComparisonModel::valueColumn(qint64 runId) const
{
    for (std::size_t k = 0; k < m_columns.size(); ++k)
        if (m_columns[k].runId == runId && !m_columns[k].difference)
            return FirstRunColumn + int(k);
    return -1;
}

int EvalComparisonModel::differenceColumn(qint64 runId) const
{
    for (std::size_t k = 0; k < m_columns.size(); ++k)
        if (m_columns[k].runId == runId && m_columns[k].difference)
            return FirstRunColumn + int(k);
    return -1;
}

qint64 EvalComparisonModel::runOfColumn(int column) const
{
    const int k = column - FirstRunColumn;
    return k >= 0 && k < int(m_columns.size()) ? m_columns[std::size_t(k)].runId : -1;
}

QVariant EvalComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const QString key = metricKey(row);
    if (role == MetricKeyRole)
        return key;
    if (index.column() < FirstRunColumn) {
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        if (role == Qt::DisplayRole) {
            if (index.column() == Metric)
                return key.mid(slash + 1);
            // A task is named on its first row only: the rows below are its other metrics.
            const QString task = key.left(slash);
            const QString above = metricKey(row - 1);
            return above.left(above.indexOf(QLatin1Char('/'))) == task ? QString() : task;
        }
        if (role == Qt::ToolTipRole && index.column() == Task)
            return key.left(slash);
        if (role == Qt::ToolTipRole && index.column() == Metric) {
            switch (direction(key)) {
            case Direction::LowerIsBetter:
                return tr("Lower is better");
            case Direction::HigherIsBetter:
                return tr("Higher is better");
            case Direction::Neutral:
                return tr("Neither higher nor lower is better (a count or a ratio)");
            }
        }
        return {};
    }
    const ColumnInfo& column = m_columns[std::size_t(index.column() - FirstRunColumn)];
    const std::optional<double> number =
        column.difference ? difference(row, column.runId) : value(row, column.runId);
    switch (role) {
    case Qt::DisplayRole:
        if (!number)
            return QStringLiteral("–");
        return column.difference ? formatDifference(*number) : formatValue(*number);
    case RunIdRole:
        return column.runId;
    case IsDifferenceRole:
        return column.difference;
    case NumberRole:
        return number ? QVariant(*number) : QVariant();
    case Qt::TextAlignmentRole:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
    case Qt::BackgroundRole: {
        if (!column.difference || !number || std::abs(*number) < kSame)
            return {};
        const Direction way = direction(key);
        if (way == Direction::Neutral)
            return {};
        const bool better = (*number > 0) == (way == Direction::HigherIsBetter);
        QColor colour = better ? ReviewPalette::chosen() : ReviewPalette::rejected();
        if (role == Qt::BackgroundRole)
            colour.setAlpha(kTintAlpha);
        return colour;
    }
    case Qt::FontRole:
        if (column.runId == m_baseline) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (column.difference && number) {
            const Direction way = direction(key);
            if (way == Direction::Neutral)
                return tr("Difference to the baseline run #%1").arg(m_baseline);
            const bool better = (*number > 0) == (way == Direction::HigherIsBetter);
            return std::abs(*number) < kSame ? tr("Same as the baseline run #%1").arg(m_baseline)
                   : better ? tr("Better than the baseline run #%1").arg(m_baseline)
                            : tr("Worse than the baseline run #%1").arg(m_baseline);
        }
        return tr("Click to list the items behind this number");
    default:
        return {};
    }
}

QVariant EvalComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (section == Task)
        return role == Qt::DisplayRole ? tr("Task") : QVariant();
    if (section == Metric)
        return role == Qt::DisplayRole ? tr("Metric") : QVariant();
    const int k = section - FirstRunColumn;
    if (k < 0 || k >= int(m_columns.size()))
        return {};
    const ColumnInfo& column = m_columns[std::size_t(k)];
    const core::RunSummary* run = runById(column.runId);
    if (!run)
        return {};
    if (role == Qt::DisplayRole) {
        if (column.difference)
            return tr("Δ #%1").arg(run->id);
        QString label = EvalRunTableModel::shortLabel(*run);
        // A partial result is labelled wherever its numbers are shown.
        if (EvalRunTableModel::missingCountOf(*run) > 0)
            label = tr("%1 (partial)").arg(label);
        return run->id == m_baseline ? tr("%1 (baseline)").arg(label) : label;
    }
    if (role == Qt::ToolTipRole) {
        const QString what = QStringLiteral("%1 · %2").arg(EvalRunTableModel::benchmarkOf(*run),
                                                           EvalRunTableModel::modelNameOf(*run));
        QString tip = column.difference
                          ? tr("Run #%1 (%2) minus the baseline run #%3; green is better, red "
                               "worse")
                                .arg(run->id)
                                .arg(what)
                                .arg(m_baseline)
                          : tr("Run #%1: %2").arg(run->id).arg(what);
        if (const QString partial = EvalRunTableModel::partialText(*run); !partial.isEmpty())
            tip += QLatin1Char('\n') + partial;
        return tip;
    }
    return {};
}

} // namespace prefstudio::ui
