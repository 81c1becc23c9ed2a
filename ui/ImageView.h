#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

namespace prefstudio::ui {

/// Shows one image scaled to fit while keeping its aspect ratio, or a line of text saying why
/// there is none (no image for this sample, file missing or unreadable).
class ImageView : public QWidget
{
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    /// Loads `path`; an empty path means the sample has no image.
    void setImagePath(const QString& path);
    void clear();

    const QString& imagePath() const { return m_path; }
    bool hasImage() const { return !m_image.isNull(); }
    /// What is shown instead of an image; empty while an image is shown.
    const QString& message() const { return m_message; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_path;
    QImage m_image;
    QString m_message;
};

} // namespace prefstudio::ui
