// FlowControl: the server-wide half of flow control (docs/flow-control.md). It holds the limits
// every session applies, and knows which session's message is being handled at the moment, so
// that a delivery which leaves a member over its soft limit knows whom to hold back. Each
// session keeps its own half: its queue, whom it holds back, its stall timer
// (engine_session_flow.cpp). Lives on the server's thread, owned by the EngineServer.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "scaleout/server/server_options.hpp"

namespace scaleout::sim {

class EngineSession;

struct FlowLimits {
  size_t soft = 0;                     // over it, a member is slow and holds back its publishers
  size_t hard = 0;                     // over it, a member is dropped at once
  std::chrono::milliseconds stall{0};  // a slow member that takes no bytes this long is dropped
  std::chrono::milliseconds hold{0};   // ... and after this long it holds nobody back any more

  static FlowLimits from(const ServerOptions& options) {
    FlowLimits limits;
    limits.hard = options.max_buffered_bytes;
    limits.soft = std::min(options.soft_buffered_bytes, options.max_buffered_bytes);
    limits.stall = std::chrono::milliseconds(options.stall_timeout_ms);
    limits.hold = limits.stall / 5;
    return limits;
  }
  // A member that was over the soft limit releases its publishers once it is down to this.
  size_t resume_at() const { return soft / 2; }
};

// What flow control is doing on one server, for its snapshot.
struct FlowStats {
  size_t buffered_bytes = 0;      // waiting for all clients together
  size_t peak_client_buffer = 0;  // the most that ever waited for one client
  size_t slow_clients = 0;        // over the soft limit now
  size_t held_clients = 0;        // not being read now, held back by a slow member
  uint64_t slow_consumers = 0;    // dropped as slow consumers since the start
};

class FlowControl {
 public:
  explicit FlowControl(const ServerOptions& options) : limits_(FlowLimits::from(options)) {}

  const FlowLimits& limits() const { return limits_; }

  // Marks `publisher` as the session whose message is being handled, for the scope's life.
  class PublisherScope {
   public:
    PublisherScope(FlowControl& flow, EngineSession* publisher)
        : flow_(flow), previous_(flow.publisher_) {
      flow_.publisher_ = publisher;
    }
    ~PublisherScope() { flow_.publisher_ = previous_; }
    PublisherScope(const PublisherScope&) = delete;
    PublisherScope& operator=(const PublisherScope&) = delete;

   private:
    FlowControl& flow_;
    EngineSession* previous_;
  };
  // Null when the delivery comes from elsewhere (Redis, a timer): then nobody can be held back.
  EngineSession* publisher() const { return publisher_; }

  void note_buffered(size_t bytes) { peak_buffered_ = std::max(peak_buffered_, bytes); }
  size_t peak_buffered() const { return peak_buffered_; }
  void count_slow_consumer() { ++slow_consumers_; }
  uint64_t slow_consumers() const { return slow_consumers_; }

 private:
  FlowLimits limits_;
  EngineSession* publisher_ = nullptr;
  size_t peak_buffered_ = 0;
  uint64_t slow_consumers_ = 0;
};

}  // namespace scaleout::sim
