// draw_timeline: the strip along the bottom — one lane per server (and one for the world's
// commands) with the events of the visible time range. Zoomed out, events are folded into blocks
// a few pixels wide whose height says how many they hold (drops in vermillion on top); zoomed in
// far enough, each event is a tick that can be hovered and clicked (a click opens its message).
// The line marks the moment the whole window shows.
//
// Mouse: click or drag on the lanes to move the moment shown (the world keeps running when live);
// wheel zooms around the cursor; right- or middle-drag pans; shift-drag selects a range and says
// what happened in it. "Live" follows the present again; play/pause and the speed (0.1x to 10x,
// logarithmic) move the moment on. Any manual move stops following.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

constexpr float kBlockPixels = 3;
constexpr int64_t kDefaultSpan = 30'000'000'000;  // what the timeline shows at first
constexpr uint64_t kMostTicks = 4000;             // beyond this many events in view, blocks only

ImU32 kind_colour(sim::TraceKind kind, const Theme& theme) {
  using sim::TraceKind;
  switch (kind) {
    case TraceKind::kDrop:
      return theme.loss;
    case TraceKind::kRecv:
    case TraceKind::kAck:
      return rgb(0xE69F00);
    case TraceKind::kPublish:
    case TraceKind::kRedisRecv:
      return rgb(0xCC79A7);
    case TraceKind::kDeliver:
      return rgb(0x009E73);
    case TraceKind::kCommand:
    case TraceKind::kServerDown:
    case TraceKind::kRedisDown:
      return theme.warning;
    default:
      return theme.muted;
  }
}

std::string format_time(int64_t ns_from_start) {
  char text[32];
  const double seconds = static_cast<double>(ns_from_start) / 1e9;
  std::snprintf(text, sizeof text, "%.3f s", seconds);
  return text;
}

// Moves the moment shown to `t` (and stops following the present).
void show_moment(ViewModel& model, UiState& ui, int64_t t) {
  t = std::clamp(t, model.store().first_time(), model.store().last_time());
  ui.clock.set(t);
  ui.clock.set_playing(false);
  model.show_moment(t);
}

void draw_controls(ViewModel& model, UiState& ui) {
  const EventStore& store = model.store();
  const int64_t origin = store.first_time();
  if (ui.live) {
    const bool live = model.showing_present();
    if (live) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(ui.theme.ok));
    if (ImGui::Button(tr(T::kFollowLive))) {
      model.show_present();
      ui.timeline.follow = true;
      ui.clock.set_playing(false);
    }
    if (live) ImGui::PopStyleColor();
    ImGui::SameLine();
  }
  const bool playing = ui.clock.playing() && !model.showing_present();
  if (ImGui::Button(playing ? tr(T::kPause) : tr(T::kPlay))) {
    if (model.showing_present()) {
      // Play from a little while ago, at the chosen speed.
      show_moment(model, ui, store.last_time() - 10'000'000'000);
    }
    ui.clock.set_playing(!playing);
    ui.timeline.follow = true;
  }
  ImGui::SameLine();
  float speed = static_cast<float>(ui.clock.speed());
  ImGui::SetNextItemWidth(130 * ui.theme.scale);
  if (ImGui::SliderFloat("##speed", &speed, 0.1f, 10.0f, "%.2fx", ImGuiSliderFlags_Logarithmic)) {
    ui.clock.set_speed(speed);
  }
  ImGui::SameLine();
  ImGui::Text("%s %s", tr(T::kMoment), format_time(model.shown_time() - origin).c_str());
  if (ui.timeline.selection) {
    const auto [from, to] = *ui.timeline.selection;
    uint64_t events = 0;
    uint64_t drops = 0;
    for (uint16_t lane = 0; lane < store.lanes(); ++lane) {
      events += store.count_between(lane, from, to, false);
      drops += store.count_between(lane, from, to, true);
    }
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::Text(tr(T::kSelectionSummary), static_cast<double>(to - from) / 1e9,
                static_cast<unsigned long long>(events), static_cast<unsigned long long>(drops));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(T::kZoomToSelection))) {
      ui.timeline.view_start_ns = from;
      ui.timeline.view_end_ns = to;
      ui.timeline.follow = false;
    }
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120 * ui.theme.scale);
  if (ImGui::InputTextWithHint("##mid", "mid", ui.mid_input, sizeof ui.mid_input,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    select_message(model, ui, ui.mid_input);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(T::kSaveTrace))) ui.save_message = "save trace";
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(T::kSavePng))) ui.png_request = PngRequest{"", std::nullopt};
}

}  // namespace

