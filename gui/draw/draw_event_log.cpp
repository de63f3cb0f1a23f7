// draw_event_log: the newest events first, in a clipped table (only visible rows are drawn), with
// the filter language of LogFilter typed in one box and a button that pauses the flow on screen
// while the world goes on. Drops are in vermillion and marked with an X.
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
      log.set_filter(std::move(*filter));
      ui.log_filter_error.clear();
    } else {
      ui.log_filter_error = filter.error().message;
    }
  }
  ImGui::SameLine();
  if (ImGui::Button(log.paused() ? tr(T::kResume) : tr(T::kPause), ImVec2(-1, 0))) {
    log.set_paused(!log.paused());
  }
  if (!ui.log_filter_error.empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "%s",
                       ui.log_filter_error.c_str());
  }
  if (log.paused()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.warning), tr(T::kHeldBack),
                       log.held_back());
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("log", 2, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(T::kTime));
  ImGui::TableSetupColumn(tr(T::kEvent));
  ImGui::TableHeadersRow();
  const int64_t now = model.last_event_ns();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(log.visible()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const LogEntry& entry = log.at(static_cast<size_t>(row));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("-%.3f s", static_cast<double>(now - entry.event.t_ns) / 1e9);
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
