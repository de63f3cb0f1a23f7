// CapacityModel: the queue arithmetic of the capacity model (instance_capacity.hpp), pure and on
// plain nanosecond times so that tests can drive it. Jobs of a known cost arrive in order and each
// takes the core that frees first (FIFO on k cores, an M/D/k-like queue): its start is the later of
// its arrival and that core's busy-until time. Because arrivals come in order and a core's
// busy-until only grows, starts never go backwards, so one FIFO of jobs is enough to run them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace scaleout::sim {

class CapacityModel {
 public:
  static constexpr int64_t kWindowNs = 1'000'000'000;  // utilisation is over the last second

  explicit CapacityModel(int cores);

  // A job costing `cost_ns` arrives at `now_ns`: the time a core starts it.
  int64_t schedule(int64_t now_ns, int64_t cost_ns);

  int cores() const { return cores_; }
  // Busy share of all cores over the second before `now_ns`, 0..1.
  double utilization(int64_t now_ns) const;
  // How long a job arriving at `now_ns` would wait for a core.
  int64_t wait_ns(int64_t now_ns) const;
  // Jobs no core has started by `now_ns`.
  size_t queued(int64_t now_ns) const;

 private:
  struct Busy {
    int64_t start_ns;
    int64_t end_ns;
  };
  void forget_before(int64_t now_ns);

  int cores_;
  std::priority_queue<int64_t, std::vector<int64_t>, std::greater<>> free_at_;  // one per core
  std::deque<Busy> busy_;  // the jobs' spans, in start order, back to the window's start
};

}  // namespace scaleout::sim
