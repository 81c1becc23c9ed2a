#pragma once

#include <QPalette>

class QChart;
class QChartView;
class QWidget;

namespace prefstudio::ui {

/// What every chart of the studio shares: a view without animation or legend, emptied and
/// restyled from the widget palette, so that charts follow a light or dark system theme.
class ChartStyle
{
public:
    /// A chart view named `name`, at least `minWidth` x `minHeight`.
    static QChartView* makeView(const char* name, QWidget* parent, int minWidth, int minHeight);
    /// Removes every series and axis (and deletes the axes).
    static void clear(QChart* chart);
    /// Background, titles, labels and grid from `palette`; call after the axes are attached.
    static void apply(QChart* chart, const QPalette& palette);
};

} // namespace prefstudio::ui
