#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

#include "store/ImageCandidates.h"

class QButtonGroup;
class QHBoxLayout;
class QScrollArea;
class QToolButton;

namespace prefstudio::ui {

class ImageCache;
struct DecodedImage;

/// The inspector's "Generated images (N)" section: when a sample's image was kept from several
/// text-to-image generations (a pipeline's images stage), their thumbnails with each one's
/// image score and generation parameters, the kept one framed. Clicking a thumbnail asks for
/// it to be shown in the image view (the sample's image does not change); the kept one brings
/// the sample's image back. The section hides itself for samples without generated images.
class GeneratedImageStrip : public QWidget
{
    Q_OBJECT
public:
    /// Thumbnails are decoded by `cache` (the image view's, so that a click shows at once).
    explicit GeneratedImageStrip(ImageCache* cache, QWidget* parent = nullptr);

    /// Shows these images with the kept one selected; hides the section when there are none.
    void setCandidates(const core::SampleImageCandidates& candidates);
    void clear();

    int count() const { return static_cast<int>(m_images.size()); }
    /// The thumbnail button of image `index` (in the order given), for tests and key focus.
    QToolButton* thumbnail(int index) const;
    /// The image the strip last asked to show (the kept one after setCandidates).
    QString currentPath() const { return m_current; }
    bool isExpanded() const;

    /// Generation parameters in a few words ("guidance 7"), leaving out the seed.
    static QString paramsText(const std::string& paramsJson);

Q_SIGNALS:
    /// Show this file in the image view.
    void imageRequested(const QString& path);

private:
    void setExpanded(bool expanded);
    void showThumbnail(int index, const DecodedImage& decoded);
    void imageDecoded(const QString& path, const DecodedImage& decoded);

    ImageCache* m_cache;
    QToolButton* m_header;
    QScrollArea* m_scroll;
    QWidget* m_row;
    QHBoxLayout* m_rowLayout;
    QButtonGroup* m_group;
    QVector<QToolButton*> m_buttons;
    std::vector<core::ImageCandidateView> m_images;
    QString m_current;
    /// Collapsing stays as the reviewer left it while they move through the pairs.
    bool m_expanded = true;
};

} // namespace prefstudio::ui
