#include "ui/PairTableModel.h"

#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "util/Error.h"

#include <QBrush>
#include <QColor>

namespace prefstudio::ui {

namespace {

QString scoreText(const std::optional<double>& value)
{
    return value ? QString::number(*value, 'f', 3) : QString();
}

QVariant scoreValue(const std::optional<double>& value)
{
    return value ? QVariant(*value) : QVariant();
}

QString flagsTooltip(std::uint32_t flags)
{
    QStringList lines;
    for (const auto& info : core::qualityFlagInfos())
        if (flags & info.bit)
            lines << QStringLiteral("%1: %2").arg(QString::fromUtf8(info.name),
                                                  QString::fromUtf8(info.description));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

PairTableModel::PairTableModel(core::Project& project, QObject* parent)
    : QAbstractTableModel(parent), m_project(project)
{
}

QString PairTableModel::flagText(std::uint32_t flags)
{
    return QString::fromStdString(core::qualityFlagNames(flags))
        .replace(QLatin1Char(','), QStringLiteral(", "));
}

const char* PairTableModel::sortColumnOf(int column)
{
    switch (column) {
    case Prompt:
        return "prompt";
    case Status:
        return "status";
    case Margin:
        return "margin";
    case Flags:
        return "flags";
    case Best:
        return "best";
    case Worst:
        return "worst";
    case Candidates:
        return "candidates";
    default:
        return "id";
    }
}

int PairTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PairTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::PairRow& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();

    switch (role) {
    case PairIdRole:
        return QVariant::fromValue<qint64>(row.pairId);
    case SampleIdRole:
        return QVariant::fromValue<qint64>(row.sampleId);
    case Qt::DisplayRole:
        switch (column) {
        case Prompt:
            // One line per row: prompts of real datasets carry newlines and <image> tokens.
            return QString::fromStdString(row.prompt).simplified();
        case Status:
            return QString::fromStdString(row.status);
        case Margin:
            return scoreText(row.margin);
        case Flags:
            return flagText(row.flags);
        case Best:
            return scoreText(row.bestScore);
        case Worst:
            return scoreText(row.worstScore);
        case Candidates:
            return QString::number(row.candidateCount);
        }
        break;
    case SortValueRole:
        switch (column) {
        case Prompt:
            return QString::fromStdString(row.prompt);
        case Status:
            return QString::fromStdString(row.status);
        case Margin:
            return scoreValue(row.margin);
        case Flags:
            return static_cast<uint>(row.flags);
        case Best:
            return scoreValue(row.bestScore);
        case Worst:
            return scoreValue(row.worstScore);
        case Candidates:
            return QVariant::fromValue<qint64>(row.candidateCount);
        }
        break;
    case Qt::ToolTipRole:
        if (column == Prompt)
            return QString::fromStdString(row.prompt);
        if (column == Flags && row.flags)
            return flagsTooltip(row.flags);
        break;
    case Qt::TextAlignmentRole:
        if (column == Prompt || column == Status || column == Flags)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == Status && row.status == "accepted")
            return QBrush(QColor(0x1b, 0x7a, 0x32));
        if (column == Status && row.status == "rejected")
            return QBrush(QColor(0xb0, 0x24, 0x1c));
        if (column == Flags)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        break;
    default:
        break;
    }
    return {};
}

QVariant PairTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case Prompt:
        return tr("Prompt");
    case Status:
        return tr("Status");
    case Margin:
        return tr("Margin");
    case Flags:
        return tr("Flags");
    case Best:
        return tr("Best");
    case Worst:
        return tr("Worst");
    case Candidates:
        return tr("Candidates");
    default:
        return {};
    }
}

bool PairTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && static_cast<qint64>(m_rows.size()) < m_total;
}

void PairTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const auto offset = static_cast<std::int64_t>(m_rows.size() - m_departed.size());
    std::vector<core::PairRow> page;
    try {
        page = core::pagePairs(m_project, m_filter, offset, kPageSize);
    } catch (const core::Error& e) {
        m_total = static_cast<qint64>(m_rows.size());
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
        return;
    }
    // Pairs added or removed elsewhere since the count: stop at what the store now has.
    if (page.empty())
        m_total = static_cast<qint64>(m_rows.size());
    append(std::move(page));
}

void PairTableModel::append(std::vector<core::PairRow> rows)
{
    std::erase_if(rows, [this](const core::PairRow& row) { return m_rowOfPair.count(row.pairId); });
    if (rows.empty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (core::PairRow& row : rows) {
        m_rowOfPair.emplace(row.pairId, static_cast<int>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

void PairTableModel::sort(int column, Qt::SortOrder order)
{
    m_filter.sortColumn = sortColumnOf(column);
    m_filter.descending = column >= 0 && order == Qt::DescendingOrder;
    reload();
}

void PairTableModel::setFilter(const core::PairFilter& filter)
{
    const std::string sortColumn = m_filter.sortColumn;
    const bool descending = m_filter.descending;
    m_filter = filter;
    m_filter.sortColumn = sortColumn;
    m_filter.descending = descending;
    reload();
}

void PairTableModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfPair.clear();
    m_departed.clear();
    m_total = 0;
    std::vector<core::PairRow> first;
    QString failure;
    try {
        m_total = core::countPairs(m_project, m_filter);
        first = core::pagePairs(m_project, m_filter, 0, kPageSize);
    } catch (const core::Error& e) {
        m_total = 0;
        first.clear();
        failure = QString::fromUtf8(e.what());
    }
    for (core::PairRow& row : first) {
        m_rowOfPair.emplace(row.pairId, static_cast<int>(m_rows.size()));
        m_rows.push_back(std::move(row));
    }
    m_total = std::max<qint64>(m_total, static_cast<qint64>(m_rows.size()));
    endResetModel();
    if (!failure.isEmpty())
        Q_EMIT queryFailed(failure);
}

int PairTableModel::rowOfPair(qint64 pairId) const
{
    const auto it = m_rowOfPair.find(pairId);
    return it == m_rowOfPair.end() ? -1 : it->second;
}

bool PairTableModel::matchesFilter(const core::PairRow& row) const
{
    // Only the status changes through the studio; flags and texts are fixed while it runs.
    return !m_filter.status || *m_filter.status == row.status;
}

void PairTableModel::refreshPair(qint64 pairId)
{
    const int row = rowOfPair(pairId);
    if (row < 0)
        return;
    core::PairRow fresh;
    try {
        fresh = core::pairDetail(m_project, pairId).row;
    } catch (const core::Error& e) {
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
        return;
    }
    if (matchesFilter(fresh))
        m_departed.erase(pairId);
    else
        m_departed.insert(pairId);
    m_rows[static_cast<std::size_t>(row)] = std::move(fresh);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace prefstudio::ui
