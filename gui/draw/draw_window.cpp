// draw_main_window: one window that fills the viewport, laid out without docking: the toolbar
// on top (and the lesson bar under it while a lesson plays), the topology canvas on the left
// (under a lesson's question for the class while one is on show), the panels on the right under
// a row (or rows) of tabs that each show their whole label, the timeline and a status bar below.
#include <algorithm>

#include "draw/draw.hpp"
#include "model/tab_rows.hpp"

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

  // A question for the class sits above the canvas, at most 75% of its height (it scrolls
  // beyond that), while it is asked and once its step has played.
  ImGui::BeginGroup();
  const float card_height =
      std::min(question_card_height(model, ui, canvas_width), body_height * 0.75f);
  if (card_height > 0) {
    ImGui::BeginChild("question", ImVec2(canvas_width, card_height), true);
    draw_question_card(model, ui);
    ImGui::EndChild();
  }
  const float canvas_height =
      card_height > 0 ? body_height - card_height - ImGui::GetStyle().ItemSpacing.y : body_height;
  ImGui::BeginChild("topology", ImVec2(canvas_width, canvas_height), true,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_topology(model, ui);
  ImGui::EndChild();
  ImGui::EndGroup();
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
  std::vector<const Tab*> shown;
  for (const Tab& tab : kTabs) {
    if (tab.panel == Panel::kClassroom && !ui.classroom) continue;
    if (tab.panel == Panel::kLesson && !ui.lesson.view && ui.lesson.menu.empty()) continue;
    if (tab.panel == Panel::kCompare && !(ui.lesson.scenario && ui.lesson.scenario->compare))
      continue;
    shown.push_back(&tab);
  }
  // A panel asked for that has no tab (yet: a lesson's Compare) leaves the first tab open
  // meanwhile, and opens when its tab appears.
  const bool asked_shown = std::any_of(shown.begin(), shown.end(),
                                       [&](const Tab* tab) { return tab->panel == ui.panel; });
  const Panel open_panel = asked_shown || shown.empty() ? ui.panel : shown.front()->panel;

  // The tabs wrap into as many rows as their whole labels need (model/tab_rows.hpp).
  const ImGuiStyle& style = ImGui::GetStyle();
  // Each label's own width: what a tab needs to show it whole.
  std::vector<float> widths;
  for (const Tab* tab : shown)
    widths.push_back(ImGui::CalcTextSize(tr(tab->label)).x + style.FramePadding.x * 2);
  const std::vector<float> needed = widths;
  const float available = ImGui::GetContentRegionAvail().x;
  const std::vector<TabPlace> places = wrap_tabs(widths, available, style.ItemSpacing.x);
  ui.tabs_shown.clear();
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, style.TabRounding);
  for (size_t i = 0; i < shown.size(); ++i) {
    const Tab& tab = *shown[i];
    if (i > 0 && places[i].row == places[i - 1].row) ImGui::SameLine(0, style.ItemSpacing.x);
    const bool open = tab.panel == open_panel;
    ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[open ? ImGuiCol_TabActive : ImGuiCol_Tab]);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style.Colors[ImGuiCol_TabHovered]);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, style.Colors[ImGuiCol_TabActive]);
    // The label changes with the language; the ### part keeps the tab's identity.
    const std::string label =
        std::string(tr(tab.label)) + "###tab" + std::to_string(static_cast<int>(tab.panel));
    if (ImGui::Button(label.c_str(), ImVec2(places[i].width, 0))) ui.panel = tab.panel;
    ImGui::PopStyleColor(3);
    ui.tabs_shown.push_back(
        TabShown{tr(tab.label), places[i].row, places[i].fits && places[i].width >= needed[i]});
  }
  ImGui::PopStyleVar();
  ImGui::Separator();

  for (const Tab* tab : shown) {
    if (tab->panel != open_panel) continue;
    ImGui::BeginChild("panel body", ImVec2(0, 0), false);
    tab->draw(model, ui);
    ImGui::EndChild();
  }
}

}  // namespace scaleout::gui
