// draw_redis_panel: the world's Redis as INFO and SLOWLOG describe it (operations per second,
// memory, connections, channels, patterns, keys, the last fork), PUBLISH's round trip as the
// servers measured it, and the commands a teacher uses on it: kill, restart, pause, resume. A
// Redis Cluster or Sentinel pair is shown node by node (role, primary, slots, cluster bus
// traffic) with kill, restart and fail over for each, and the failovers seen.
#include <cstdio>
#include <ctime>

#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

void row(const char* label, const char* value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value);
}

void draw_nodes(const sim::RedisStatus& redis, UiState& ui) {
  ImGui::TextUnformatted(tr(T::kRedisNodes));
  const int columns = ui.controls && redis.embedded ? 5 : 4;
  if (ImGui::BeginTable("redis-nodes", columns,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const auto& node : redis.nodes) {
      ImGui::PushID(node.name.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%s :%u", node.name.c_str(), static_cast<unsigned>(node.port));
      ImGui::TableNextColumn();
      char text[96];
      if (!node.reachable || node.failed) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s", tr(T::kDown));
      } else if (node.primary) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.ok), "%s", tr(T::kRedisPrimary));
      } else {
        std::snprintf(text, sizeof text, tr(T::kRedisReplicaOf), node.primary_of.c_str());
        ImGui::TextUnformatted(text);
      }
      ImGui::TableNextColumn();
      std::string slots;
      for (const auto& range : node.slots)
        slots += (slots.empty() ? "" : " ") + range;
      ImGui::TextUnformatted(slots.c_str());
      ImGui::TableNextColumn();
      if (node.bus_messages_sent + node.bus_messages_received > 0) {
        std::snprintf(text, sizeof text, "%.0f %s", node.bus_messages_per_second, tr(T::kRedisBus));
        ImGui::TextUnformatted(text);
      }
      if (columns == 5) {
        ImGui::TableNextColumn();
        if (ImGui::SmallButton(tr(T::kKill)))
          ui.commands.push_back(sim::command::KillRedis{node.name});
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(T::kRestart))) {
          ui.commands.push_back(sim::command::RestartRedis{node.name});
        }
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(T::kFailOver))) {
          ui.commands.push_back(sim::command::FailoverRedis{node.name});
        }
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (redis.failovers.empty()) return;
  ImGui::TextUnformatted(tr(T::kFailoversSeen));
  for (auto it = redis.failovers.rbegin(); it != redis.failovers.rend(); ++it) {
    char text[128];
    std::snprintf(text, sizeof text, tr(T::kTookOver), it->node.c_str(), it->from.c_str());
    ImGui::BulletText("%s", text);
  }
}

}  // namespace

void draw_redis_panel(ViewModel& model, UiState& ui) {
  const sim::WorldStatus* status = model.status();
  const RoundTrip trip = model.publish_round_trip();
  if (status && status->redis.present) {
    const sim::RedisStatus& redis = status->redis;
    const bool up = redis.running && !redis.paused && redis.reachable;
    ImGui::Text("%s  %s", tr(T::kRedis), redis.url.c_str());
    ImGui::SameLine();
    if (up) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.ok), "%s", tr(T::kUp));
    } else {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "X %s %s",
                         redis.paused ? tr(T::kPaused) : tr(T::kDown), redis.error.c_str());
    }
    if (ui.controls && redis.embedded && redis.nodes.empty()) {
      if (ImGui::Button(tr(T::kKill))) ui.commands.push_back(sim::command::KillRedis{});
      ImGui::SameLine();
      if (ImGui::Button(tr(T::kRestart))) ui.commands.push_back(sim::command::RestartRedis{});
      ImGui::SameLine();
      if (ImGui::Button(tr(T::kPause5s))) {
        ui.commands.push_back(sim::command::PauseRedis{std::chrono::seconds(5)});
      }
      ImGui::SameLine();
      if (ImGui::Button(tr(T::kResume))) ui.commands.push_back(sim::command::ResumeRedis{});
    }
    if (ImGui::BeginTable("redis", 2, ImGuiTableFlags_SizingFixedFit)) {
      char text[96];
      std::snprintf(text, sizeof text, "%.0f", redis.ops_per_second);
      row(tr(T::kOpsPerSecond), text);
      row(tr(T::kMemory), redis.used_memory_human.c_str());
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(redis.connected_clients));
      row(tr(T::kConnectedClients), text);
      std::snprintf(text, sizeof text, "%lld / %lld", static_cast<long long>(redis.pubsub_channels),
                    static_cast<long long>(redis.pubsub_patterns));
      row((std::string(tr(T::kChannels)) + " / " + tr(T::kPatterns)).c_str(), text);
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(redis.keys));
      row(tr(T::kKeys), text);
      std::snprintf(text, sizeof text, "%.2f / %.2f ms", trip.p50_ms, trip.p99_ms);
      row(tr(T::kPublishRoundTrip), text);
      if (redis.latest_fork_usec > 0) {
        std::snprintf(text, sizeof text, "%lld us", static_cast<long long>(redis.latest_fork_usec));
        row("latest_fork_usec", text);
      }
      ImGui::EndTable();
    }
    if (!redis.nodes.empty()) {
      ImGui::Spacing();
      draw_nodes(redis, ui);
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(T::kSlowLog));
    if (ImGui::BeginTable("slowlog", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& entry : redis.slowlog) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        char when[32];
        const std::time_t t = entry.unix_time;
        std::strftime(when, sizeof when, "%H:%M:%S", std::localtime(&t));
        ImGui::TextUnformatted(when);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f ms", entry.duration_us / 1000.0);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(entry.command.c_str());
      }
      ImGui::EndTable();
    }
    return;
  }
  if (status) {
    ImGui::TextDisabled("%s", tr(T::kNoRedis));
    return;
  }
  // A recording: what the servers measured.
  ImGui::Text("%s", tr(T::kRedis));
  ImGui::Text("%s: %.2f / %.2f ms", tr(T::kPublishRoundTrip), trip.p50_ms, trip.p99_ms);
}

}  // namespace scaleout::gui
