// plot: line plots drawn with ImDrawList (Debian has no ImPlot): a frame, a y axis from zero to
// the largest value, one or more series of per-second samples (or of (x, y) points, overlaid), a
// legend, and on hover a vertical line with each series' exact value. When there are more samples
// than pixels, each pixel column shows the largest sample it covers, so a one-second spike never
// disappears.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "draw/theme.hpp"
#include "model/metrics.hpp"

namespace scaleout::gui {

struct PlotSeries {
  std::string label;
  ImU32 colour;
  std::function<float(const SecondSample&)> value;
  bool dashed = false;
};

void draw_plot(const char* title, const Metrics::Series& samples,
               const std::vector<PlotSeries>& series, float height, const Theme& theme);

// A series of (x, y) points for draw_xy_plot; a y below 0 leaves a gap.
struct XySeries {
  std::string label;
  ImU32 colour;
  std::vector<std::pair<double, double>> points;
  double step = 0;  // > 0: each point holds its value from x to x + step (slices of time)
};

// Several series over the same x range (0 .. x_max), overlaid: the Compare panel's runs, each
// from its own start. On hover, each series' value nearest the mouse.
void draw_xy_plot(const char* title, const std::vector<XySeries>& series, double x_max,
                  const char* x_unit, float height, const Theme& theme);

}  // namespace scaleout::gui
