// draw_clients_panel: every connected client (thousands stay fluid: only visible rows are drawn),
// filtered by name, socket, server or room; the selected one can be made to join, leave, say or
// disconnect. Clients the world connected act as themselves; any other socket is acted on by its
// server, as Socket.IO Admin UI does (and cannot `say`). A server can also emit an event itself,
// to a room, one socket or everybody (Admin UI's "emit"); it crosses Redis like any broadcast.
#include <cstring>

#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

bool contains(const std::string& haystack, const char* needle) {
  return std::strstr(haystack.c_str(), needle) != nullptr;
}

bool matches(const sim::WorldModel::Client& client, const char* filter) {
  if (!filter[0]) return true;
  if (contains(client.name, filter) || contains(client.socket, filter) ||
      contains(client.server, filter)) {
    return true;
  }
  for (const auto& room : client.rooms) {
    if (contains(room, filter)) return true;
  }
  return false;
}

void draw_actions(const sim::WorldModel::Client& client, UiState& ui) {
  const std::string who = client.name.empty() ? client.socket : client.name;
  ImGui::Text("%s", who.c_str());
  ImGui::TextDisabled("%s · %s · %s", client.socket.c_str(), client.server.c_str(),
                      client.transport.c_str());
  if (!ui.controls) return;
  ImGui::SetNextItemWidth(140 * ui.theme.scale);
  ImGui::InputText(tr(T::kIntoRoom), ui.room_text, sizeof ui.room_text);
  ImGui::SameLine();
  if (ImGui::Button(tr(T::kJoin))) ui.commands.push_back(sim::command::Join{who, ui.room_text});
  ImGui::SameLine();
  if (ImGui::Button(tr(T::kLeave))) ui.commands.push_back(sim::command::Leave{who, ui.room_text});
  ImGui::SetNextItemWidth(220 * ui.theme.scale);
  ImGui::InputText(tr(T::kText), ui.say_text, sizeof ui.say_text);
  ImGui::SameLine();
  if (ImGui::Button(tr(T::kSay))) {
    ui.commands.push_back(sim::command::Say{who, ui.room_text, ui.say_text, {}});
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(T::kDisconnect))) {
    ui.commands.push_back(sim::command::DisconnectClient{who});
  }
}

void draw_emit(UiState& ui) {
  if (!ImGui::CollapsingHeader(tr(T::kEmitAsServer))) return;
  ImGui::SetNextItemWidth(160 * ui.theme.scale);
  ImGui::InputText(tr(T::kEmitTo), ui.emit_to, sizeof ui.emit_to);
  ImGui::SetNextItemWidth(160 * ui.theme.scale);
  ImGui::InputText(tr(T::kEventName), ui.emit_event, sizeof ui.emit_event);
  ImGui::SetNextItemWidth(260 * ui.theme.scale);
  ImGui::InputText(tr(T::kText), ui.emit_text, sizeof ui.emit_text);
  if (ImGui::Button(tr(T::kEmit)) && ui.emit_event[0]) {
    sim::command::Emit emit;
    emit.to = std::string(ui.emit_to) == "*" ? std::string() : std::string(ui.emit_to);
    emit.event = ui.emit_event;
    emit.text = ui.emit_text;
    ui.commands.push_back(emit);
  }
}

}  // namespace

void draw_clients_panel(ViewModel& model, UiState& ui) {
  const sim::WorldModel& world = model.world();
  auto selected = world.find_client(ui.selected_client);
  if (selected && world.client(*selected).connected) {
    draw_actions(world.client(*selected), ui);
  } else {
    ImGui::TextDisabled("%s", tr(T::kSelectClient));
  }
  if (ui.controls) draw_emit(ui);
  ImGui::Separator();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##filter", tr(T::kFilter), ui.client_filter, sizeof ui.client_filter);

  std::vector<const sim::WorldModel::Client*> shown;
  for (const auto* client : world.clients()) {
    if (matches(*client, ui.client_filter)) shown.push_back(client);
  }
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("clients", 5, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(T::kName));
  ImGui::TableSetupColumn(tr(T::kSocket));
  ImGui::TableSetupColumn(tr(T::kServer));
  ImGui::TableSetupColumn(tr(T::kTransport));
  ImGui::TableSetupColumn(tr(T::kRooms));
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(shown.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const sim::WorldModel::Client& client = *shown[static_cast<size_t>(row)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(row);
      const std::string label = client.name.empty() ? "-" : client.name;
      if (ImGui::Selectable(label.c_str(), client.socket == ui.selected_client,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        ui.selected_client = client.socket;
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(client.socket.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(client.server.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(client.transport.c_str());
      ImGui::TableNextColumn();
      std::string rooms;
      for (const auto& room : client.rooms)
        rooms += (rooms.empty() ? "" : ", ") + room;
      ImGui::TextUnformatted(rooms.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace scaleout::gui
