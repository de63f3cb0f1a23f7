// The autoscaler's metric: received-message rates per server from two TraceStats snapshots.
#include "autoscale_metric.hpp"

namespace scaleout::sim {

namespace {

uint64_t received(const StatsSnapshot& stats, const std::string& server) {
  auto found = stats.servers.find(server);
  return found == stats.servers.end() ? 0 : found->second.counters.received;
}

}  // namespace

std::vector<ServerReading> messages_per_second(
    const StatsSnapshot& before, const StatsSnapshot& now, double seconds,
    const std::vector<ServerSnapshot>& servers,
    const std::function<bool(const std::string&)>& ready) {
  std::vector<ServerReading> readings;
  for (const auto& server : servers) {
    if (!server.running || server.draining) continue;
    const uint64_t then = received(before, server.name);
    const uint64_t count = received(now, server.name);
    ServerReading reading;
    reading.server = server.name;
    reading.value = seconds > 0 && count >= then ? static_cast<double>(count - then) / seconds : 0;
    reading.ready = ready(server.name);
    readings.push_back(std::move(reading));
  }
  return readings;
}

}  // namespace scaleout::sim
