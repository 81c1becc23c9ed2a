#pragma once

#include <QAbstractTableModel>
#include <QCache>
#include <QPixmap>
#include <QSet>
#include <QStringList>

#include "store/ReviewQueries.h"

#include <atomic>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace prefstudio::core {
class Project;
}

namespace prefstudio::ui {

class JobRunner;

/// The pairs of a project matching a filter, as a table that loads itself page by page
/// (canFetchMore/fetchMore) so that a project with 100K pairs opens as fast as one with ten.
/// Filter and order are SQL on the store (core::pagePairs); thumbnails are decoded off the UI
/// thread into a cache of bounded size. With a JobRunner (setRunner) a new filter or order is
/// counted and its first page read off the UI thread: the list keeps showing the old rows
/// until the new ones are in (loaded()); without one, as in the first load of a window,
/// reload() reads on the calling thread.
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
    /// False while a page is being read (or a reload is out).
    bool canFetchMore(const QModelIndex& parent) const override;
    /// With a runner, reads the next page off the UI thread and adds it when it is in
    /// (loaded()); without one, as fetchMoreNow().
    void fetchMore(const QModelIndex& parent) override;
    /// Reads the next page on the calling thread and adds it now: for moving past the loaded
    /// rows by keyboard, where the next row is needed at once.
    void fetchMoreNow();
    /// Whether the filter matches pairs that are not loaded yet (false while a reload is out).
    bool hasUnloadedRows() const;
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
    /// From now on reload() reads on `runner`'s list connection, off the UI thread; null
    /// reads on the calling thread again. The runner must outlive the model or be unset.
    void setRunner(JobRunner* runner);
    /// True from a reload() or fetchMore() with a runner until its rows are in.
    bool isLoading() const { return m_pendingReloads > 0 || m_pendingFetches > 0; }
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
    /// A reload's rows (after the model reset) or a fetched page are in, or the read failed.
    void loaded();

private:
    /// The count of a filter and its first page, read together.
    struct FirstPage
    {
        qint64 total = 0;
        std::vector<core::PairRow> rows;
        bool superseded = false; ///< a later reload was asked for before this one ran
    };
    static FirstPage readFirstPage(core::Project& project, const core::PairFilter& filter);
    /// Shows a reload's rows (none after a failure), then says so: queryFailed() when
    /// `failure` is set, and loaded().
    void finishReload(FirstPage page, const QString& failure);
    /// Where the next page starts in the store's order and how many rows to ask for.
    struct PageRequest
    {
        std::int64_t offset = 0;
        std::int64_t limit = 0;
        bool operator==(const PageRequest&) const = default;
    };
    PageRequest nextPageRequest() const;
    void addPage(std::vector<core::PairRow> page);
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
    JobRunner* m_runner = nullptr;
    /// Reloads asked for and not yet shown; the newest one's number, also read by the worker
    /// to skip reloads superseded before they started.
    int m_pendingReloads = 0;
    int m_pendingFetches = 0;
    std::shared_ptr<std::atomic<quint64>> m_latestReload =
        std::make_shared<std::atomic<quint64>>(0);

    int m_thumbnailSize = 48;
    mutable QCache<QString, QPixmap> m_thumbnails;
    mutable QSet<QString> m_loading;
    /// Files that could not be decoded: not tried again for every repaint.
    mutable QSet<QString> m_unreadable;
};

} // namespace prefstudio::ui
