// StatsPrinter: formatting the once-a-second status lines.
#include "stats_printer.hpp"

#include <cstdio>
#include <ctime>
#include <set>

#include "scaleout/adapter/blocking_redis.hpp"

namespace scaleout::cli {

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
    std::printf(
        "[%s] %-4s %-5s clients %5zu  rooms %4zu  in %7.0f/s  pub %7.0f/s  deliver %8.0f/s  "
        "lost %4lu  p50 %6.2f ms  p99 %6.2f ms%s\n",
        clock, server.name.c_str(), server.running ? "up" : "DOWN", server.clients.size(),
        rooms.size(), rate(c.received), rate(c.published), rate(c.delivered), c.dropped,
        traffic.latency.quantile_ns(0.5) / 1e6, traffic.latency.quantile_ns(0.99) / 1e6,
        server.adapter == "redis" && server.running && !server.redis_up ? "  (redis link down)"
                                                                        : "");
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
