#include "ui/ImageView.h"

#include <QFileInfo>
#include <QImageReader>
#include <QPainter>

namespace prefstudio::ui {

ImageView::ImageView(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    clear();
}

void ImageView::clear()
{
    m_path.clear();
    m_image = QImage();
    m_message = tr("No pair selected");
    update();
}

void ImageView::setImagePath(const QString& path)
{
    m_path = path;
    m_image = QImage();
    m_message.clear();
    if (path.isEmpty()) {
        m_message = tr("This sample has no image");
    } else if (!QFileInfo::exists(path)) {
        m_message = tr("Image not found: %1").arg(path);
    } else {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        m_image = reader.read();
        if (m_image.isNull())
            m_message = tr("Cannot read image %1: %2").arg(path, reader.errorString());
    }
    setToolTip(m_image.isNull()
                   ? m_message
                   : tr("%1 (%2 × %3)").arg(path).arg(m_image.width()).arg(m_image.height()));
    update();
}

QSize ImageView::sizeHint() const
{
    return {360, 280};
}

QSize ImageView::minimumSizeHint() const
{
    return {120, 90};
}

void ImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (m_image.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message);
        return;
    }
    const QSize fitted = m_image.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                       fitted);
    // Small synthetic images stay crisp when enlarged; photos are shrunk smoothly.
    const bool enlarging = fitted.width() > m_image.width();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, !enlarging);
    painter.drawImage(target, m_image);
}

} // namespace prefstudio::ui
