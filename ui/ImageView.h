#pragma once

#include <QImage>
#include <QPointF>
#include <QString>
#include <QWidget>

class QAction;
class QToolButton;

namespace prefstudio::ui {

class ImageCache;
struct DecodedImage;

/// Shows one image, decoded off the UI thread by its ImageCache, fitted to the view or
/// zoomed (wheel around the cursor, 100 %, drag to pan, double-click toggles fit and 100 %),
/// with its file name, pixel size and zoom in a caption; or a placeholder saying why there is
/// none (no image for this sample, file missing or unreadable), which for a missing or
/// unreadable file offers the relink action.
class ImageView : public QWidget
{
    Q_OBJECT
public:
    enum class Problem { None, NothingSelected, NoImage, Loading, Missing, Unreadable };

    explicit ImageView(QWidget* parent = nullptr);

    /// Shows `path` (from the cache at once when it was decoded ahead, else when its decode
    /// arrives); an empty path means the sample has no image.
    void setImagePath(const QString& path);
    void clear();
    /// Offered as a button on the placeholder of a missing or unreadable file.
    void setRelinkAction(QAction* action);
    /// Decodes and keeps images for this view; prefetch the next ones through it.
    ImageCache* imageCache() const { return m_cache; }

    const QString& imagePath() const { return m_path; }
    bool hasImage() const { return !m_image.isNull(); }
    Problem problem() const { return m_problem; }
    /// What is shown instead of an image; empty while an image is shown.
    const QString& message() const { return m_message; }
    /// Pixel size of the file shown (the image may be decoded reduced); invalid without one.
    QSize fileSize() const { return m_fileSize; }

    /// Screen pixels per file pixel now shown.
    double zoom() const;
    bool isFitted() const { return m_fit; }
    void zoomToFit();
    /// One file pixel per screen pixel, centred on what is in the middle of the view now.
    void zoomToActualSize();
    /// Multiplies the zoom keeping the file point under `anchor` (view coordinates) still.
    void zoomBy(double factor, QPointF anchor);
    /// The file point in the middle of the view.
    QPointF centre() const { return m_centre; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void showDecoded(const DecodedImage& decoded);
    void placeButtons();
    void updateButtons();
    /// Keeps the image covering the view where it is larger than the view.
    void clampCentre();
    double fitZoom() const;
    QRectF imageRect() const;
    void paintPlaceholder(QPainter& painter);
    void paintCaption(QPainter& painter);

    ImageCache* m_cache = nullptr;
    QString m_path;
    QImage m_image;
    QSize m_fileSize;
    QString m_message;
    Problem m_problem = Problem::NothingSelected;
    QToolButton* m_relink = nullptr;
    QToolButton* m_fitButton = nullptr;
    QToolButton* m_actualButton = nullptr;
    bool m_fit = true;
    /// Screen pixels per file pixel when not fitted.
    double m_zoom = 1.0;
    QPointF m_centre;
    bool m_dragging = false;
    QPointF m_dragFrom;
};

} // namespace prefstudio::ui
