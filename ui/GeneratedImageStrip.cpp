#include "ui/GeneratedImageStrip.h"

#include "ui/ImageCache.h"

#include <QButtonGroup>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace prefstudio::ui {

namespace {

constexpr int kThumbnail = 72;
constexpr int kFrame = 3;
const QColor kKeptColour(0x2e, 0x8b, 0x57);

QString number(double value)
{
    return QString::number(value, 'g', 4);
}

/// The thumbnail on a square canvas, the kept image framed so that it stands out in the row.
QPixmap thumbnailPixmap(const QImage& image, bool kept, qreal ratio)
{
    const int side = kThumbnail;
    QPixmap canvas(QSize(side, side) * ratio);
    canvas.setDevicePixelRatio(ratio);
    canvas.fill(Qt::transparent);
    QPainter painter(&canvas);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const int inner = side - 2 * kFrame;
    if (!image.isNull()) {
        const QSize size = image.size().scaled(inner, inner, Qt::KeepAspectRatio);
        const QRect target((side - size.width()) / 2, (side - size.height()) / 2, size.width(),
                           size.height());
        painter.drawImage(target, image);
    } else {
        painter.fillRect(QRect(kFrame, kFrame, inner, inner), QColor(0, 0, 0, 24));
    }
    if (kept) {
        QPen pen(kKeptColour, kFrame);
        pen.setJoinStyle(Qt::MiterJoin);
        painter.setPen(pen);
        painter.drawRect(QRectF(kFrame / 2.0, kFrame / 2.0, side - kFrame, side - kFrame));
    }
    return canvas;
}

} // namespace

GeneratedImageStrip::GeneratedImageStrip(ImageCache* cache, QWidget* parent)
    : QWidget(parent), m_cache(cache), m_header(new QToolButton(this)),
      m_scroll(new QScrollArea(this)), m_row(new QWidget), m_rowLayout(new QHBoxLayout(m_row)),
      m_group(new QButtonGroup(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);

    m_header->setObjectName(QStringLiteral("generatedImagesHeader"));
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setAutoRaise(true);
    m_header->setCheckable(true);
    m_header->setChecked(m_expanded);
    m_header->setArrowType(Qt::DownArrow);
    connect(m_header, &QToolButton::toggled, this, &GeneratedImageStrip::setExpanded);

    m_rowLayout->setContentsMargins(0, 0, 0, 0);
    m_rowLayout->setSpacing(4);
    m_rowLayout->addStretch(1);
    m_scroll->setObjectName(QStringLiteral("generatedImagesRow"));
    m_scroll->setWidget(m_row);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);

    layout->addWidget(m_header, 0, Qt::AlignLeft);
    layout->addWidget(m_scroll);

    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idClicked, this, [this](int index) {
        if (index < 0 || index >= count())
            return;
        m_current = QString::fromStdString(m_images[static_cast<std::size_t>(index)].path);
        Q_EMIT imageRequested(m_current);
    });
    if (m_cache)
        connect(m_cache, &ImageCache::decoded, this, &GeneratedImageStrip::imageDecoded);
    hide();
}

QToolButton* GeneratedImageStrip::thumbnail(int index) const
{
    return m_buttons.value(index, nullptr);
}

bool GeneratedImageStrip::isExpanded() const
{
    return m_expanded;
}

QString GeneratedImageStrip::paramsText(const std::string& paramsJson)
{
    const nlohmann::json params = nlohmann::json::parse(paramsJson, nullptr, false);
    if (!params.is_object())
        return {};
    QStringList parts;
    for (const auto& [key, value] : params.items()) {
        if (key == "seed")
            continue;
        QString text;
        if (value.is_number())
            text = number(value.get<double>());
        else if (value.is_string())
            text = QString::fromStdString(value.get<std::string>());
        else
            text = QString::fromStdString(value.dump());
        parts << QStringLiteral("%1 %2").arg(QString::fromStdString(key), text);
    }
    return parts.join(QStringLiteral(", "));
}

