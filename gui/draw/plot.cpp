// plot: axes, max-per-pixel series, legend and hover values.
#include "draw/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scaleout::gui {

namespace {

// A plot's frame: the title above, an invisible button the plot's size (for hovering), and the
// rectangle a..b, with room on the left for the y axis' labels and `bottom` below it.
struct Frame {
  ImDrawList* draw;
  ImVec2 at;  // the plot's top left, labels included
  ImVec2 a;
  ImVec2 b;
  bool hovered;
};

Frame begin_frame(const char* title, float height, float bottom, const Theme& theme) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImGui::TextUnformatted(title);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float left = ImGui::CalcTextSize("00000").x;
  const ImVec2 a(at.x + left, at.y);
  const ImVec2 b(at.x + width - 4, at.y + height - bottom);
  ImGui::InvisibleButton(title, ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  draw->AddRect(a, b, theme.muted, 0, 0, 1);
  return {draw, at, a, b, hovered};
}

// The y axis runs from 0 to `top`: both ends labelled.
void label_y_axis(const Frame& frame, double top, const Theme& theme) {
  char label[32];
  std::snprintf(label, sizeof label, top >= 100 ? "%.0f" : "%.1f", top);
  frame.draw->AddText(ImVec2(frame.at.x, frame.a.y), theme.muted, label);
  frame.draw->AddText(ImVec2(frame.at.x, frame.b.y - ImGui::GetTextLineHeight()), theme.muted, "0");
}

// A coloured square and the label of each series, along the plot's top edge.
template <class Series>
void draw_legend(const Frame& frame, const std::vector<Series>& series, const Theme& theme) {
  float x = frame.a.x + 6;
  for (const auto& s : series) {
    frame.draw->AddRectFilled(ImVec2(x, frame.a.y + 6), ImVec2(x + 10, frame.a.y + 16), s.colour);
    frame.draw->AddText(ImVec2(x + 14, frame.a.y + 2), theme.text, s.label.c_str());
    x += 24 + ImGui::CalcTextSize(s.label.c_str()).x;
  }
}

}  // namespace

void draw_plot(const char* title, const Metrics::Series& samples,
               const std::vector<PlotSeries>& series, float height, const Theme& theme) {
  const Frame frame = begin_frame(title, height, 0, theme);
  ImDrawList* draw = frame.draw;
  const ImVec2 a = frame.a, b = frame.b;

  float top = 0;
  for (const auto& s : series) {
    for (const auto& sample : samples)
      top = std::max(top, s.value(sample));
  }
  top = top <= 0 ? 1 : top * 1.1f;
  label_y_axis(frame, top, theme);
  if (samples.empty()) return;

  // Samples fill the plot from the right: the newest at the right edge, Metrics::kSeconds wide.
  const float plot_width = b.x - a.x;
  const float per_second = plot_width / Metrics::kSeconds;
  const size_t count = samples.size();
  auto x_of = [&](size_t i) { return b.x - static_cast<float>(count - 1 - i) * per_second; };
  auto y_of = [&](float v) { return b.y - (b.y - a.y) * std::clamp(v / top, 0.0f, 1.0f); };
  for (const auto& s : series) {
    std::vector<ImVec2> points;
    points.reserve(count);
    float column = -1;
    for (size_t i = 0; i < count; ++i) {
      const float x = std::floor(x_of(i));
      const float v = s.value(samples[i]);
      if (v < 0) continue;
      if (!points.empty() && x == column) {
        points.back().y = std::min(points.back().y, y_of(v));  // the larger value
        continue;
      }
      column = x;
      points.emplace_back(x, y_of(v));
    }
    if (points.size() >= 2) {
      draw->AddPolyline(points.data(), static_cast<int>(points.size()), s.colour, 0,
                        (s.dashed ? 1.5f : 2.2f) * theme.scale);
    }
  }
  draw_legend(frame, series, theme);
  if (!frame.hovered) return;
  const float mouse_x = ImGui::GetIO().MousePos.x;
  const auto back = static_cast<long>((b.x - mouse_x) / per_second + 0.5f);
  if (back < 0 || back >= static_cast<long>(count)) return;
  const SecondSample& sample = samples[count - 1 - static_cast<size_t>(back)];
  draw->AddLine(ImVec2(mouse_x, a.y), ImVec2(mouse_x, b.y), theme.text, 1);
  ImGui::BeginTooltip();
  ImGui::Text("-%ld s", back);
  for (const auto& s : series)
    ImGui::Text("%s: %.2f", s.label.c_str(), s.value(sample));
  ImGui::EndTooltip();
}

void draw_xy_plot(const char* title, const std::vector<XySeries>& series, double x_max,
                  const char* x_unit, float height, const Theme& theme) {
  const Frame frame = begin_frame(title, height, ImGui::GetTextLineHeight(), theme);
  ImDrawList* draw = frame.draw;
  const ImVec2 a = frame.a, b = frame.b;

  double top = 0;
  for (const auto& s : series)
    for (const auto& [x, y] : s.points)
      top = std::max(top, y);
  top = top <= 0 ? 1 : top * 1.1;
  x_max = std::max(x_max, 1e-3);
  label_y_axis(frame, top, theme);
  char label[32];
  std::snprintf(label, sizeof label, "0 %s", x_unit);
  draw->AddText(ImVec2(a.x, b.y), theme.muted, label);
  std::snprintf(label, sizeof label, "%.0f %s", x_max, x_unit);
  draw->AddText(ImVec2(b.x - ImGui::CalcTextSize(label).x, b.y), theme.muted, label);

  auto x_of = [&](double x) { return a.x + (b.x - a.x) * static_cast<float>(x / x_max); };
  auto y_of = [&](double y) {
    return b.y - (b.y - a.y) * static_cast<float>(std::clamp(y / top, 0.0, 1.0));
  };
  for (const auto& s : series) {
    std::vector<ImVec2> run;  // a stretch without gaps
    auto flush = [&] {
      if (run.size() >= 2) {
        draw->AddPolyline(run.data(), static_cast<int>(run.size()), s.colour, 0,
                          2.4f * theme.scale);
      } else if (run.size() == 1) {
        draw->AddCircleFilled(run[0], 2.5f * theme.scale, s.colour);
      }
      run.clear();
    };
    for (const auto& [x, y] : s.points) {
      if (y < 0 || x > x_max) {
        flush();
        continue;
      }
      run.emplace_back(x_of(x), y_of(y));
      if (s.step > 0) run.emplace_back(x_of(std::min(x + s.step, x_max)), y_of(y));
    }
    flush();
  }
  draw_legend(frame, series, theme);
  if (!frame.hovered) return;
  const float mouse_x = ImGui::GetIO().MousePos.x;
  const double at_x = (mouse_x - a.x) / (b.x - a.x) * x_max;
  draw->AddLine(ImVec2(mouse_x, a.y), ImVec2(mouse_x, b.y), theme.text, 1);
  ImGui::BeginTooltip();
  ImGui::Text("%.1f %s", at_x, x_unit);
  for (const auto& s : series) {
    const auto nearest = std::min_element(s.points.begin(), s.points.end(), [&](auto& l, auto& r) {
      return std::fabs(l.first - at_x) < std::fabs(r.first - at_x);
    });
    if (nearest == s.points.end() || nearest->second < 0) continue;
    ImGui::Text("%s: %.2f", s.label.c_str(), nearest->second);
  }
  ImGui::EndTooltip();
}

}  // namespace scaleout::gui
