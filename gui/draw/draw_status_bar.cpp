// draw_status_bar: the last command's outcome (in vermillion with an X when it failed), a long
// command's progress (fill-keys: a bar), the world's totals (delivered, and lost by reason), and
// the window's own frame time.
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

void draw_status_bar(ViewModel& model, UiState& ui) {
  ImGui::Separator();
  if (!ui.last_outcome.empty()) {
    if (ui.last_outcome_ok) {
      ImGui::TextUnformatted(ui.last_outcome.c_str());
    } else {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s",
                         ui.last_outcome.c_str());
    }
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
  }
  if (const sim::WorldStatus* status = model.status();
      status && !status->progress.command.empty() && status->progress.total > 0) {
    // A long command (fill-keys, scan-keys): how far it has come.
    const auto& progress = status->progress;
    char overlay[160];
    std::snprintf(overlay, sizeof overlay, "%s: %llu / %llu", progress.command.c_str(),
                  static_cast<unsigned long long>(progress.done),
                  static_cast<unsigned long long>(progress.total));
    ImGui::ProgressBar(static_cast<float>(progress.done) / static_cast<float>(progress.total),
                       ImVec2(ImGui::CalcTextSize(overlay).x + 40 * ui.theme.scale, 0), overlay);
    ImGui::SameLine();
  }
  ImGui::Text("%s %llu", tr(T::kDelivered),
              static_cast<unsigned long long>(model.delivered_total()));
  ImGui::SameLine();
  if (model.lost_by_reason().empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.ok), "%s", tr(T::kNoLoss));
  } else {
    std::string text;
    for (const auto& [reason, count] : model.lost_by_reason())
      text += "  " + reason + " " + std::to_string(count);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s:%s", tr(T::kLostTotal),
                       text.c_str());
  }
  if (model.fell_behind() > 0) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.warning), tr(T::kFellBehind),
                       static_cast<unsigned long long>(model.fell_behind()));
  }
  char frame[48];
  std::snprintf(frame, sizeof frame, "%.1f ms", ui.frame_ms);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(frame).x);
  ImGui::TextDisabled("%s", frame);
}

}  // namespace scaleout::gui
