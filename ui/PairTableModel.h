#pragma once

#include <QAbstractTableModel>

#include "store/ReviewQueries.h"

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace prefstudio::core {
class Project;
}

namespace prefstudio::ui {

/// The pairs of a project matching a filter, as a table that loads itself page by page
/// (canFetchMore/fetchMore) so that a project with 100K pairs opens as fast as one with ten.
class PairTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Prompt, Status, Margin, Flags, Best, Worst, Candidates, ColumnCount };
    enum Role {
        PairIdRole = Qt::UserRole + 1, ///< qint64 pair id
        SampleIdRole,                  ///< qint64 sample id
        SortValueRole,                 ///< the raw value (double, string) behind the display text
    };
    static constexpr int kPageSize = 200;

    /// `project` must outlive the model.
    explicit PairTableModel(core::Project& project, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    /// Re-queries with the filter's order; `column` -1 restores the order of pair ids.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// Replaces the filter (its sort column is kept from sort()) and reloads from the top.
    void setFilter(const core::PairFilter& filter);
    const core::PairFilter& filter() const { return m_filter; }
    /// Reloads everything, keeping the filter (after changes made elsewhere).
    void reload();
    /// Number of pairs matching the filter, loaded or not.
    qint64 totalCount() const { return m_total; }

    const core::PairRow& pairRow(int row) const { return m_rows.at(static_cast<std::size_t>(row)); }
    /// Row of a loaded pair; -1 when it is not (yet) loaded.
    int rowOfPair(qint64 pairId) const;
    /// Re-reads one pair from the store and repaints its row. A pair that no longer matches
    /// the filter stays listed until the next reload, so rows do not jump away while reviewing.
    void refreshPair(qint64 pairId);

    /// Flag names for display: "empty, short".
    static QString flagText(std::uint32_t flags);
    /// The core sort key shown in each column.
    static const char* sortColumnOf(int column);

Q_SIGNALS:
    /// A query failed (damaged file, bad filter); the model keeps what it had loaded.
    void queryFailed(const QString& message);

private:
    void append(std::vector<core::PairRow> rows);
    bool matchesFilter(const core::PairRow& row) const;

    core::Project& m_project;
    core::PairFilter m_filter;
    std::vector<core::PairRow> m_rows;
    std::unordered_map<qint64, int> m_rowOfPair;
    /// Loaded pairs whose status changed so that the store no longer counts them under the
    /// filter; the offset of the next page discounts them so that no pair is skipped.
    std::unordered_set<qint64> m_departed;
    qint64 m_total = 0;
};

} // namespace prefstudio::ui
