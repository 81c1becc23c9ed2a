#include "ui/ImageCache.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>

namespace prefstudio::ui {

ImageCache::ImageCache(QObject* parent, qsizetype budgetBytes)
    : QObject(parent), m_cache(budgetBytes), m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(2);
    m_pool->setObjectName(QStringLiteral("ImageCache"));
}

ImageCache::~ImageCache()
{
    // Results posted to this object after it is gone are dropped by Qt with it; the decoders
    // still running must not outlive the pool.
    m_pool->clear();
    m_pool->waitForDone();
}

DecodedImage ImageCache::decode(const QString& path)
{
    DecodedImage result;
    if (!QFileInfo::exists(path)) {
        result.problem = DecodedImage::Problem::Missing;
        return result;
    }
    QImageReader reader(path);
    reader.setAutoTransform(true);
    QSize size = reader.size();
    if (size.isValid() && reader.transformation().testFlag(QImageIOHandler::TransformationRotate90))
        size.transpose();
    result.fileSize = size;
    if (size.isValid() && (size.width() > kMaxEdge || size.height() > kMaxEdge)) {
        QSize reduced = size.scaled(kMaxEdge, kMaxEdge, Qt::KeepAspectRatio);
        // The reader scales before it rotates.
        if (reader.transformation().testFlag(QImageIOHandler::TransformationRotate90))
            reduced.transpose();
        reader.setScaledSize(reduced);
    }
    QImage image = reader.read();
    if (image.isNull()) {
        result.problem = DecodedImage::Problem::Unreadable;
        result.error = reader.errorString();
        return result;
    }
    if (!result.fileSize.isValid())
        result.fileSize = image.size();
    // The format the raster paint engine draws without converting, done here instead of on
    // the UI thread at every paint.
    result.image = image.hasAlphaChannel()
                       ? std::move(image).convertToFormat(QImage::Format_ARGB32_Premultiplied)
                       : std::move(image).convertToFormat(QImage::Format_RGB32);
    return result;
}

const DecodedImage* ImageCache::request(const QString& path)
{
    if (const DecodedImage* hit = m_cache.object(path))
        return hit;
    start(path, 1);
    return nullptr;
}

void ImageCache::prefetch(const QStringList& paths)
{
    for (const QString& path : paths)
        if (!path.isEmpty() && !m_cache.contains(path))
            start(path, 0);
}

void ImageCache::clear()
{
    m_cache.clear();
}

void ImageCache::start(const QString& path, int priority)
{
    if (m_pending.contains(path))
        return;
    m_pending.insert(path);
    m_pool->start(
        [this, path] {
            DecodedImage result = decode(path);
            QMetaObject::invokeMethod(
                this, [this, path, result = std::move(result)] { finished(path, result); },
                Qt::QueuedConnection);
        },
        priority);
}

void ImageCache::finished(const QString& path, const DecodedImage& result)
{
    m_pending.remove(path);
    // Only images are kept: a missing or damaged file may be put right at any moment, and
    // asking again costs one look at the disk off the UI thread. One image over the whole
    // budget is delivered but not kept.
    const qsizetype cost = result.image.sizeInBytes();
    if (result.problem == DecodedImage::Problem::None && cost <= m_cache.maxCost())
        m_cache.insert(path, new DecodedImage(result), cost);
    Q_EMIT decoded(path, result);
}

void ImageCache::waitForIdle()
{
    while (!m_pending.isEmpty()) {
        m_pool->waitForDone();
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
}

} // namespace prefstudio::ui
