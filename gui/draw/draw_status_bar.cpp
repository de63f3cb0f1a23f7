// draw_status_bar: the last command's outcome (in vermillion with an X when it failed), the
// world's totals (delivered, and lost by reason), and the window's own frame time.
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
