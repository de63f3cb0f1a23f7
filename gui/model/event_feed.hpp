// EventFeed: the trace as the GUI takes it. A collector sink whose only work on the collector's
// thread is to append each batch to a buffer under a short lock; once a frame the GUI thread
// swaps the buffer out. Neither side ever waits for the other's real work. If the GUI falls far
// behind, the oldest events beyond the capacity are dropped and counted (the window says so).
// A lesson that builds its world anew starts a new generation of the feed (begin_world).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "scaleout/trace/trace_collector.hpp"

namespace scaleout::gui {

struct EventBatch {
  std::vector<sim::TraceEvent> events;
  sim::ServerNames names;
  uint64_t dropped = 0;     // events lost since the previous batch because the GUI fell behind
  uint64_t generation = 0;  // the world these events came from (see EventFeed::begin_world)
};

class EventFeed : public sim::TraceSink {
 public:
  explicit EventFeed(size_t capacity = 1 << 20) : capacity_(capacity) {}

  void on_events(std::span<const sim::TraceEvent> events, const sim::ServerNames& names) override;

  // Moves everything that arrived since the previous call into `batch` (whose old contents go).
  void take(EventBatch& batch);

  // A new world is about to send its events (a lesson rebuilt its world): what is still pending
  // from the old one goes, and the batches from now on carry the next generation, so that the GUI
  // starts its view afresh exactly where the new world's events begin.
  void begin_world();

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
  uint64_t generation_ = 0;
};

}  // namespace scaleout::gui