void select_message(ViewModel& model, UiState& ui, const std::string& mid) {
  ui.selected_mid = mid;
  std::snprintf(ui.mid_input, sizeof ui.mid_input, "%s", mid.c_str());
  ui.panel = Panel::kMessage;
  const auto events = model.store().events_of(mid);
  if (!events.empty()) {
    // Just after its first hop, so that the canvas shows it setting off.
    show_moment(model, ui, model.store().time(events.front()) + 1);
    ui.timeline.follow = true;
  }
}

void draw_timeline(ViewModel& model, UiState& ui) {
  const EventStore& store = model.store();
  const Theme& theme = ui.theme;
  draw_controls(model, ui);
  if (store.empty()) return;

  TimelineState& timeline = ui.timeline;
  const int64_t first = store.first_time();
  const int64_t last = std::max(store.last_time(), first + 1);
  const int64_t shown = model.shown_time();
  if (timeline.follow || timeline.view_end_ns <= timeline.view_start_ns) {
    // At first: a live run's last 30 s, or the whole of a recording (up to two minutes).
    const int64_t span = timeline.view_end_ns > timeline.view_start_ns
                             ? timeline.view_end_ns - timeline.view_start_ns
                             : (ui.live ? kDefaultSpan
                                        : std::clamp<int64_t>((last - first) * 21 / 20,
                                                              1'000'000'000, 120'000'000'000));
    if (last - first <= span) {
      timeline.view_start_ns = first;
    } else {
      // Keep the moment shown in view, near the right edge.
      timeline.view_start_ns = std::clamp(shown + span / 10 - span, first, last + span / 20 - span);
    }
    timeline.view_end_ns = timeline.view_start_ns + span;
  }

  // Lanes: the servers in natural order, then the world's commands.
  std::vector<std::pair<std::string, uint16_t>> lanes;
  std::vector<std::string> names;
  for (const auto& name : model.names()) {
    if (name != "world" && !name.empty()) names.push_back(name);
  }
  for (const auto& name : natural_order(names))
    lanes.emplace_back(name, static_cast<uint16_t>(model.server_index(name)));
  if (int world = model.server_index("world"); world >= 0) {
    lanes.emplace_back(tr(T::kCommandsLane), static_cast<uint16_t>(world));
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float label_width = ImGui::CalcTextSize("commands   ").x + 10;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float axis_height = ImGui::GetTextLineHeight() + 4;
  const float lane_height =
      std::max(10.0f, std::min(ImGui::GetTextLineHeight() * 1.2f,
                               (available.y - axis_height) / std::max<size_t>(1, lanes.size())));
  const float height = axis_height + lane_height * static_cast<float>(lanes.size());
  const ImVec2 a(at.x + label_width, at.y);
  const ImVec2 b(at.x + available.x - 4, at.y + height);
  const float width = b.x - a.x;
  ImGui::InvisibleButton("timeline", ImVec2(available.x, height),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered();
  ImGuiIO& io = ImGui::GetIO();
  const int64_t view_start = timeline.view_start_ns;
  const double ns_per_pixel = static_cast<double>(timeline.view_end_ns - view_start) / width;
  auto x_of = [&](int64_t t) { return a.x + static_cast<float>((t - view_start) / ns_per_pixel); };
  auto t_of = [&](float x) { return view_start + static_cast<int64_t>((x - a.x) * ns_per_pixel); };

  // Input.
  if (hovered && io.MouseWheel != 0) {
    const int64_t pivot = t_of(io.MousePos.x);
    const double factor = std::pow(0.8, io.MouseWheel);
    const double span =
        std::clamp(static_cast<double>(timeline.view_end_ns - view_start) * factor, 1e6, 3600e9);
    const double left = static_cast<double>(io.MousePos.x - a.x) / width;
    timeline.view_start_ns = pivot - static_cast<int64_t>(span * left);
    timeline.view_end_ns = timeline.view_start_ns + static_cast<int64_t>(span);
    timeline.follow = false;
  }
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Right) ||
                                ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
    const auto shift = static_cast<int64_t>(io.MouseDelta.x * ns_per_pixel);
    timeline.view_start_ns -= shift;
    timeline.view_end_ns -= shift;
    timeline.follow = false;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left) && io.MousePos.x >= a.x) {
    const int64_t t = t_of(io.MousePos.x);
    if (io.KeyShift) {
      if (!timeline.selecting) {
        timeline.selecting = true;
        timeline.selection = std::make_pair(t, t);
      }
      timeline.selection->second = t;
    } else if (!timeline.selecting) {
      show_moment(model, ui, t);
      timeline.follow = false;
    }
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) && timeline.selecting) {
    timeline.selecting = false;
    auto& [from, to] = *timeline.selection;
    if (from > to) std::swap(from, to);
    if (to - from < static_cast<int64_t>(ns_per_pixel * 2)) timeline.selection.reset();
  }

  // Axis: a tick every "round" interval that leaves room for its label.
  draw->AddRectFilled(ImVec2(a.x, a.y), ImVec2(b.x, b.y), with_alpha(theme.band, 0.5f));
  const double span_s = ns_per_pixel * width / 1e9;
  double step = 0.001;
  for (double candidate : {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,   0.2,   0.5,   1.0,
                           2.0,   5.0,   10.0,  15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0}) {
    step = candidate;
    if (span_s / candidate <= width / 90) break;
  }
  const int64_t step_ns = static_cast<int64_t>(step * 1e9);
  for (int64_t t = ((view_start - first) / step_ns) * step_ns + first; t <= timeline.view_end_ns;
       t += step_ns) {
    const float x = x_of(t);
    if (x < a.x) continue;
    draw->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), with_alpha(theme.muted, 0.25f));
    char label[32];
    std::snprintf(label, sizeof label, step < 1 ? "%.3f" : "%.0f s",
                  static_cast<double>(t - first) / 1e9);
    draw->AddText(ImVec2(x + 2, a.y), theme.muted, label);
  }

  // Lanes.
  const float block_ns = static_cast<float>(ns_per_pixel * kBlockPixels);
  uint64_t in_view = 0;
  for (const auto& [name, lane] : lanes)
    in_view += store.count_between(lane, view_start, timeline.view_end_ns, false);
  const bool ticks = in_view <= kMostTicks && block_ns < EventStore::kBinNs;
  std::optional<uint64_t> hovered_event;
  for (size_t row = 0; row < lanes.size(); ++row) {
    const auto& [name, lane] = lanes[row];
    const float y0 = a.y + axis_height + lane_height * static_cast<float>(row);
    const float y1 = y0 + lane_height - 2;
    draw->AddText(ImVec2(at.x + 2, y0), theme.text, name.c_str());
    draw->AddLine(ImVec2(a.x, y1 + 1), ImVec2(b.x, y1 + 1), with_alpha(theme.muted, 0.2f));
    if (model.names()[lane] == "world") {
      // Commands are few and say what the teacher did: a tick and the command's words.
      const uint64_t from = store.lower_bound(view_start);
      const uint64_t to = store.lower_bound(timeline.view_end_ns);
      float free_from = a.x;
      for (uint64_t sequence = from; sequence < to; ++sequence) {
        if (store.server(sequence) != lane) continue;
        const float x = x_of(store.time(sequence));
        const sim::TraceEvent event = store.event(sequence);
        draw->AddRectFilled(ImVec2(x - 1, y0 + 1), ImVec2(x + 1, y1),
                            event.number ? theme.warning : theme.loss);
        const char* words = event.name.data;
        const float text_width = ImGui::CalcTextSize(words, words + event.name.size).x;
        // A `wait` only spaces the others out: a tick is enough.
        const bool worth_words = event.name.view().rfind("wait ", 0) != 0;
        if (worth_words && x + 3 >= free_from && x + 3 + text_width < b.x) {
          draw->AddText(ImVec2(x + 3, y0), theme.text, words, words + event.name.size);
          free_from = x + 3 + text_width + 6;
        }
        if (hovered && std::abs(io.MousePos.x - x) <= 3 && io.MousePos.y >= y0 &&
            io.MousePos.y < y1) {
          hovered_event = sequence;
        }
      }
      continue;
    }
    if (ticks) {
      const uint64_t from = store.lower_bound(view_start);
      const uint64_t to = store.lower_bound(timeline.view_end_ns);
      for (uint64_t sequence = from; sequence < to; ++sequence) {
        if (store.server(sequence) != lane) continue;
        const float x = x_of(store.time(sequence));
        const sim::TraceKind kind = store.kind(sequence);
        draw->AddRectFilled(ImVec2(x - 1, y0 + 1), ImVec2(x + 1, y1), kind_colour(kind, theme));
        if (hovered && std::abs(io.MousePos.x - x) <= 3 && io.MousePos.y >= y0 &&
            io.MousePos.y < y1) {
          hovered_event = sequence;
        }
      }
      continue;
    }
    // Folded blocks: height from the count (logarithmic), drops on top in vermillion.
    for (float x = 0; x < width; x += kBlockPixels) {
      const int64_t t0 = t_of(a.x + x);
      const int64_t t1 = t_of(a.x + x + kBlockPixels);
      const uint64_t count = store.count_between(lane, t0, t1, false);
      if (count == 0) continue;
      const float fill = std::min(1.0f, 0.25f + std::log10(1.0f + static_cast<float>(count)) / 4);
      const float top = y1 - (y1 - y0 - 1) * fill;
      draw->AddRectFilled(ImVec2(a.x + x, top), ImVec2(a.x + x + kBlockPixels - 0.5f, y1),
                          with_alpha(theme.box_border, 0.85f));
      const uint64_t drops = store.count_between(lane, t0, t1, true);
      if (drops > 0) {
        draw->AddRectFilled(ImVec2(a.x + x, y0 + 1),
                            ImVec2(a.x + x + kBlockPixels - 0.5f, y0 + (y1 - y0) * 0.45f),
                            theme.loss);
      }
    }
  }
  // Selection, present and the moment shown.
  if (timeline.selection) {
    const auto [from, to] = *timeline.selection;
    draw->AddRectFilled(ImVec2(std::max(a.x, x_of(std::min(from, to))), a.y),
                        ImVec2(std::min(b.x, x_of(std::max(from, to))), b.y),
                        with_alpha(theme.selection, 0.12f));
  }
  const float now_x = x_of(shown);
  if (now_x >= a.x && now_x <= b.x) {
    draw->AddLine(ImVec2(now_x, a.y), ImVec2(now_x, b.y),
                  model.showing_present() ? theme.ok : theme.warning, 2.5f * theme.scale);
  }
  if (hovered_event) {
    const LogEntry entry = model.log_entry(*hovered_event);
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(format_time(entry.event.t_ns - first).c_str());
    ImGui::TextUnformatted(describe_event(entry).c_str());
    ImGui::EndTooltip();
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !entry.event.mid.empty()) {
      select_message(model, ui, std::string(entry.event.mid.view()));
    }
  }
}

}  // namespace scaleout::gui
