// plot: line plots drawn with ImDrawList (Debian has no ImPlot): a frame, a y axis from zero to
// the largest value, one or more series of per-second samples, a legend, and on hover a vertical
// line with each series' exact value. When there are more samples than pixels, each pixel column
// shows the largest sample it covers, so a one-second spike never disappears.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
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

}  // namespace scaleout::gui
