// StatsPrinter: the --stats lines. Once a second, one line per server (clients, rooms, events in,
// publishes, deliveries, losses and delivery latency over that second; bytes queued for clients,
// slow and held-back clients now, slow consumers dropped so far) and one for Redis (its
// operations per second and memory), from the trace statistics and a world snapshot.
#pragma once

#include <functional>
#include <optional>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/trace/trace_stats.hpp"
#include "scaleout/world/world_snapshot.hpp"

namespace scaleout::cli {

class StatsPrinter {
 public:
  StatsPrinter(std::function<sim::WorldSnapshot()> snapshot, sim::TraceStats& stats,
               std::optional<adapter::RedisEndpoint> redis)
      : snapshot_(std::move(snapshot)), stats_(stats), redis_(std::move(redis)) {}

  // Prints the lines for the time since the previous call.
  void print();

 private:
  std::function<sim::WorldSnapshot()> snapshot_;
  sim::TraceStats& stats_;
  std::optional<adapter::RedisEndpoint> redis_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  uint64_t last_redis_commands_ = 0;
};

}  // namespace scaleout::cli
