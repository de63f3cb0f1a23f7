// draw_main_window: one window that fills the viewport, laid out without docking: the toolbar
// on top (and the lesson bar under it while a lesson plays), the topology canvas on the left,
// the panels in tabs on the right, the timeline and a status bar below.
#include <algorithm>

#include "draw/draw.hpp"

namespace scaleout::gui {

void draw_main_window(ViewModel& model, UiState& ui) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8 * ui.theme.scale, 6 * ui.theme.scale));
  ImGui::Begin("Scaleout Sandbox", nullptr, kFlags);
  ImGui::PopStyleVar();

  draw_toolbar(model, ui);
  ImGui::Separator();
  if (const float lesson_height = lesson_bar_height(ui); lesson_height > 0) {
    ImGui::BeginChild("lesson bar", ImVec2(0, lesson_height), false, ImGuiWindowFlags_NoScrollbar);
    draw_lesson_bar(model, ui);
    ImGui::EndChild();
    ImGui::Separator();
  }

  const float status_height = ImGui::GetFrameHeightWithSpacing() + 4 * ui.theme.scale;
  const ImVec2 available = ImGui::GetContentRegionAvail();
  // The timeline: its controls and a lane per server (and one for commands), at most a quarter.
  const size_t lanes = model.names().size() + 1;
  const float timeline_height =
      std::min(available.y * 0.25f,
               ImGui::GetFrameHeightWithSpacing() * 1.3f +
                   ImGui::GetTextLineHeight() * (1.3f + 1.2f * static_cast<float>(lanes)));
  const float body_height = available.y - status_height - timeline_height;
  // A sequence diagram and a comparison need room: the panels widen while one is open.
  const bool wide = ui.panel == Panel::kMessage || ui.panel == Panel::kCompare;
  const float canvas_width = available.x * (wide ? 0.42f : 0.6f);

  ImGui::BeginChild("topology", ImVec2(canvas_width, body_height), true,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_topology(model, ui);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("panels", ImVec2(0, body_height), false);
  draw_panels(model, ui);
  ImGui::EndChild();

  ImGui::BeginChild("timeline", ImVec2(0, timeline_height), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_timeline(model, ui);
  ImGui::EndChild();
  draw_status_bar(model, ui);
  ImGui::End();
}

void draw_panels(ViewModel& model, UiState& ui) {
  if (!ImGui::BeginTabBar("panels")) return;
  struct Tab {
    Panel panel;
    T label;
    void (*draw)(ViewModel&, UiState&);
  };
  static const Tab kTabs[] = {
      {Panel::kLesson, T::kLessonPanel, draw_lesson_panel},
      {Panel::kCompare, T::kComparePanel, draw_compare_panel},
      {Panel::kServers, T::kServers, draw_servers_panel},
      {Panel::kRooms, T::kRooms, draw_rooms_panel},
      {Panel::kChannels, T::kChannelsPanel, draw_channels_panel},
      {Panel::kClients, T::kClientsPanel, draw_clients_panel},
      {Panel::kRedis, T::kRedisPanel, draw_redis_panel},
      {Panel::kEventLog, T::kEventLog, draw_event_log},
      {Panel::kMetrics, T::kMetrics, draw_metrics},
      {Panel::kMessage, T::kMessagePanel, draw_message_panel},
      {Panel::kClassroom, T::kClassroomPanel, draw_classroom_panel},
      {Panel::kStores, T::kStoresPanel, draw_stores_panel},
      {Panel::kAutoscaler, T::kAutoscalerPanel, draw_autoscaler_panel},
  };
  for (const Tab& tab : kTabs) {
    if (tab.panel == Panel::kClassroom && !ui.classroom) continue;
    if (tab.panel == Panel::kLesson && !ui.lesson.view && ui.lesson.menu.empty()) continue;
    if (tab.panel == Panel::kCompare && !(ui.lesson.scenario && ui.lesson.scenario->compare))
      continue;
    ImGuiTabItemFlags flags = 0;
    if (ui.panel_requested && ui.panel == tab.panel) flags |= ImGuiTabItemFlags_SetSelected;
    // The label changes with the language; the ### part keeps the tab's identity.
    std::string label =
        std::string(tr(tab.label)) + "###tab" + std::to_string(static_cast<int>(tab.panel));
    if (ImGui::BeginTabItem(label.c_str(), nullptr, flags)) {
      if (!ui.panel_requested) ui.panel = tab.panel;
      ImGui::BeginChild("panel body", ImVec2(0, 0), false);
      tab.draw(model, ui);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
  }
  ui.panel_requested = false;
  ImGui::EndTabBar();
}

}  // namespace scaleout::gui
