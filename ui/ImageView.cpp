#include "ui/ImageView.h"

#include "ui/ImageCache.h"

#include <QAction>
#include <QFileInfo>
#include <QMouseEvent>
#include <QPainter>
#include <QStyle>
#include <QToolButton>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace prefstudio::ui {

namespace {

constexpr int kIconSize = 32;
constexpr int kGap = 8;
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 32.0;
/// One wheel notch zooms by this factor.
constexpr double kWheelStep = 1.25;

} // namespace

ImageView::ImageView(QWidget* parent) : QWidget(parent), m_cache(new ImageCache(this))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(false);
    m_relink = new QToolButton(this);
    m_relink->setObjectName(QStringLiteral("relinkButton"));
    m_relink->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_relink->hide();

    m_fitButton = new QToolButton(this);
    m_fitButton->setObjectName(QStringLiteral("zoomFitButton"));
    m_fitButton->setText(tr("Fit"));
    m_fitButton->setToolTip(tr("Fit the image to the view (double-click toggles)"));
    m_fitButton->setCheckable(true);
    m_fitButton->setAutoRaise(true);
    connect(m_fitButton, &QToolButton::clicked, this, &ImageView::zoomToFit);
    m_actualButton = new QToolButton(this);
    m_actualButton->setObjectName(QStringLiteral("zoomActualButton"));
    m_actualButton->setText(tr("100 %"));
    m_actualButton->setToolTip(tr("One image pixel per screen pixel; wheel zooms, drag pans"));
    m_actualButton->setCheckable(true);
    m_actualButton->setAutoRaise(true);
    connect(m_actualButton, &QToolButton::clicked, this, &ImageView::zoomToActualSize);

    connect(m_cache, &ImageCache::decoded, this,
            [this](const QString& path, const DecodedImage& result) {
                if (m_problem == Problem::Loading && path == m_path)
                    showDecoded(result);
            });
    clear();
}

void ImageView::setRelinkAction(QAction* action)
{
    m_relink->setDefaultAction(action);
}

void ImageView::clear()
{
    m_path.clear();
    m_image = QImage();
    m_fileSize = {};
    m_problem = Problem::NothingSelected;
    m_message = tr("No pair selected");
    m_relink->hide();
    setToolTip({});
    updateButtons();
    update();
}

void ImageView::setImagePath(const QString& path)
{
    m_path = path;
    m_image = QImage();
    m_fileSize = {};
    m_relink->hide();
    if (path.isEmpty()) {
        m_problem = Problem::NoImage;
        m_message = tr("This sample has no image");
        setToolTip({});
    } else if (const DecodedImage* decoded = m_cache->request(path)) {
        showDecoded(*decoded);
        return;
    } else {
        m_problem = Problem::Loading;
        m_message = tr("Loading %1…").arg(QFileInfo(path).fileName());
        setToolTip(path);
    }
    updateButtons();
    update();
}

void ImageView::showDecoded(const DecodedImage& decoded)
{
    m_image = decoded.image;
    m_fileSize = decoded.fileSize;
    m_message.clear();
    switch (decoded.problem) {
    case DecodedImage::Problem::None:
        m_problem = Problem::None;
        break;
    case DecodedImage::Problem::Missing:
        m_problem = Problem::Missing;
        m_message = tr("Image file not found:\n%1\n\nWas the images folder moved?").arg(m_path);
        break;
    case DecodedImage::Problem::Unreadable:
        m_problem = Problem::Unreadable;
        m_message = tr("Cannot read image:\n%1\n\n%2").arg(m_path, decoded.error);
        break;
    }
    setToolTip(
        m_image.isNull()
            ? m_message
            : tr("%1 (%2 × %3)").arg(m_path).arg(m_fileSize.width()).arg(m_fileSize.height()));
    if (m_fit)
        m_centre = QPointF(m_fileSize.width() / 2.0, m_fileSize.height() / 2.0);
    else
        clampCentre();
    m_relink->setVisible((m_problem == Problem::Missing || m_problem == Problem::Unreadable) &&
                         m_relink->defaultAction());
    placeButtons();
    updateButtons();
    update();
}

double ImageView::fitZoom() const
{
    if (m_fileSize.isEmpty())
        return 1.0;
    const double dpr = devicePixelRatioF();
    return std::min(width() * dpr / m_fileSize.width(), height() * dpr / m_fileSize.height());
}

double ImageView::zoom() const
{
    return m_fit ? fitZoom() : m_zoom;
}

void ImageView::zoomToFit()
{
    m_fit = true;
    m_centre = QPointF(m_fileSize.width() / 2.0, m_fileSize.height() / 2.0);
    updateButtons();
    update();
}

void ImageView::zoomToActualSize()
{
    m_fit = false;
    m_zoom = 1.0;
    clampCentre();
    updateButtons();
    update();
}

void ImageView::zoomBy(double factor, QPointF anchor)
{
    if (m_image.isNull())
        return;
    const double before = zoom();
    const double after = std::clamp(before * factor, kMinZoom, kMaxZoom);
    // The file point under the anchor stays under it: centre' = p - (anchor - mid) / after.
    const double dpr = devicePixelRatioF();
    const QPointF fromMid = (anchor - QPointF(width() / 2.0, height() / 2.0)) * dpr;
    const QPointF filePoint = m_centre + fromMid / before;
    m_centre = filePoint - fromMid / after;
    m_zoom = after;
    m_fit = false;
    clampCentre();
    updateButtons();
    update();
}

