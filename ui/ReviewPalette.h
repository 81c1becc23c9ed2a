#pragma once

#include <QColor>

class QPalette;

namespace prefstudio::ui {

/// The few colours that carry meaning (chosen, rejected, pending, flagged), picked to read on
/// light and dark palettes alike; everything else follows the system palette.
class ReviewPalette
{
public:
    static QColor chosen();
    static QColor rejected();
    static QColor pending();
    static QColor flagged();
    /// Neutral data colour (histogram bars) from the palette's highlight.
    static QColor data(const QPalette& palette);
    /// True when the palette's window is dark (light text on a dark background).
    static bool isDark(const QPalette& palette);
};

} // namespace prefstudio::ui
