// draw_redis_panel: the world's Redis as INFO and SLOWLOG describe it (operations per second,
// memory, connections, channels, patterns, keys, the last fork), PUBLISH's round trip as the
// servers measured it, and the commands a teacher uses on it: kill, restart, pause, resume.
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
    if (ui.controls && redis.embedded) {
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
