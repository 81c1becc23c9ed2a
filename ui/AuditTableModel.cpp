#include "ui/AuditTableModel.h"

#include "util/Error.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

namespace prefstudio::ui {

namespace {

constexpr int kSummaryLength = 160;

QString elide(QString text)
{
    text = text.simplified();
    if (text.size() > kSummaryLength)
        text = text.left(kSummaryLength - 1) + QChar(0x2026);
    return text;
}

QString valueText(const nlohmann::json& value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_null())
        return QStringLiteral("—");
    return QString::fromStdString(value.dump());
}

} // namespace

AuditTableModel::AuditTableModel(core::Project& project, QObject* parent)
    : QAbstractTableModel(parent), m_project(project)
{
}

int AuditTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AuditTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditTableModel::summarize(const std::string& text, const std::string& other)
{
    if (text.empty())
        return {};
    const auto value = nlohmann::json::parse(text, nullptr, false);
    const auto compared = nlohmann::json::parse(other, nullptr, false);
    if (!value.is_object())
        return elide(QString::fromStdString(text));
    // Pair edits store every field on both sides; the ones that changed are what matters.
    QStringList parts;
    for (const auto& [key, field] : value.items()) {
        if (compared.is_object() && compared.contains(key) && compared.at(key) == field)
            continue;
        if (key == "candidate" && field.is_object() && field.contains("text"))
            parts << QStringLiteral("candidate %1: “%2”")
                         .arg(valueText(field.value("id", nlohmann::json())),
                              valueText(field.at("text")));
        else
            parts << QStringLiteral("%1: %2").arg(QString::fromStdString(key), valueText(field));
    }
    return elide(parts.join(QStringLiteral(", ")));
}

QVariant AuditTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::AuditEntry& row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == AuditIdRole)
        return QVariant::fromValue<qint64>(row.id);
    if (role == Qt::ToolTipRole && (index.column() == Before || index.column() == After))
        return QString::fromStdString(index.column() == Before ? row.before : row.after);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: {
        // Stored in UTC; shown in the person's time zone.
        const QDateTime at = QDateTime::fromString(QString::fromStdString(row.at), Qt::ISODate);
        return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                            : QString::fromStdString(row.at);
    }
    case Annotator:
        return QString::fromStdString(row.who);
    case Action:
        return QString::fromStdString(row.action);
    case Entity:
        return row.entityId && *row.entityId != 0 ? QStringLiteral("%1 %2")
                                                        .arg(QString::fromStdString(row.entity))
                                                        .arg(*row.entityId)
                                                  : QString::fromStdString(row.entity);
    case Before:
        return summarize(row.before, row.after);
    case After:
        return summarize(row.after, row.before);
    default:
        return {};
    }
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Annotator:
        return tr("Annotator");
    case Action:
        return tr("Action");
    case Entity:
        return tr("Changed");
    case Before:
        return tr("Before");
    case After:
        return tr("After");
    default:
        return {};
    }
}

bool AuditTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_exhausted && static_cast<qint64>(m_rows.size()) < m_total;
}

void AuditTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    std::vector<core::AuditEntry> page;
    try {
        // Keyset paging: rows appended meanwhile have higher ids and never shift a page.
        page =
            core::pageAudit(m_project, m_filter, m_rows.empty() ? 0 : m_rows.back().id, kPageSize);
    } catch (const core::Error& e) {
        m_exhausted = true;
        Q_EMIT queryFailed(QString::fromUtf8(e.what()));
        return;
    }
    if (page.empty()) {
        m_exhausted = true;
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    for (core::AuditEntry& entry : page)
        m_rows.push_back(std::move(entry));
    endInsertRows();
}

void AuditTableModel::setFilter(const core::AuditFilter& filter)
{
    m_filter = filter;
    reload();
}

void AuditTableModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    m_exhausted = false;
    QString failure;
    try {
        m_total = core::countAudit(m_project, m_filter);
        m_rows = core::pageAudit(m_project, m_filter, 0, kPageSize);
    } catch (const core::Error& e) {
        m_rows.clear();
        m_exhausted = true;
        failure = QString::fromUtf8(e.what());
    }
    m_total = std::max<qint64>(m_total, static_cast<qint64>(m_rows.size()));
    endResetModel();
    if (!failure.isEmpty())
        Q_EMIT queryFailed(failure);
}

} // namespace prefstudio::ui
