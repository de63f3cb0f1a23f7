// TraceRing: a fixed-size single-producer, single-consumer ring of trace events. The producer (a
// server thread) never waits and never makes a system call: when the ring is full the event is
// counted as dropped from the trace and the server goes on. The consumer (the collector thread)
// drains it in batches.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "scaleout/trace/trace_event.hpp"

namespace scaleout::sim {

class TraceRing {
 public:
  // `capacity` is rounded up to a power of two.
  explicit TraceRing(size_t capacity);

  // Producer side.
  bool push(const TraceEvent& event) {
    const uint64_t head = head_.load(std::memory_order_relaxed);
    if (head - tail_cache_ >= capacity_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head - tail_cache_ >= capacity_) {
        dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return false;
      }
    }
    slots_[head & mask_] = event;
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  // Consumer side: appends everything available to `out`; returns how many.
  size_t drain(std::vector<TraceEvent>& out);

  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  size_t capacity_;
  size_t mask_;
  std::unique_ptr<TraceEvent[]> slots_;
  alignas(64) std::atomic<uint64_t> head_{0};
  uint64_t tail_cache_ = 0;  // producer's last view of tail_
  std::atomic<uint64_t> dropped_{0};
  alignas(64) std::atomic<uint64_t> tail_{0};
};

}  // namespace scaleout::sim
