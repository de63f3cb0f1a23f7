// WorldStatus: everything a view shows that the trace does not tell, as a plain copy taken by
// the world's controller thread a few times a second: the servers' own snapshots, Redis' INFO
// and SLOWLOG, the load balancer's counters, the bots and the clients the world connected. The
// GUI and the scenario player read the latest one; none of them ever asks a server directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scaleout/autoscale/autoscaler_status.hpp"
#include "scaleout/balancer/load_balancer.hpp"
#include "scaleout/stores/store_runs.hpp"
#include "scaleout/world/client_fleet.hpp"
#include "scaleout/world/world_snapshot.hpp"

namespace scaleout::sim {

struct SlowlogEntry {
  int64_t id = 0;
  int64_t unix_time = 0;
  int64_t duration_us = 0;
  std::string command;  // its words, joined by spaces
};

struct RedisStatus {
  bool present = false;    // this world has a Redis (the redis adapter is in use)
  bool embedded = false;   // started by the world, so it can be killed, restarted, paused
  bool running = false;    // the embedded process is alive (always true for an external one)
  bool paused = false;     // SIGSTOPped by a command
  bool reachable = false;  // it answered INFO in time
  std::string url;         // password hidden
  std::string error;       // why it did not answer
  double ops_per_second = 0;
  uint64_t used_memory = 0;
  std::string used_memory_human;
  int64_t connected_clients = 0;
  int64_t pubsub_channels = 0;
  int64_t pubsub_patterns = 0;
  int64_t keys = 0;
  int64_t latest_fork_usec = 0;
  std::vector<SlowlogEntry> slowlog;  // newest first
  int64_t taken_ns = 0;               // when INFO was asked (monotonic)
};

struct BotStatus {
  int count = 0;
  size_t connected = 0;
  uint64_t said = 0;
  uint64_t heard = 0;
  double says_per_second = 0;
};

// What became of a submitted command.
struct CommandOutcome {
  uint64_t id = 0;
  std::string command;  // describe()
  bool ok = false;
  std::string message;  // what happened, or why not
  int64_t t_ns = 0;     // when it finished (monotonic)
};

// How far a long command (fill-keys, scan-keys) has come while it runs.
struct CommandProgress {
  std::string command;  // describe(); empty when no long command runs
  uint64_t done = 0;
  uint64_t total = 0;
};

// A figure some part of the world publishes for the views and the lessons' comparison tables:
// the capacity model's utilisation of s1, the autoscaler's desired count, a store benchmark's
// operations per second. Each says whether it was measured or comes from a model.
struct Gauge {
  std::string name;  // dotted, most general first: "s1.utilization", "autoscaler.desired"
  double value = 0;
  std::string unit;       // "%", "ops/s", "ms", "servers"; empty for a plain count
  bool modelled = false;  // comes from a model (the capacity model), not from a measurement
};

// The world's memcached (started for a store benchmark or by the world's options).
struct MemcachedStatus {
  bool present = false;  // the world started one
  bool running = false;
  int pid = 0;
  uint16_t port = 0;
  int threads = 0;  // its -t
};

struct WorldStatus {
  WorldSnapshot world;
  RedisStatus redis;
  std::string balancer_url;
  std::string policy;
  std::vector<BackendStats> balancer;
  BotStatus bots;
  std::vector<FleetClientStatus> clients;
  CommandProgress progress;
  std::vector<Gauge> gauges;                 // in the order their parts add them
  int64_t taken_ns = 0;                      // monotonic
  std::vector<StoreRun> store_runs;          // every store benchmark run so far, oldest first
  std::optional<StoreBenchLive> store_live;  // the run going on now
  MemcachedStatus memcached;
  AutoscalerStatus autoscaler;
};

}  // namespace scaleout::sim
