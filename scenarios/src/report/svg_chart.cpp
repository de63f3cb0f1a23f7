// svg_chart: axes, round ticks, polylines and markers, in plain SVG 1.1.
#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace scaleout::scenarios {

namespace {

constexpr double kWidth = 900, kHeight = 240;
constexpr double kLeft = 60, kRight = 20, kTop = 28, kBottom = 34;

// A round step for about `count` ticks over 0..max (1, 2 or 5 times a power of ten).
double tick_step(double max, int count) {
  const double raw = std::max(max, 1e-9) / count;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(4);
  out << value;
  return out.str();
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string svg_chart(const Chart& chart) {
  double y_max = 0;
  for (const auto& series : chart.series) {
    for (const auto& [x, y] : series.points)
      y_max = std::max(y_max, y);
  }
  const double y_step = tick_step(y_max, 4);
  y_max = std::max(y_step, std::ceil(y_max / y_step) * y_step);
  const double x_max = std::max(chart.x_max, 1e-9);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + x / x_max * plot_w; };
  auto py = [&](double y) { return kTop + plot_h - y / y_max * plot_h; };

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << kWidth << " " << kHeight
      << "\" class=\"chart\" role=\"img\" aria-label=\"" << escape_html(chart.title) << "\">\n";
  svg << "<text x=\"" << kLeft << "\" y=\"16\" class=\"chart-title\">" << escape_html(chart.title)
      << "</text>\n";
  // Axes and ticks.
  for (int tick = 0; tick * y_step <= y_max + y_step / 2; ++tick) {
    const double y = tick * y_step;
    svg << "<line x1=\"" << kLeft << "\" x2=\"" << kWidth - kRight << "\" y1=\"" << py(y)
        << "\" y2=\"" << py(y) << "\" class=\"grid\"/>"
        << "<text x=\"" << kLeft - 6 << "\" y=\"" << py(y) + 4 << "\" class=\"tick\" "
        << "text-anchor=\"end\">" << number(y) << "</text>\n";
  }
  const double x_step = tick_step(x_max, 10);
  for (int tick = 0; tick * x_step <= x_max + x_step / 2; ++tick) {
    const double x = tick * x_step;
    svg << "<text x=\"" << px(x) << "\" y=\"" << kHeight - kBottom + 16 << "\" class=\"tick\" "
        << "text-anchor=\"middle\">" << number(x) << "s</text>\n";
  }
  svg << "<text x=\"14\" y=\"" << kTop + plot_h / 2
      << "\" class=\"tick\" transform=\"rotate(-90 14 " << kTop + plot_h / 2
      << ")\" text-anchor=\"middle\">" << escape_html(chart.y_label) << "</text>\n";
  // Steps.
  for (const auto& marker : chart.markers) {
    svg << "<line x1=\"" << px(marker.x) << "\" x2=\"" << px(marker.x) << "\" y1=\"" << kTop
        << "\" y2=\"" << kTop + plot_h << "\" class=\"marker\"/>"
        << "<text x=\"" << px(marker.x) + 3 << "\" y=\"" << kTop + 10
        << "\" class=\"marker-label\">" << escape_html(marker.label) << "</text>\n";
  }
  // Series: a polyline per run of points without gaps.
  double legend_x = kWidth - kRight;
  for (auto it = chart.series.rbegin(); it != chart.series.rend(); ++it) {
    legend_x -= 10 + 7.0 * static_cast<double>(it->label.size()) + 14;
    svg << "<rect x=\"" << legend_x << "\" y=\"8\" width=\"10\" height=\"10\" fill=\""
        << escape_html(it->color) << "\"/><text x=\"" << legend_x + 14 << "\" y=\"17\" "
        << "class=\"tick\">" << escape_html(it->label) << "</text>\n";
  }
  for (const auto& series : chart.series) {
    std::string points;
    auto flush = [&] {
      if (points.empty()) return;
      svg << "<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"" << escape_html(series.color)
          << "\" points=\"" << points << "\"/>\n";
      points.clear();
    };
    for (const auto& [x, y] : series.points) {
      if (y < 0) {
        flush();
        continue;
      }
      points += number(px(x)) + "," + number(py(y)) + " ";
      if (series.dots) {
        svg << "<circle cx=\"" << number(px(x)) << "\" cy=\"" << number(py(y))
            << "\" r=\"2.5\" fill=\"" << escape_html(series.color) << "\"/>";
      }
    }
    flush();
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace scaleout::scenarios
