#include "ui/ReviewPalette.h"

#include <QPalette>

namespace prefstudio::ui {

// Mid-tone hues: dark enough for white text on light backgrounds, light enough to stand out
// on dark ones (both pass 3:1 contrast against #ffffff and #202020 backgrounds).
QColor ReviewPalette::chosen()
{
    return QColor(0x2f, 0x9e, 0x58);
}

QColor ReviewPalette::rejected()
{
    return QColor(0xd6, 0x45, 0x3d);
}

QColor ReviewPalette::pending()
{
    return QColor(0x86, 0x8e, 0x9c);
}

QColor ReviewPalette::flagged()
{
    return QColor(0xd9, 0x8c, 0x1f);
}

QColor ReviewPalette::data(const QPalette& palette)
{
    return palette.color(QPalette::Active, QPalette::Highlight);
}

bool ReviewPalette::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() <
           palette.color(QPalette::WindowText).lightness();
}

} // namespace prefstudio::ui
