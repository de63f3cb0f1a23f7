// draw_classroom_panel: where students join (classroom mode): the URL in large text and its QR
// code drawn as large as the panel allows (dark squares on a white quiet zone, which phones
// read off a projector), who is connected, and the notice that anyone on the network can join.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "draw/draw.hpp"

namespace scaleout::gui {

void draw_classroom_panel(ViewModel& model, UiState& ui) {
  if (!ui.classroom) return;
  const ClassroomView& classroom = *ui.classroom;
  ImGui::TextWrapped("%s", tr(T::kJoinAt));
  ImGui::PushFont(ui.fonts.large);
  ImGui::TextUnformatted(classroom.url.c_str());
  ImGui::PopFont();
  // Students are the clients that named themselves and are not the world's own (its bots, the
  // clients it connected itself: a lesson's c1, c2, ...).
  std::set<std::string> own;
  if (const sim::WorldStatus* status = model.status()) {
    for (const auto& client : status->clients)
      own.insert(client.name);
  }
  size_t students = 0;
  for (const auto* client : model.world().clients()) {
    if (!client->name.empty() && client->name.rfind("bot", 0) != 0 && !own.count(client->name))
      ++students;
  }
  ImGui::Text(tr(T::kStudents), students);

  if (classroom.qr_size > 0) {
    constexpr int kQuiet = 4;
    const int modules = classroom.qr_size + 2 * kQuiet;
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const float side = std::max(
        80.0f, std::min(room.x, room.y - ImGui::GetTextLineHeightWithSpacing() *
                                             static_cast<float>(classroom.notice.size() + 1)));
    const float module = std::floor(side / static_cast<float>(modules));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float full = module * static_cast<float>(modules);
    draw->AddRectFilled(at, ImVec2(at.x + full, at.y + full), IM_COL32_WHITE);
    for (int y = 0; y < classroom.qr_size; ++y) {
      for (int x = 0; x < classroom.qr_size; ++x) {
        if (!classroom.qr_modules[static_cast<size_t>(y) * classroom.qr_size + x]) continue;
        const float x0 = at.x + module * static_cast<float>(x + kQuiet);
        const float y0 = at.y + module * static_cast<float>(y + kQuiet);
        draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + module, y0 + module), IM_COL32_BLACK);
      }
    }
    ImGui::Dummy(ImVec2(full, full));
  }
  for (const auto& line : classroom.notice)
    ImGui::TextWrapped("%s", line.c_str());
}

}  // namespace scaleout::gui
