// StatsPrinter: formatting the once-a-second status lines.
#include "stats_printer.hpp"

#include <cstdio>
#include <ctime>
#include <set>
#include <string>

#include "scaleout/adapter/blocking_redis.hpp"

namespace scaleout::cli {

namespace {

// 0, 512K, 1.5M: bytes waiting, in a few characters.
std::string short_bytes(size_t bytes) {
  char text[16];
  if (bytes < 1024) {
    std::snprintf(text, sizeof text, "%zu", bytes);
  } else if (bytes < (size_t{1} << 20)) {
    std::snprintf(text, sizeof text, "%zuK", bytes >> 10);
  } else {
    std::snprintf(text, sizeof text, "%.1fM", static_cast<double>(bytes) / (1 << 20));
  }
  return text;
}

}  // namespace

void StatsPrinter::print() {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  sim::StatsSnapshot window = stats_.window();
  sim::WorldSnapshot world = snapshot_();

  std::time_t wall = std::time(nullptr);
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M:%S", std::localtime(&wall));
  auto rate = [&](uint64_t count) { return seconds > 0 ? count / seconds : 0.0; };

  for (const auto& server : world.servers) {
    std::set<std::string> rooms;
    for (const auto& client : server.clients)
      rooms.insert(client.rooms.begin(), client.rooms.end());
    const sim::TrafficStats& traffic = window.servers[server.name];
    const auto& c = traffic.counters;
    std::string redis_note;
    if (server.adapter == "redis" && server.running && !server.redis_up) {
      redis_note = "  (redis link down)";
    } else if (server.redis_outages > 0) {
      redis_note = "  (redis link lost " + std::to_string(server.redis_outages) + "x)";
    }
    std::printf(
        "[%s] %-4s %-5s clients %5zu  rooms %4zu  in %7.0f/s  pub %7.0f/s  deliver %8.0f/s  "
        "lost %4lu  p50 %6.2f ms  p99 %6.2f ms  queued %6s  slow %3zu  held %3zu  "
        "slow-dropped %3lu%s\n",
        clock, server.name.c_str(), server.running ? "up" : "DOWN", server.clients.size(),
        rooms.size(), rate(c.received), rate(c.published), rate(c.delivered), c.dropped,
        traffic.latency.quantile_ns(0.5) / 1e6, traffic.latency.quantile_ns(0.99) / 1e6,
        short_bytes(server.buffered_bytes).c_str(), server.slow_clients, server.held_clients,
        static_cast<unsigned long>(server.slow_consumer_drops), redis_note.c_str());
  }
  if (redis_) {
    std::string error;
    auto info = adapter::query_redis_info(*redis_, std::chrono::milliseconds(300), &error);
    if (!info) {
      std::printf("[%s] redis %s: DOWN (%s)\n", clock, redis_->url().c_str(), error.c_str());
    } else {
      const uint64_t commands = std::stoull(
          (*info)["total_commands_processed"].empty() ? "0" : (*info)["total_commands_processed"]);
      const double ops = last_redis_commands_ ? rate(commands - last_redis_commands_) : 0.0;
      last_redis_commands_ = commands;
      std::printf("[%s] redis %s  ops %7.0f/s  memory %s  clients %s  channels %s\n", clock,
                  redis_->url().c_str(), ops, (*info)["used_memory_human"].c_str(),
                  (*info)["connected_clients"].c_str(), (*info)["pubsub_channels"].c_str());
    }
  }
  std::fflush(stdout);
}

}  // namespace scaleout::cli
