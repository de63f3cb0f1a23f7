// svg_chart: a small line chart as inline SVG, for the HTML report — a few series over time, the
// steps as labelled vertical lines, axes with round ticks. Text in it is escaped.
#pragma once

#include <string>
#include <vector>

namespace scaleout::scenarios {

struct ChartSeries {
  std::string label;
  std::string color;                              // a CSS colour
  std::vector<std::pair<double, double>> points;  // (x, y); a y below 0 leaves a gap
  bool dots = false;                              // also a dot on each point
};

struct ChartMarker {
  double x = 0;
  std::string label;
};

struct Chart {
  std::string title;
  std::string y_label;
  double x_max = 1;  // x runs from 0
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
};

std::string svg_chart(const Chart& chart);

// Text made safe for HTML and SVG.
std::string escape_html(const std::string& text);

}  // namespace scaleout::scenarios
