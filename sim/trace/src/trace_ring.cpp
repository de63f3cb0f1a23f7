// TraceRing: allocation and the consumer's drain.
#include "scaleout/trace/trace_ring.hpp"

#include <bit>

namespace scaleout::sim {

TraceRing::TraceRing(size_t capacity)
    : capacity_(std::bit_ceil(std::max<size_t>(capacity, 2))),
      mask_(capacity_ - 1),
      slots_(new TraceEvent[capacity_]) {}

size_t TraceRing::drain(std::vector<TraceEvent>& out) {
  const uint64_t tail = tail_.load(std::memory_order_relaxed);
  const uint64_t head = head_.load(std::memory_order_acquire);
  for (uint64_t i = tail; i < head; ++i)
    out.push_back(slots_[i & mask_]);
  tail_.store(head, std::memory_order_release);
  return static_cast<size_t>(head - tail);
}

}  // namespace scaleout::sim
