// draw_channels_panel: the Redis channels in use — which servers published and received on each,
// and how many messages a second — and, for a live world, what each server is subscribed to (the
// classic adapter subscribes to a pattern per namespace, so every server hears every room).
#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : natural_order({names.begin(), names.end()})) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

void draw_channels_panel(ViewModel& model, UiState& ui) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  if (ImGui::BeginTable("channels", 4, kFlags)) {
    ImGui::TableSetupColumn(tr(T::kChannel));
    ImGui::TableSetupColumn(tr(T::kMessagesPerSecond));
    ImGui::TableSetupColumn(tr(T::kPublishColumn));
    ImGui::TableSetupColumn(tr(T::kSubscribers));
    ImGui::TableHeadersRow();
    for (const auto& [name, channel] : model.channels()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", channel.per_second);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(joined(channel.publishers).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(joined(channel.receivers).c_str());
    }
    ImGui::EndTable();
  }
  const sim::WorldStatus* status = model.status();
  if (!status) return;
  ImGui::Spacing();
  ImGui::Separator();
  for (const auto& server : status->world.servers) {
    if (server.subscriptions.empty()) continue;
    ImGui::Text("%s", server.name.c_str());
    for (const auto& subscription : server.subscriptions)
      ImGui::BulletText("%s", subscription.c_str());
  }
}

}  // namespace scaleout::gui
