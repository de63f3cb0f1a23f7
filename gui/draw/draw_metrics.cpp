// draw_metrics: the last five minutes, per second, for all servers or one: deliveries and losses,
// publishes to Redis, delivery latency p50/p99, and Redis' operations per second.
#include "draw/draw.hpp"
#include "draw/plot.hpp"

namespace scaleout::gui {

void draw_metrics(ViewModel& model, UiState& ui) {
  const auto per_server = model.metrics().per_server();
  std::vector<std::string> servers;
  for (const auto& [name, series] : per_server)
    servers.push_back(name);
  servers = natural_order(servers);
  if (ui.metrics_server >= static_cast<int>(servers.size())) ui.metrics_server = -1;
  const std::string current =
      ui.metrics_server < 0 ? tr(T::kAllServers) : servers[static_cast<size_t>(ui.metrics_server)];
  ImGui::SetNextItemWidth(180 * ui.theme.scale);
  if (ImGui::BeginCombo("##server", current.c_str())) {
    if (ImGui::Selectable(tr(T::kAllServers), ui.metrics_server < 0)) ui.metrics_server = -1;
    for (size_t i = 0; i < servers.size(); ++i) {
      if (ImGui::Selectable(servers[i].c_str(), ui.metrics_server == static_cast<int>(i))) {
        ui.metrics_server = static_cast<int>(i);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr(T::kLastFiveMinutes));
  const Metrics::Series& samples =
      ui.metrics_server < 0 ? model.metrics().total()
                            : *per_server.at(servers[static_cast<size_t>(ui.metrics_server)]);
  const float height = std::max(
      80.0f, (ImGui::GetContentRegionAvail().y - 8 * ImGui::GetTextLineHeightWithSpacing()) / 4);
  const Theme& theme = ui.theme;
  draw_plot(tr(T::kDeliveredRate), samples,
            {{tr(T::kDeliveredRate), theme.ok,
              [](const SecondSample& s) { return static_cast<float>(s.delivered); }},
             {tr(T::kLostRate), theme.loss,
              [](const SecondSample& s) { return static_cast<float>(s.dropped); }}},
            height, theme);
  draw_plot(tr(T::kPublishesRate), samples,
            {{tr(T::kPublishesRate), rgb(0x56B4E9),
              [](const SecondSample& s) { return static_cast<float>(s.published); }}},
            height, theme);
  draw_plot(tr(T::kLatency), samples,
            {{"p50", rgb(0x0072B2), [](const SecondSample& s) { return s.p50_ms; }},
             {"p99", rgb(0xE69F00), [](const SecondSample& s) { return s.p99_ms; }, true}},
            height, theme);
  if (ui.metrics_server < 0 && model.status() && model.status()->redis.present) {
    draw_plot(
        tr(T::kRedisOps), samples,
        {{tr(T::kRedisOps), rgb(0xCC79A7), [](const SecondSample& s) { return s.redis_ops; }}},
        height, theme);
  }
}

}  // namespace scaleout::gui
