// draw_servers_panel: one row per server — state, adapter, its link to Redis, clients, traffic in
// the last second, losses and delivery latency, and, for an instance with a capacity model, its
// size and a bar of its utilisation (modelled, said so in the header) — and the server menu (also
// the canvas' right-click menu): stop, kill, restart, remove, switch adapter.
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

void draw_server_menu(const std::string& server, ViewModel& model, UiState& ui) {
  ImGui::TextDisabled(tr(T::kServerMenu), server.c_str());
  ImGui::Separator();
  auto found = model.world().servers().find(server);
  const bool up = found != model.world().servers().end() && found->second.up;
  if (ImGui::MenuItem(tr(T::kStop), nullptr, false, up)) {
    ui.commands.push_back(sim::command::StopServer{server});
  }
  if (ImGui::MenuItem(tr(T::kKill), nullptr, false, up)) {
    ui.commands.push_back(sim::command::KillServer{server});
  }
  if (ImGui::MenuItem(tr(T::kRestart))) ui.commands.push_back(sim::command::RestartServer{server});
  if (ImGui::MenuItem(tr(T::kRemove))) ui.commands.push_back(sim::command::RemoveServer{server});
  ImGui::Separator();
  const bool redis = found != model.world().servers().end() && found->second.adapter != "memory";
  if (ImGui::MenuItem(tr(T::kUseMemoryAdapter), nullptr, false, redis)) {
    ui.commands.push_back(sim::command::SwitchAdapter{server, sim::AdapterKind::kMemory});
  }
  if (ImGui::MenuItem(tr(T::kUseRedisAdapter), nullptr, false, !redis)) {
    ui.commands.push_back(sim::command::SwitchAdapter{server, sim::AdapterKind::kRedis});
  }
}

namespace {

// "4 vCPU" and a bar of the busy share of its vCPUs over the last second, with the queue's wait;
// "-" for an instance without a capacity model.
void draw_capacity_cell(const sim::ServerSnapshot* snapshot) {
  if (!snapshot || snapshot->load.vcpus == 0) {
    ImGui::TextDisabled("-");
    return;
  }
  const sim::InstanceLoad& load = snapshot->load;
  ImGui::Text("%d vCPU", load.vcpus);
  ImGui::SameLine();
  char overlay[48];
  std::snprintf(overlay, sizeof overlay, "%.0f%%  q %.0f ms", 100 * load.utilization,
                load.queue_wait_ms);
  ImGui::ProgressBar(static_cast<float>(load.utilization), ImVec2(-1, 0), overlay);
}

}  // namespace

void draw_servers_panel(ViewModel& model, UiState& ui) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("servers", 11, kFlags)) return;
  ImGui::TableSetupColumn(tr(T::kName));
  ImGui::TableSetupColumn(tr(T::kState));
  ImGui::TableSetupColumn(tr(T::kAdapter));
  ImGui::TableSetupColumn(tr(T::kRedisLink));
  ImGui::TableSetupColumn(tr(T::kClientsPanel));
  ImGui::TableSetupColumn(tr(T::kInPerSecond));
  ImGui::TableSetupColumn(tr(T::kDeliveredPerSecond));
  ImGui::TableSetupColumn(tr(T::kLostTotal));
  ImGui::TableSetupColumn("p50 ms");
  ImGui::TableSetupColumn("p99 ms");
  ImGui::TableSetupColumn(tr(T::kCapacityModel));
  ImGui::TableHeadersRow();
  const auto per_server = model.metrics().per_server();
  std::vector<std::string> names;
  for (const auto& [name, server] : model.world().servers())
    names.push_back(name);
  std::map<std::string, size_t> clients;
  for (const auto* client : model.world().clients())
    ++clients[client->server];
  for (const auto& name : natural_order(names)) {
    const sim::WorldModel::Server& server = model.world().servers().at(name);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
    if (ui.controls && ImGui::BeginPopupContextItem()) {
      draw_server_menu(name, model, ui);
      ImGui::EndPopup();
    }
    ImGui::TableNextColumn();
    if (server.up) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.ok), "%s", tr(T::kUp));
    } else {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s %s", tr(T::kDown),
                         server.down_reason.c_str());
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(server.adapter.c_str());
    ImGui::TableNextColumn();
    if (server.adapter == "memory") {
      ImGui::TextDisabled("-");
    } else if (!server.redis_known || server.redis_up) {
      ImGui::TextUnformatted(tr(T::kUp));
    } else {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s", tr(T::kDown));
    }
    ImGui::TableNextColumn();
    ImGui::Text("%zu", clients[name]);
    SecondSample last;
    auto series = per_server.find(name);
    if (series != per_server.end() && !series->second->empty()) last = series->second->back();
    ImGui::TableNextColumn();
    ImGui::Text("%u", last.received);
    ImGui::TableNextColumn();
    ImGui::Text("%u", last.delivered);
    ImGui::TableNextColumn();
    auto lost = model.lost_by_server().find(name);
    const uint64_t lost_count = lost == model.lost_by_server().end() ? 0 : lost->second;
    if (lost_count) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %llu",
                         static_cast<unsigned long long>(lost_count));
    } else {
      ImGui::TextUnformatted("0");
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", last.p50_ms);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", last.p99_ms);
    ImGui::TableNextColumn();
    draw_capacity_cell(model.server_status(name));
  }
  ImGui::EndTable();
  if (const sim::WorldStatus* status = model.status(); status && !status->balancer.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s: %s", tr(T::kLoadBalancer), status->balancer_url.c_str());
    for (const auto& backend : status->balancer) {
      ImGui::BulletText("%s  %llu %s%s", backend.name.c_str(),
                        static_cast<unsigned long long>(backend.requests), tr(T::kBalancerRequests),
                        backend.up ? "" : "  (skipped: refused)");
    }
  }
}

}  // namespace scaleout::gui
