// Observations: what the expectations and the report need from the trace, kept as it arrives — a
// trace sink on the world's collector thread. For each message id: where it came in, its
// publishes, deliveries and drops; for windows and plots: every delivery (with its latency), drop,
// publish and Redis error with its time; and which client name each socket id belongs to (from
// the CONNECT's auth); and the world's status as the player sees it. Queries take a short lock
// and copy out; the collector never waits long.
//
// Memory is bounded: beyond kMaxMessages message ids (and kMaxEvents timed events) the oldest are
// forgotten and counted in truncated(); a lesson stays far below.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "scaleout/trace/latency_histogram.hpp"
#include "scaleout/trace/trace_collector.hpp"
#include "scaleout/world/world_status.hpp"

namespace scaleout::scenarios {

// A client is named by the name it gave in its CONNECT (auth.name), else by its socket id.
struct MessageFacts {
  struct Delivery {
    std::string client;
    std::string socket;
    int64_t t_ns = 0;
  };
  struct Drop {
    std::string client;
    std::string reason;
  };
  struct Publish {
    std::string channel;
    bool sent = false;
  };
  int64_t recv_ns = 0;  // 0: its recv was not seen
  std::string server;
  std::string room;
  std::string sender;
  std::vector<Delivery> delivered;
  std::vector<Drop> dropped;
  std::vector<Publish> published;
};

// One timed event of the run.
struct TimedFact {
  enum class Kind { kDelivery, kDrop, kPublish, kRedisError };
  Kind kind;
  int64_t t_ns;
  int64_t latency_ns;  // deliveries whose recv was seen; else -1
  std::string mid;
  std::string detail;         // drop reason, publish channel ("" when sent is false), error text
  bool cross_server = false;  // a delivery by another server than the one the message reached
};

// What the world's status said at one moment (the player records each new one), for the
// figures of comparison tables that the trace does not tell (compare.hpp).
struct StatusSample {
  int64_t t_ns = 0;                // when the status was taken (monotonic)
  int servers = 0;                 // running
  int clients = 0;                 // the world's own clients and bots, connected
  double redis_ops = -1;           // Redis' operations per second; -1: no Redis, or not answering
  uint64_t redis_messages_in = 0;  // messages Redis pushed to the servers, all together
  std::vector<sim::Gauge> gauges;
};

// Maelstrom-style totals of a run, or of a window.
struct Totals {
  uint64_t delivered = 0;
  uint64_t lost = 0;        // drops
  uint64_t duplicated = 0;  // deliveries of a message to a socket beyond the first
  sim::LatencyHistogram latency;
};

class Observations : public sim::TraceSink {
 public:
  static constexpr size_t kMaxMessages = 200000;
  static constexpr size_t kMaxEvents = 2000000;
  static constexpr size_t kMaxSamples = 20000;  // over an hour at four a second

  void on_events(std::span<const sim::TraceEvent> events, const sim::ServerNames& names) override;

  // A status the player saw; one already recorded (the same taken_ns) is ignored.
  void record_status(const sim::WorldStatus& status);
  // The samples with from_ns <= t < to_ns, and the last one before from_ns (the state the window
  // began in) first when there is one.
  std::vector<StatusSample> samples_between(int64_t from_ns, int64_t to_ns) const;

  std::optional<MessageFacts> message(const std::string& mid) const;
  // Calls `visit` (under the lock: keep it short) for each fact of `kind` with
  // from_ns <= t < to_ns.
  void for_each_between(TimedFact::Kind kind, int64_t from_ns, int64_t to_ns,
                        const std::function<void(const TimedFact&)>& visit) const;
  Totals totals() const;
  // The time of the first event seen (0 before any).
  int64_t first_ns() const;
  uint64_t truncated() const;

 private:
  std::string client_of(std::string_view socket) const;
  void remember(TimedFact fact);

  static constexpr int kKinds = 4;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> names_;  // socket id -> client name
  std::unordered_map<std::string, MessageFacts> messages_;
  std::deque<std::string> message_order_;
  std::deque<TimedFact> facts_[kKinds];  // per kind, in the order they came (nearly by time)
  size_t fact_count_ = 0;
  uint64_t duplicated_ = 0;
  uint64_t delivered_ = 0;
  uint64_t lost_ = 0;
  sim::LatencyHistogram latency_;
  std::deque<StatusSample> samples_;
  int64_t first_ns_ = 0;
  uint64_t truncated_ = 0;
};

}  // namespace scaleout::scenarios