void ImageView::clampCentre()
{
    if (m_fileSize.isEmpty())
        return;
    // Along each axis where the image is wider than the view, the view stays on the image;
    // where it is narrower, the image is centred.
    const double dpr = devicePixelRatioF();
    const double z = zoom();
    auto clampAxis = [](double centre, double fileExtent, double viewExtentInFile) {
        if (fileExtent <= viewExtentInFile)
            return fileExtent / 2.0;
        return std::clamp(centre, viewExtentInFile / 2.0, fileExtent - viewExtentInFile / 2.0);
    };
    m_centre.setX(clampAxis(m_centre.x(), m_fileSize.width(), width() * dpr / z));
    m_centre.setY(clampAxis(m_centre.y(), m_fileSize.height(), height() * dpr / z));
}

QRectF ImageView::imageRect() const
{
    const double scale = zoom() / devicePixelRatioF(); // logical pixels per file pixel
    const QSizeF shown(m_fileSize.width() * scale, m_fileSize.height() * scale);
    const QPointF topLeft = QPointF(width() / 2.0, height() / 2.0) - m_centre * scale;
    return {topLeft, shown};
}

void ImageView::updateButtons()
{
    const bool shown = !m_image.isNull();
    m_fitButton->setVisible(shown);
    m_actualButton->setVisible(shown);
    m_fitButton->setChecked(shown && m_fit);
    m_actualButton->setChecked(shown && !m_fit && std::abs(m_zoom - 1.0) < 1e-9);
}

QSize ImageView::sizeHint() const
{
    return {360, 280};
}

QSize ImageView::minimumSizeHint() const
{
    return {120, 90};
}

void ImageView::resizeEvent(QResizeEvent*)
{
    if (!m_fit)
        clampCentre();
    placeButtons();
}

void ImageView::placeButtons()
{
    const QSize hint = m_relink->sizeHint();
    m_relink->setGeometry((width() - hint.width()) / 2, height() - hint.height() - 2 * kGap,
                          hint.width(), hint.height());
    const QSize actual = m_actualButton->sizeHint();
    const QSize fit = m_fitButton->sizeHint();
    m_actualButton->setGeometry(width() - actual.width() - kGap / 2, kGap / 2, actual.width(),
                                actual.height());
    m_fitButton->setGeometry(m_actualButton->x() - fit.width(), kGap / 2, fit.width(),
                             fit.height());
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    if (m_image.isNull()) {
        event->ignore();
        return;
    }
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0.0)
        zoomBy(std::pow(kWheelStep, notches), event->position());
    event->accept();
}

void ImageView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !m_image.isNull()) {
        m_dragging = true;
        m_dragFrom = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging)
        return;
    const QPointF moved = event->position() - m_dragFrom;
    m_dragFrom = event->position();
    if (m_fit) {
        // Dragging a fitted image starts panning at the zoom it had.
        m_zoom = fitZoom();
        m_fit = false;
        updateButtons();
    }
    m_centre -= moved * devicePixelRatioF() / m_zoom;
    clampCentre();
    update();
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        unsetCursor();
    }
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (m_image.isNull())
        return;
    if (m_fit) {
        zoomBy(1.0 / fitZoom(), event->position());
        updateButtons();
    } else {
        zoomToFit();
    }
}

void ImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (m_image.isNull()) {
        paintPlaceholder(painter);
        return;
    }
    const QRectF target = imageRect();
    // Enlarged pixels stay crisp (small synthetic images, pixel peeping); shrunk photos are
    // filtered smoothly.
    const bool enlarging = target.width() * devicePixelRatioF() > m_image.width();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, !enlarging);
    painter.drawImage(target, m_image);
    paintCaption(painter);
}

void ImageView::paintCaption(QPainter& painter)
{
    const QString caption = tr("%1 · %2 × %3 · %4 %")
                                .arg(QFileInfo(m_path).fileName())
                                .arg(m_fileSize.width())
                                .arg(m_fileSize.height())
                                .arg(qRound(zoom() * 100));
    const QFontMetrics metrics = painter.fontMetrics();
    const QString shown =
        metrics.elidedText(caption, Qt::ElideMiddle, std::max(0, width() - 2 * kGap));
    QRect box = metrics.boundingRect(shown).adjusted(-kGap / 2, -2, kGap / 2, 2);
    box.moveBottomLeft(QPoint(kGap / 2, height() - kGap / 2));
    QColor backdrop = palette().color(QPalette::Window);
    backdrop.setAlpha(200);
    painter.fillRect(box, backdrop);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(box, Qt::AlignCenter, shown);
}

void ImageView::paintPlaceholder(QPainter& painter)
{
    QRect area = rect().adjusted(kGap, kGap, -kGap, -kGap);
    if (m_relink->isVisible())
        area.setBottom(m_relink->geometry().top() - kGap);
    // A warning sign above the reason for a file that should be there; plain text when the
    // sample has none or its file is being decoded. Both centred as one block.
    const bool warn = m_problem == Problem::Missing || m_problem == Problem::Unreadable;
    const QRect text =
        painter.fontMetrics().boundingRect(QRect(0, 0, area.width(), area.height()),
                                           Qt::AlignHCenter | Qt::TextWrapAnywhere, m_message);
    const int blockHeight = text.height() + (warn ? kIconSize + kGap : 0);
    int top = area.top() + std::max(0, (area.height() - blockHeight) / 2);
    if (warn) {
        style()
            ->standardIcon(QStyle::SP_MessageBoxWarning)
            .paint(&painter, QRect(area.center().x() - kIconSize / 2, top, kIconSize, kIconSize));
        top += kIconSize + kGap;
    }
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(area.left(), top, area.width(), area.bottom() - top),
                     Qt::AlignHCenter | Qt::AlignTop | Qt::TextWrapAnywhere, m_message);
}

} // namespace prefstudio::ui
