// draw_event_log: the newest events first (up to the moment shown), in a clipped table (only
// visible rows are drawn), with the filter language of LogFilter typed in one box and a button
// that pauses the flow on screen while the world goes on. Drops are in vermillion and marked with
// an X. Clicking an event opens its message and moves the moment shown to it.
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

void draw_event_log(ViewModel& model, UiState& ui) {
  EventLog& log = model.log();
  ImGui::SetNextItemWidth(-140 * ui.theme.scale);
  if (ImGui::InputTextWithHint("##filter", "room:lobby, server:s2, -kind:deliver, mid:s1-42",
                               ui.log_filter, sizeof ui.log_filter)) {
    auto filter = LogFilter::parse(ui.log_filter);
    if (filter) {
      model.set_log_filter(std::move(*filter));
      ui.log_filter_error.clear();
    } else {
      ui.log_filter_error = filter.error().message;
    }
  }
  ImGui::SameLine();
  const uint64_t end = model.shown_end();
  if (ImGui::Button(log.paused() ? tr(T::kResume) : tr(T::kPause), ImVec2(-1, 0))) {
    log.set_paused(!log.paused(), end);
  }
  if (!ui.log_filter_error.empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "%s",
                       ui.log_filter_error.c_str());
  }
  if (log.paused()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.warning), tr(T::kHeldBack),
                       log.held_back(end));
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("log", 2, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(T::kTime));
  ImGui::TableSetupColumn(tr(T::kEvent));
  ImGui::TableHeadersRow();
  const int64_t now = model.shown_time();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(log.visible(end)));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const LogEntry entry = model.log_entry(log.at(static_cast<size_t>(row), end));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(row);
      char when[32];
      std::snprintf(when, sizeof when, "-%.3f s",
                    static_cast<double>(now - entry.event.t_ns) / 1e9);
      if (ImGui::Selectable(when,
                            !entry.event.mid.empty() && ui.selected_mid == entry.event.mid.view(),
                            ImGuiSelectableFlags_SpanAllColumns) &&
          !entry.event.mid.empty()) {
        select_message(model, ui, std::string(entry.event.mid.view()));
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      const std::string line = describe_event(entry);
      if (entry.event.kind == sim::TraceKind::kDrop) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s", line.c_str());
      } else if (entry.event.kind == sim::TraceKind::kCommand) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.warning), "%s", line.c_str());
      } else {
        ImGui::TextUnformatted(line.c_str());
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace scaleout::gui
