// draw_rooms_panel: rooms against servers as a heat map — each cell the room's members on that
// server, shaded by how many — with the messages the room lost. A room split across servers is
// one row with several filled cells: exactly what needs an adapter.
#include <algorithm>
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

void draw_rooms_panel(ViewModel& model, UiState& ui) {
  const auto rooms = model.world().rooms();
  std::vector<std::string> servers;
  for (const auto& [name, server] : model.world().servers())
    servers.push_back(name);
  servers = natural_order(servers);
  size_t most = 1;
  for (const auto& [nsp, by_room] : rooms) {
    for (const auto& [room, by_server] : by_room) {
      for (const auto& [server, members] : by_server)
        most = std::max(most, members.size());
    }
  }
  ImGui::TextDisabled("%s", tr(T::kMembersPerServer));
  const int columns = static_cast<int>(servers.size()) + 2;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_SizingFixedFit |
                                     ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("rooms", columns, kFlags)) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn(tr(T::kRoom));
  for (const auto& server : servers)
    ImGui::TableSetupColumn(server.c_str());
  ImGui::TableSetupColumn(tr(T::kLostTotal));
  ImGui::TableHeadersRow();
  for (const auto& [nsp, by_room] : rooms) {
    for (const auto& [room, by_server] : by_room) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const int colour = model.colours().find(room);
      ImGui::ColorButton("##colour", ImGui::ColorConvertU32ToFloat4(rgb(RoomColours::rgb(colour))),
                         ImGuiColorEditFlags_NoTooltip,
                         ImVec2(ImGui::GetTextLineHeight(), ImGui::GetTextLineHeight()));
      ImGui::SameLine();
      ImGui::Text("%s%s", nsp == "/" ? "" : (nsp + " ").c_str(), room.c_str());
      for (const auto& server : servers) {
        ImGui::TableNextColumn();
        auto found = by_server.find(server);
        const size_t members = found == by_server.end() ? 0 : found->second.size();
        if (members > 0) {
          const float heat = 0.25f + 0.75f * static_cast<float>(members) / static_cast<float>(most);
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                 rgb(RoomColours::rgb(colour), heat * 0.8f));
          ImGui::Text("%zu", members);
        } else {
          ImGui::TextDisabled("·");
        }
      }
      ImGui::TableNextColumn();
      auto lost = model.lost_by_room().find(room);
      if (lost != model.lost_by_room().end() && lost->second > 0) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %llu",
                           static_cast<unsigned long long>(lost->second));
      } else {
        ImGui::TextUnformatted("0");
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace scaleout::gui
