// EventFeed: the trace as the GUI takes it. A collector sink whose only work on the collector's
// thread is to append each batch to a buffer under a short lock; once a frame the GUI thread
// swaps the buffer out. Neither side ever waits for the other's real work. If the GUI falls far
// behind, the oldest events beyond the capacity are dropped and counted (the window says so).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "scaleout/sim/trace_collector.hpp"

namespace scaleout::gui {

struct EventBatch {
  std::vector<sim::TraceEvent> events;
  sim::ServerNames names;
  uint64_t dropped = 0;  // events lost since the previous batch because the GUI fell behind
};

class EventFeed : public sim::TraceSink {
 public:
  explicit EventFeed(size_t capacity = 1 << 20) : capacity_(capacity) {}

  void on_events(std::span<const sim::TraceEvent> events, const sim::ServerNames& names) override;

  // Moves everything that arrived since the previous call into `batch` (whose old contents go).
  void take(EventBatch& batch);

  // For sources that are not a collector (a recording played back).
  void push(std::span<const sim::TraceEvent> events, const sim::ServerNames& names) {
    on_events(events, names);
  }

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::vector<sim::TraceEvent> pending_;
  sim::ServerNames names_;
  uint64_t dropped_ = 0;
};

}  // namespace scaleout::gui
