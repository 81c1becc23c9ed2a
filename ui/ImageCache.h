#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace prefstudio::ui {

/// One decoded image file, or why there is none.
struct DecodedImage
{
    enum class Problem { None, Missing, Unreadable };

    QImage image;
    Problem problem = Problem::None;
    /// The reader's reason when the file could not be decoded.
    QString error;
    /// Pixel size of the file; larger than `image` when it was decoded reduced (see
    /// ImageCache::kMaxEdge).
    QSize fileSize;
};

/// Decodes the inspector's images off the UI thread and keeps the most recently used ones in
/// a cache of bounded size, so that moving to the next sample shows an image decoded ahead of
/// time (prefetch) and memory stays flat however many samples are visited.
class ImageCache : public QObject
{
    Q_OBJECT
public:
    /// Default budget: about 40 decoded 1-megapixel photographs.
    static constexpr qsizetype kDefaultBudgetBytes = 160 * 1024 * 1024;
    /// Files wider or taller than this are decoded reduced to it (a 12,000-pixel scan would
    /// otherwise take half a gigabyte and seconds).
    static constexpr int kMaxEdge = 4096;

    explicit ImageCache(QObject* parent = nullptr, qsizetype budgetBytes = kDefaultBudgetBytes);
    ~ImageCache() override;

    /// The decoded file when it is cached; otherwise nullptr, and a decode is started whose
    /// result arrives through decoded().
    const DecodedImage* request(const QString& path);
    /// Starts decoding the files not yet cached or being decoded, most wanted first.
    void prefetch(const QStringList& paths);
    /// Forgets every decoded file (after files were relinked or replaced on disk).
    void clear();

    /// The cached result for `path` without starting anything; nullptr when not cached.
    const DecodedImage* cached(const QString& path) const { return m_cache.object(path); }
    bool isDecoding(const QString& path) const { return m_pending.contains(path); }
    qsizetype usedBytes() const { return m_cache.totalCost(); }
    qsizetype budgetBytes() const { return m_cache.maxCost(); }
    /// Blocks until every decode started so far has been delivered (tests and benchmarks).
    void waitForIdle();

    /// Reads `path` the way the cache does, on the calling thread.
    static DecodedImage decode(const QString& path);

Q_SIGNALS:
    /// A decode started by request() or prefetch() finished; the result is cached (when it
    /// fits the budget) and `result` stays valid for the duration of the signal.
    void decoded(const QString& path, const prefstudio::ui::DecodedImage& result);

private:
    void start(const QString& path, int priority);
    void finished(const QString& path, const DecodedImage& result);

    QCache<QString, DecodedImage> m_cache;
    QSet<QString> m_pending;
    /// Two decoders: the image asked for now and the next one ahead.
    std::unique_ptr<QThreadPool> m_pool;
};

} // namespace prefstudio::ui

Q_DECLARE_METATYPE(prefstudio::ui::DecodedImage)
