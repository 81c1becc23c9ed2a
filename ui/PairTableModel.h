#pragma once

#include <QAbstractTableModel>
#include <QCache>
#include <QPixmap>
#include <QSet>
#include <QStringList>

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
/// Filter and order are SQL on the store (core::pagePairs); thumbnails are decoded off the UI
/// thread into a cache of bounded size.
class PairTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Thumbnail, Prompt, Candidates, Best, Worst, Margin, Status, Flags, ColumnCount };
    enum Role {
        PairIdRole = Qt::UserRole + 1, ///< qint64 pair id
        SampleIdRole,                  ///< qint64 sample id
        SortValueRole,                 ///< the raw value (double, string) behind the display text
        MatchWordsRole,                ///< QStringList: the search words, for highlighting
    };
    static constexpr int kPageSize = 200;
    /// Thumbnail cache budget in bytes: memory stays flat however far the list is scrolled.
    static constexpr qsizetype kThumbnailCacheBytes = 24 * 1024 * 1024;

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
    /// Orders by a review queue (a core sort key: "sample", "least-sure", "flagged", "random",
    /// "still-wrong") and reloads; a later sort() by a column replaces the order. `wrongAfterRun`
    /// lists only the pairs that DPO run still ranks wrong, until another queue is chosen.
    void setQueue(const std::string& sortColumn, std::uint64_t seed = 0,
                  std::optional<std::int64_t> wrongAfterRun = std::nullopt);
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

    /// Edge of the thumbnails in logical pixels.
    int thumbnailSize() const { return m_thumbnailSize; }
    void setThumbnailSize(int pixels);

    /// Flag names for display: "empty, short".
    static QString flagText(std::uint32_t flags);
    /// The core sort key shown in each column.
    static const char* sortColumnOf(int column);

Q_SIGNALS:
    /// A query failed (damaged file, bad filter); the model keeps what it had loaded.
    void queryFailed(const QString& message);

private:
    void append(std::vector<core::PairRow> rows);
    QVariant thumbnail(const core::PairRow& row) const;
    void thumbnailReady(const QString& path, const QImage& image);
    void notifyThumbnail(const QString& path);

    core::Project& m_project;
    core::PairFilter m_filter;
    QStringList m_matchWords;
    std::vector<core::PairRow> m_rows;
    std::unordered_map<qint64, int> m_rowOfPair;
    /// Loaded pairs that the store no longer counts before the next page: those that left the
    /// filter, and those whose sort key changed (they may have moved past the loaded rows).
    /// The next page starts that many rows earlier; rows seen again are skipped, and a moved
    /// pair seen again is known to be before the next page once more.
    std::unordered_set<qint64> m_departed;
    std::unordered_set<qint64> m_displaced;
    qint64 m_total = 0;

    int m_thumbnailSize = 48;
    mutable QCache<QString, QPixmap> m_thumbnails;
    mutable QSet<QString> m_loading;
    /// Files that could not be decoded: not tried again for every repaint.
    mutable QSet<QString> m_unreadable;
};

} // namespace prefstudio::ui
