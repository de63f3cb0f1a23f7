// TraceStats: the counters and latency histograms kept beside the trace, per server, per room
// and per Redis channel. A collector sink: it counts what the trace says (messages received,
// published, received from Redis, delivered, dropped) and measures each delivery's latency from
// the moment its message reached the first server. Read from any thread with snapshot().
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "scaleout/trace/latency_histogram.hpp"
#include "scaleout/trace/trace_collector.hpp"

namespace scaleout::sim {

struct TrafficCounters {
  uint64_t received = 0;        // events from clients
  uint64_t published = 0;       // messages sent to Redis
  uint64_t publish_failed = 0;  // messages Redis never got (link down)
  uint64_t from_redis = 0;      // messages received from Redis
  uint64_t delivered = 0;
  uint64_t dropped = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_published = 0;
  uint64_t adapter_errors = 0;
  uint64_t redis_commands = 0;
};

struct TrafficStats {
  TrafficCounters counters;
  LatencyHistogram latency;  // deliveries, from recv to deliver
};

struct StatsSnapshot {
  std::map<std::string, TrafficStats> servers;
  std::map<std::string, TrafficStats> rooms;     // "nsp room"
  std::map<std::string, TrafficStats> channels;  // Redis channel
};

class TraceStats : public TraceSink {
 public:
  void on_events(std::span<const TraceEvent> events, const ServerNames& names) override;

  // Totals since the start.
  StatsSnapshot snapshot() const;
  // Since the previous call to window(): what a once-a-second printer shows.
  StatsSnapshot window();

 private:
  struct Origin {
    int64_t recv_ns;
    std::string room_key;
  };
  void count(StatsSnapshot& into, const TraceEvent& event, const std::string& server,
             const Origin* origin);

  mutable std::mutex mutex_;
  StatsSnapshot total_;
  StatsSnapshot window_;
  std::unordered_map<std::string, Origin> origins_;  // mid -> when and where it arrived
  std::vector<std::pair<int64_t, std::string>> origin_order_;
  size_t origin_head_ = 0;
};

}  // namespace scaleout::sim
