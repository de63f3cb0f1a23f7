// TraceCollector: gathers the trace of every server in the process. Each server gets its own
// ring (register_server); a collector thread drains the rings every few milliseconds, orders the
// batch by time, lets the loss detector add `drop` events, and hands the batch to the sinks (the
// trace file, the stats, the GUI). A server never waits for it: when it falls behind, rings fill
// and events are dropped from the trace and counted.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/trace/server_trace.hpp"
#include "scaleout/trace/trace_event.hpp"

namespace scaleout::sim {

class LossDetector;

// Server index -> name, as it was when a batch was handed out.
using ServerNames = std::vector<std::string>;

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // On the collector thread, in time order.
  virtual void on_events(std::span<const TraceEvent> events, const ServerNames& names) = 0;
  // At least once a second, and when the collector stops.
  virtual void flush() {}
};

struct TraceCollectorOptions {
  size_t ring_capacity = 1 << 16;  // events per server
  std::chrono::milliseconds drain_period{10};
  bool detect_loss = true;
  std::chrono::milliseconds loss_settle{1500};  // how long a message may take to be delivered
};

class TraceCollector {
 public:
  explicit TraceCollector(TraceCollectorOptions options = {});
  ~TraceCollector();

  // The recorder for a server of this name (the same index again for a restarted server).
  // Thread-safe.
  ServerTrace register_server(const std::string& name);
  // Before start().
  void add_sink(TraceSink* sink) { sinks_.push_back(sink); }

  void start();
  // Drains what is left, flushes the sinks, stops the thread.
  void stop();

  // Events dropped from the trace because the collector fell behind (the servers never wait).
  uint64_t dropped() const;
  uint64_t collected() const { return collected_.load(std::memory_order_relaxed); }
  std::vector<std::string> server_names() const;

 private:
  void run();
  void collect_once(bool final);
  void merge_runs();

  TraceCollectorOptions options_;
  mutable std::mutex mutex_;  // guards names_ and rings_ (registration is rare)
  ServerNames names_;
  std::vector<std::shared_ptr<TraceRing>> rings_;
  std::vector<TraceSink*> sinks_;
  std::unique_ptr<LossDetector> loss_;
  std::vector<std::vector<TraceEvent>> runs_;  // one per ring, as drained
  std::vector<TraceEvent> batch_;
  std::atomic<uint64_t> collected_{0};
  std::atomic<bool> running_{false};
  std::condition_variable wake_;
  std::mutex wake_mutex_;
  std::thread thread_;
  std::chrono::steady_clock::time_point last_flush_;
};

}  // namespace scaleout::sim
