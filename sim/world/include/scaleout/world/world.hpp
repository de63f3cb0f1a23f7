// World: a whole running world with one front door, for the GUI, the scenario player and
// `scaleout cluster`: the cluster (Redis, servers, load balancer), the trace with its statistics,
// the bots, and the clients connected on command — all driven by WorldCommands.
//
// Nobody who uses a World waits on a server. submit() queues a command and returns at once; the
// world's controller thread runs it (which may take a moment: a server stopping, Redis
// restarting) and records the outcome, which outcomes_since() hands out and the trace records
// as a `command` event. The same thread takes a WorldStatus a few times a second; status()
// returns the latest at once. A monitor thread asks Redis for INFO and SLOWLOG once a second,
// so a paused or dead Redis never holds up a command.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/process/memcached_process.hpp"
#include "scaleout/trace/trace_collector.hpp"
#include "scaleout/trace/trace_stats.hpp"
#include "scaleout/world/bots.hpp"
#include "scaleout/world/client_fleet.hpp"
#include "scaleout/world/cluster.hpp"
#include "scaleout/world/world_command.hpp"
#include "scaleout/world/world_status.hpp"

namespace scaleout::sim {

struct WorldOptions {
  ClusterOptions cluster;  // its `trace` is set by the world
  BotOptions bots;         // count 0: no bots
  TraceCollectorOptions trace;
  // Off: the servers record nothing (no events, no stats, no drops), for the last bit of speed.
  bool record_trace = true;
  std::chrono::milliseconds status_period{250};
  std::chrono::milliseconds redis_poll_period{1000};
  // Start a memcached with the world (otherwise the first `store-bench memcached` starts one);
  // either way it is stopped with the world.
  bool memcached = false;
  MemcachedProcessOptions memcached_options{};
};

class RedisMonitor;
class StoreBench;
class Autoscaler;

class World {
 public:
  using NoticeHandler = ServerInstance::NoticeHandler;

  explicit World(WorldOptions options);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Before start(): more readers of the trace (a file, the GUI's feed), and who hears notices.
  void add_trace_sink(TraceSink* sink) { collector_.add_sink(sink); }
  void set_notice_handler(NoticeHandler handler) { notice_ = std::move(handler); }

  // Starts the trace, Redis, the servers, the balancer, the bots and the controller. Throws
  // std::runtime_error saying what could not start.
  void start();
  // Stops everything it started; the trace is drained and its sinks flushed.
  void stop();

  // Queues a command; returns its id at once.
  uint64_t submit(WorldCommand command);
  // Outcomes of commands with an id above `after`, oldest first.
  std::vector<CommandOutcome> outcomes_since(uint64_t after) const;
  // Whether every submitted command has run.
  bool idle() const;

  // The latest status (never null after start()).
  std::shared_ptr<const WorldStatus> status() const;

  TraceStats& stats() { return stats_; }
  TraceCollector& trace() { return collector_; }
  Cluster& cluster() { return *cluster_; }  // for the controller thread and tests only
  const WorldOptions& options() const { return options_; }

 private:
  struct Pending {
    uint64_t id;
    WorldCommand command;
  };
  struct Timed {  // something to do later on the controller thread (resume a paused Redis)
    std::chrono::steady_clock::time_point at;
    WorldCommand command;
  };

  void run_controller();
  CommandOutcome execute(const WorldCommand& command);
  void take_status();
  void add_autoscaler_gauges(WorldStatus& status);
  // A long command's progress, shown in the status at once (the controller is busy with it).
  void report_progress(const WorldCommand& command, uint64_t done, uint64_t total);
  void record(CommandOutcome outcome);
  // Starts the world's memcached unless it runs; false (with `error`) when it could not start.
  bool ensure_memcached(std::string* error);
  // Store benchmark runs that finished since the last look: into the runs, and told as outcomes.
  void collect_store_runs();
  // Hands the class's question on show (or its absence) to `server` (world_execute.cpp).
  void show_question_on(ServerInstance& server);

  WorldOptions options_;
  TraceCollector collector_;
  TraceStats stats_;
  ServerTrace world_trace_;  // the `command` events
  NoticeHandler notice_;
  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<Bots> bots_;
  ClientFleet fleet_;
  std::unique_ptr<RedisMonitor> redis_monitor_;
  std::unique_ptr<Autoscaler> autoscaler_;  // controller thread only (docs/autoscaling.md)
  std::vector<Timed> timed_;                // controller thread only
  bool redis_paused_ = false;               // controller thread only
  std::chrono::steady_clock::time_point hold_until_;      // a `wait` holds the queue until then
  uint64_t next_emit_ = 1;                                // controller thread only
  std::chrono::steady_clock::time_point progress_shown_;  // controller thread only
  std::unique_ptr<MemcachedProcess> memcached_;           // started on the controller's thread
  std::unique_ptr<StoreBench> store_bench_;
  std::vector<StoreRun> store_runs_;       // controller thread only
  std::vector<StoreRun> unreported_runs_;  // finished, not yet told as outcomes; controller only
  std::optional<ClassQuestion> class_question_;  // the class's question on show; controller only
  QuestionPhase class_phase_ = QuestionPhase::kOpen;

  mutable std::mutex mutex_;  // guards the queue, the outcomes and the status
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::vector<CommandOutcome> outcomes_;
  std::shared_ptr<const WorldStatus> status_;
  uint64_t next_id_ = 1;
  uint64_t running_id_ = 0;  // the command being run, 0 when none
  bool stopping_ = false;
  std::thread controller_;
  bool started_ = false;
};

}  // namespace scaleout::sim