void GeneratedImageStrip::clear()
{
    for (QToolButton* button : std::as_const(m_buttons)) {
        m_group->removeButton(button);
        delete button;
    }
    m_buttons.clear();
    m_images.clear();
    m_current.clear();
    hide();
}

void GeneratedImageStrip::setCandidates(const core::SampleImageCandidates& candidates)
{
    clear();
    if (candidates.images.empty())
        return;
    m_images = candidates.images;
    m_header->setText(tr("Generated images (%1)").arg(count()));
    QString prompt = QString::fromStdString(candidates.prompt);
    if (!candidates.category.empty())
        prompt = QStringLiteral("[%1] %2").arg(QString::fromStdString(candidates.category), prompt);
    m_header->setToolTip(tr("Made for the text-to-image prompt “%1”; the best by image score "
                            "is the sample's image. Click a thumbnail to look at it.")
                             .arg(prompt));

    for (int i = 0; i < count(); ++i) {
        const core::ImageCandidateView& image = m_images[static_cast<std::size_t>(i)];
        auto* button = new QToolButton(m_row);
        button->setObjectName(QStringLiteral("generatedImage%1").arg(i));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        button->setIconSize(QSize(kThumbnail, kThumbnail));
        const QString score = image.score ? number(*image.score) : tr("no score");
        const QString params = paramsText(image.params);
        QString text = image.kept ? tr("✓ %1").arg(score) : score;
        if (!params.isEmpty())
            text += QLatin1Char('\n') + params;
        button->setText(text);
        QStringList tip;
        tip << QFileInfo(QString::fromStdString(image.path)).fileName() +
                   QStringLiteral(" · %1×%2").arg(image.width).arg(image.height);
        tip << (image.score ? tr("image score %1 (%2)")
                                  .arg(number(*image.score), QString::fromStdString(image.scorer))
                            : tr("not scored"));
        tip << tr("parameters: %1").arg(QString::fromStdString(image.params));
        if (image.kept)
            tip << tr("kept: this is the sample's image");
        button->setToolTip(tip.join(QLatin1Char('\n')));
        if (image.kept) {
            QFont font = button->font();
            font.setBold(true);
            button->setFont(font);
        }
        m_group->addButton(button, i);
        m_rowLayout->insertWidget(i, button);
        m_buttons.push_back(button);
        const QString path = QString::fromStdString(image.path);
        const DecodedImage* decoded = m_cache ? m_cache->request(path) : nullptr;
        showThumbnail(i, decoded ? *decoded : DecodedImage{});
        if (image.kept) {
            button->setChecked(true);
            m_current = path;
        }
    }
    // The row is as tall as its tallest thumbnail, plus a scroll bar when the row overflows.
    const int rowHeight = m_row->sizeHint().height();
    m_scroll->setFixedHeight(rowHeight + m_scroll->horizontalScrollBar()->sizeHint().height());
    setExpanded(m_expanded);
    show();
}

void GeneratedImageStrip::setExpanded(bool expanded)
{
    m_expanded = expanded;
    m_header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    if (m_header->isChecked() != expanded)
        m_header->setChecked(expanded);
    m_scroll->setVisible(expanded);
}

void GeneratedImageStrip::showThumbnail(int index, const DecodedImage& decoded)
{
    QToolButton* button = thumbnail(index);
    if (!button)
        return;
    const bool kept = m_images[static_cast<std::size_t>(index)].kept;
    button->setIcon(QIcon(thumbnailPixmap(decoded.image, kept, devicePixelRatioF())));
}

void GeneratedImageStrip::imageDecoded(const QString& path, const DecodedImage& decoded)
{
    for (int i = 0; i < count(); ++i)
        if (QString::fromStdString(m_images[static_cast<std::size_t>(i)].path) == path)
            showThumbnail(i, decoded);
}

} // namespace prefstudio::ui
