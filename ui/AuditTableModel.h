#pragma once

#include <QAbstractTableModel>

#include "store/ReviewQueries.h"

#include <vector>

namespace prefstudio::core {
class Project;
}

namespace prefstudio::ui {

/// The project's audit log, newest first, loaded page by page (canFetchMore/fetchMore) through
/// core::pageAudit, optionally narrowed to one annotator and one action.
class AuditTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Annotator, Action, Entity, Before, After, ColumnCount };
    enum Role {
        AuditIdRole = Qt::UserRole + 1, ///< qint64 audit row id
    };
    static constexpr int kPageSize = 200;

    /// `project` must outlive the model.
    explicit AuditTableModel(core::Project& project, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    void setFilter(const core::AuditFilter& filter);
    const core::AuditFilter& filter() const { return m_filter; }
    /// Reloads from the newest row (after edits).
    void reload();
    qint64 totalCount() const { return m_total; }
    const core::AuditEntry& entry(int row) const
    {
        return m_rows.at(static_cast<std::size_t>(row));
    }

    /// One line for a before/after JSON value: the pair fields that differ, or the JSON.
    static QString summarize(const std::string& json, const std::string& other);

Q_SIGNALS:
    void queryFailed(const QString& message);

private:
    core::Project& m_project;
    core::AuditFilter m_filter;
    std::vector<core::AuditEntry> m_rows;
    qint64 m_total = 0;
    bool m_exhausted = false;
};

} // namespace prefstudio::ui
