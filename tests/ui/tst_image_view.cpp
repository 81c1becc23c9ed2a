#include "ui/ImageCache.h"
#include "ui/ImageView.h"

#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace prefstudio;

/// The inspector's image: decoded off the UI thread into a bounded cache, prefetched, zoomed
/// and panned.
class TestImageView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /// An image whose left half is red and right half blue, so that what is drawn where can
    /// be checked.
    QString writeImage(const QString& name, int width, int height)
    {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(Qt::blue);
        QPainter(&image).fillRect(0, 0, width / 2, height, Qt::red);
        const QString path = m_dir.filePath(name);
        if (!image.save(path))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    /// A view of 400 x 300 logical pixels at device pixel ratio 1 showing an 800 x 600 image.
    std::unique_ptr<ui::ImageView> viewOfLargeImage()
    {
        auto view = std::make_unique<ui::ImageView>();
        view->resize(400, 300);
        view->setImagePath(writeImage(QStringLiteral("large.png"), 800, 600));
        if (!QTest::qWaitFor([&] { return view->hasImage(); }))
            qFatal("the image never arrived");
        return view;
    }

private Q_SLOTS:
    void decodesOffTheUiThreadAndDeliversOnce()
    {
        ui::ImageCache cache;
        const QString path = writeImage(QStringLiteral("a.png"), 64, 48);
        QSignalSpy spy(&cache, &ui::ImageCache::decoded);
        QVERIFY(cache.request(path) == nullptr);
        QVERIFY(cache.isDecoding(path));
        QVERIFY(cache.request(path) == nullptr); // asked again while decoding: one decode
        cache.waitForIdle();
        QCOMPARE(spy.count(), 1);
        const ui::DecodedImage* hit = cache.request(path);
        QVERIFY(hit);
        QCOMPARE(hit->image.size(), QSize(64, 48));
        QCOMPARE(hit->fileSize, QSize(64, 48));
        QCOMPARE(hit->image.pixelColor(0, 0), QColor(Qt::red));
        QCOMPARE(hit->image.pixelColor(63, 0), QColor(Qt::blue));
    }

    void missingAndDamagedFilesSayWhyAndAreNotKept()
    {
        ui::ImageCache cache;
        const QString missing = m_dir.filePath(QStringLiteral("nowhere.png"));
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.png"));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x89PNG\r\n\x1a\n not really");
        file.close();
        QSignalSpy spy(&cache, &ui::ImageCache::decoded);
        cache.prefetch({missing, damaged});
        cache.waitForIdle();
        QCOMPARE(spy.count(), 2);
        for (const QList<QVariant>& arguments : spy) {
            const auto result = arguments.at(1).value<ui::DecodedImage>();
            const bool isMissing = arguments.at(0).toString() == missing;
            QCOMPARE(result.problem, isMissing ? ui::DecodedImage::Problem::Missing
                                               : ui::DecodedImage::Problem::Unreadable);
            QVERIFY(result.image.isNull());
            QCOMPARE(result.error.isEmpty(), isMissing);
        }
        // Not cached: putting the file right shows it without clearing anything.
        QVERIFY(!cache.cached(missing));
        QVERIFY(!cache.cached(damaged));
        QVERIFY(QFile::copy(writeImage(QStringLiteral("fine.png"), 8, 8), missing));
        QVERIFY(!cache.request(missing));
        cache.waitForIdle();
        QVERIFY(cache.cached(missing));
    }

    void memoryStaysWithinTheBudget()
    {
        // 64 x 64 RGB32 is 16 KiB: a 100 KiB budget keeps six of them however many are seen.
        const qsizetype budget = 100 * 1024;
        ui::ImageCache cache(nullptr, budget);
        QStringList paths;
        for (int i = 0; i < 40; ++i)
            paths << writeImage(QStringLiteral("b%1.png").arg(i), 64, 64);
        for (const QString& path : paths) {
            cache.request(path);
            cache.waitForIdle();
            QVERIFY(cache.usedBytes() <= budget);
        }
        QCOMPARE(cache.usedBytes(), 6 * 64 * 64 * 4);
        // The most recently used ones are those kept.
        QVERIFY(cache.cached(paths.last()));
        QVERIFY(!cache.cached(paths.first()));
    }

    void hugeFilesAreDecodedReduced()
    {
        const QString path =
            writeImage(QStringLiteral("wide.png"), 2 * ui::ImageCache::kMaxEdge, 10);
        const ui::DecodedImage decoded = ui::ImageCache::decode(path);
        QCOMPARE(decoded.fileSize, QSize(2 * ui::ImageCache::kMaxEdge, 10));
        QCOMPARE(decoded.image.width(), ui::ImageCache::kMaxEdge);
        QCOMPARE(decoded.image.height(), 5);
    }

    void prefetchedImagesShowAtOnce()
    {
        ui::ImageView view;
        view.resize(200, 150);
        const QString next = writeImage(QStringLiteral("next.png"), 32, 32);
        view.imageCache()->prefetch({next});
        view.imageCache()->waitForIdle();
        view.setImagePath(next);
        QVERIFY(view.hasImage()); // no event loop turn needed
        QCOMPARE(view.problem(), ui::ImageView::Problem::None);

        // Not prefetched: a placeholder until the decode arrives.
        view.setImagePath(writeImage(QStringLiteral("cold.png"), 32, 32));
        QCOMPARE(view.problem(), ui::ImageView::Problem::Loading);
        QVERIFY(!view.hasImage());
        QTRY_VERIFY(view.hasImage());
    }

    void aLateDecodeDoesNotReplaceTheCurrentImage()
    {
        ui::ImageView view;
        view.resize(200, 150);
        const QString slow = writeImage(QStringLiteral("first.png"), 32, 32);
        const QString now = writeImage(QStringLiteral("second.png"), 16, 16);
        view.setImagePath(slow);
        view.setImagePath(now);
        view.imageCache()->waitForIdle();
        QCOMPARE(view.imagePath(), now);
        QCOMPARE(view.fileSize(), QSize(16, 16));
    }

    void fitsActualSizeAndToggles()
    {
        auto view = viewOfLargeImage();
        QVERIFY(view->isFitted());
        QCOMPARE(view->zoom(), 0.5);
        view->zoomToActualSize();
        QVERIFY(!view->isFitted());
        QCOMPARE(view->zoom(), 1.0);
        QCOMPARE(view->centre(), QPointF(400, 300));
        // The toolbar buttons say which mode is on.
        QVERIFY(view->findChild<QToolButton*>(QStringLiteral("zoomActualButton"))->isChecked());
        QVERIFY(!view->findChild<QToolButton*>(QStringLiteral("zoomFitButton"))->isChecked());
        view->findChild<QToolButton*>(QStringLiteral("zoomFitButton"))->click();
        QVERIFY(view->isFitted());
        // Double-click: fitted -> 100 % at the clicked point, and back.
        QTest::mouseDClick(view.get(), Qt::LeftButton, {}, QPoint(100, 75));
        QCOMPARE(view->zoom(), 1.0);
        QTest::mouseDClick(view.get(), Qt::LeftButton, {}, QPoint(100, 75));
        QVERIFY(view->isFitted());
    }

    void wheelZoomKeepsThePointUnderTheCursor()
    {
        auto view = viewOfLargeImage();
        view->zoomToActualSize();
        // At 100 % centred on (400, 300), view point (300, 150) shows file point (500, 300).
        const QPointF anchor(300, 150);
        QWheelEvent wheel(anchor, view->mapToGlobal(anchor), {}, QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view.get(), &wheel);
        QCOMPARE(view->zoom(), 1.25);
        // File point under the anchor: centre + (anchor - mid) / zoom.
        const QPointF under = view->centre() + (anchor - QPointF(200, 150)) / view->zoom();
        QCOMPARE(under, QPointF(500, 300));
    }

    void dragPansAndStopsAtTheEdges()
    {
        auto view = viewOfLargeImage();
        view->zoomToActualSize();
        QTest::mousePress(view.get(), Qt::LeftButton, {}, QPoint(200, 150));
        QTest::mouseMove(view.get(), QPoint(150, 130));
        QTest::mouseRelease(view.get(), Qt::LeftButton, {}, QPoint(150, 130));
        QCOMPARE(view->centre(), QPointF(450, 320));
        // Dragged far right: the image's left edge stops at the view's left edge.
        QTest::mousePress(view.get(), Qt::LeftButton, {}, QPoint(10, 10));
        QTest::mouseMove(view.get(), QPoint(390, 290));
        QTest::mouseRelease(view.get(), Qt::LeftButton, {}, QPoint(390, 290));
        QCOMPARE(view->centre(), QPointF(200, 150));
        const QImage shown = view->grab().toImage();
        QCOMPARE(shown.pixelColor(5, 100), QColor(Qt::red)); // the file's left half
    }

    void zoomedOutTheImageStaysCentred()
    {
        auto view = viewOfLargeImage();
        view->zoomBy(0.5, QPointF(10, 10));
        QCOMPARE(view->zoom(), 0.25);
        // Smaller than the view on both axes: centred whatever the anchor.
        QCOMPARE(view->centre(), QPointF(400, 300));
        const QImage shown = view->grab().toImage();
        QCOMPARE(shown.pixelColor(150, 150), QColor(Qt::red));
        QCOMPARE(shown.pixelColor(250, 150), QColor(Qt::blue));
        QVERIFY(shown.pixelColor(50, 150) != QColor(Qt::red)); // outside the image
    }
};

QTEST_MAIN(TestImageView)
#include "tst_image_view.moc"
