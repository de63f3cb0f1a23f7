// draw_message_panel: one message's sequence diagram. Lanes (the sender, its server, Redis, the
// other servers, every member) are vertical lines; each hop is an arrow at its time with the gap
// since the hop it followed; drops are vermillion arrows ending in an X with their reason; the
// server's ack goes back to the sender, dashed. Real time spaces hops by when they happened;
// logical order gives each hop its own row (as a Lamport diagram). A server's lanes can be
// hidden; "Instant replay" animates the message again on the canvas; the diagram can be saved
// as a PNG for slides.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "draw/draw.hpp"
#include "model/message_story.hpp"

namespace scaleout::gui {

namespace {

const char* hop_name(sim::TraceKind kind) {
  switch (kind) {
    case sim::TraceKind::kRecv:
      return "say";
    case sim::TraceKind::kAck:
      return "ack";
    case sim::TraceKind::kPublish:
      return "PUBLISH";
    case sim::TraceKind::kRedisRecv:
      return "message";
    case sim::TraceKind::kDeliver:
      return "said";
    case sim::TraceKind::kDrop:
      return tr(T::kHopLost);
    default:
      return sim::to_string(kind);
  }
}

void arrow(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, float thickness, bool dashed) {
  if (dashed) {
    const float length = std::hypot(to.x - from.x, to.y - from.y);
    for (float d = 0; d < length; d += 12) {
      const float e = std::min(d + 6, length);
      draw->AddLine(
          ImVec2(from.x + (to.x - from.x) * d / length, from.y + (to.y - from.y) * d / length),
          ImVec2(from.x + (to.x - from.x) * e / length, from.y + (to.y - from.y) * e / length),
          colour, thickness);
    }
  } else {
    draw->AddLine(from, to, colour, thickness);
  }
  const float direction = to.x >= from.x ? 1.0f : -1.0f;
  const float head = 8 * thickness / 2;
  draw->AddTriangleFilled(to, ImVec2(to.x - direction * head, to.y - head * 0.6f),
                          ImVec2(to.x - direction * head, to.y + head * 0.6f), colour);
}

void draw_diagram(const MessageStory& story, UiState& ui) {
  const Theme& theme = ui.theme;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  // As wide as the panel allows, but never so narrow that names do not fit.
  const float lane_width =
      std::max(ImGui::CalcTextSize("WWWWWWW").x,
               ImGui::GetContentRegionAvail().x /
                   static_cast<float>(std::max<size_t>(1, story.lanes.size())));
  const float header = ImGui::GetTextLineHeightWithSpacing() * 1.5f;
  const float row = ImGui::GetTextLineHeightWithSpacing() * 1.6f;
  const auto n_hops = static_cast<float>(story.hops.size());
  const float height =
      header + std::max(row * (n_hops + 1), ImGui::GetContentRegionAvail().y - header - 8);
  const float width = lane_width * static_cast<float>(story.lanes.size());
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  auto lane_x = [&](int lane) { return at.x + lane_width * (static_cast<float>(lane) + 0.5f); };

  for (size_t i = 0; i < story.lanes.size(); ++i) {
    const StoryLane& lane = story.lanes[i];
    const float x = lane_x(static_cast<int>(i));
    const ImU32 colour =
        lane.kind == StoryLane::Kind::kRedis
            ? rgb(0xD55E00, 0.9f)
            : (lane.kind == StoryLane::Kind::kServer ? theme.box_border : theme.muted);
    const ImVec2 size = ImGui::CalcTextSize(lane.name.c_str());
    draw->AddRectFilled(ImVec2(x - lane_width / 2 + 3, at.y),
                        ImVec2(x + lane_width / 2 - 3, at.y + header - 6),
                        with_alpha(colour, 0.25f), 4);
    draw->AddText(ImVec2(x - std::min(size.x, lane_width - 8) / 2, at.y + 2), theme.text,
                  lane.name.c_str());
    draw->AddLine(ImVec2(x, at.y + header - 6), ImVec2(x, at.y + height), with_alpha(colour, 0.6f),
                  lane.kind == StoryLane::Kind::kClient ? 1.0f : 2.0f);
  }
  if (story.hops.empty()) return;
  const int64_t start = story.start_ns;
  const int64_t end = std::max(start + 1, story.hops.back().t_ns);
  const float usable = height - header - row;
  float last_label_y = -1e9f;
  for (size_t i = 0; i < story.hops.size(); ++i) {
    const StoryHop& hop = story.hops[i];
    const float y = at.y + header + row * 0.5f +
                    (ui.story_logical_order ? row * static_cast<float>(i)
                                            : usable * static_cast<float>(hop.t_ns - start) /
                                                  static_cast<float>(end - start));
    const ImVec2 from(lane_x(hop.from), y);
    const ImVec2 to(lane_x(hop.to), y);
    const ImU32 colour =
        hop.lost ? theme.loss : (hop.kind == sim::TraceKind::kAck ? theme.muted : theme.text);
    arrow(draw, from, to, colour, 2 * theme.scale, hop.kind == sim::TraceKind::kAck);
    if (hop.kind == sim::TraceKind::kDrop) {
      const float r = 6 * theme.scale;
      draw->AddLine(ImVec2(to.x - r, to.y - r), ImVec2(to.x + r, to.y + r), theme.loss,
                    3 * theme.scale);
      draw->AddLine(ImVec2(to.x - r, to.y + r), ImVec2(to.x + r, to.y - r), theme.loss,
                    3 * theme.scale);
    }
    // Labels only where they do not pile up (every hop has one in logical order).
    if (y - last_label_y < ImGui::GetTextLineHeight() && !ui.story_logical_order) continue;
    last_label_y = y;
    char label[160];
    std::snprintf(label, sizeof label, "%s  +%.3f ms%s%s", hop_name(hop.kind), hop.gap_ns / 1e6,
                  hop.detail.empty() ? "" : "  ", hop.detail.c_str());
    const float left = std::min(from.x, to.x);
    draw->AddText(ImVec2(left + 6, y - ImGui::GetTextLineHeight() - 1), colour, label);
  }
}

}  // namespace

void draw_message_panel(ViewModel& model, UiState& ui) {
  if (ui.selected_mid.empty()) {
    ImGui::TextWrapped("%s", tr(T::kNoMessage));
    return;
  }
  const MessageStory story =
      build_story(model.store(), model.world(), ui.selected_mid, ui.story_hidden_servers);
  if (!story.found() && ui.story_hidden_servers.empty()) {
    ImGui::Text(tr(T::kMessageNotFound), ui.selected_mid.c_str());
    return;
  }
  const double total_ms = story.hops.empty() ? 0 : (story.hops.back().t_ns - story.start_ns) / 1e6;
  ImGui::Text(tr(T::kMessageSummary), story.mid.c_str(),
              story.room.empty() ? "*" : story.room.c_str(), story.delivered, story.dropped,
              total_ms);
  if (ImGui::RadioButton(tr(T::kRealTime), !ui.story_logical_order)) ui.story_logical_order = false;
  ImGui::SameLine();
  if (ImGui::RadioButton(tr(T::kLogicalOrder), ui.story_logical_order))
    ui.story_logical_order = true;
  ImGui::SameLine();
  if (ImGui::Button(tr(T::kInstantReplay))) ui.instant_replay = ui.selected_mid;
  ImGui::SameLine();
  const bool save = ImGui::Button(tr(T::kSavePng));
  // Each server's lanes can be hidden (and shown again).
  std::vector<std::string> servers;
  for (const auto& [name, server] : model.world().servers())
    servers.push_back(name);
  bool first_box = true;
  for (const auto& server : natural_order(servers)) {
    bool hidden = ui.story_hidden_servers.count(server) > 0;
    char label[64];
    std::snprintf(label, sizeof label, tr(T::kHideServer), server.c_str());
    if (!first_box) ImGui::SameLine();
    first_box = false;
    if (ImGui::Checkbox(label, &hidden)) {
      if (hidden) {
        ui.story_hidden_servers.insert(server);
      } else {
        ui.story_hidden_servers.erase(server);
      }
    }
  }
  ImGui::BeginChild("diagram", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 visible = ImGui::GetContentRegionAvail();
  draw_diagram(story, ui);
  if (save) {
    ui.png_request = PngRequest{
        "", Rect{top_left.x, top_left.y, top_left.x + visible.x, top_left.y + visible.y}};
  }
  ImGui::EndChild();
}

}  // namespace scaleout::gui
