// CapacityQueue: jobs wait for the model's virtual cores on one timer.
#include "capacity_queue.hpp"

#include <chrono>

#include "scaleout/adapter/clock.hpp"

namespace scaleout::sim {

namespace {

int64_t to_ns(double us) {
  return static_cast<int64_t>(us * 1000.0);
}

}  // namespace

CapacityQueue::CapacityQueue(boost::asio::io_context& io, const InstanceCapacity& capacity)
    : timer_(io),
      model_(capacity.vcpus),
      event_cost_ns_(to_ns(capacity.event_cost_us)),
      delivery_cost_ns_(to_ns(capacity.delivery_cost_us)) {}

void CapacityQueue::submit(int64_t cost_ns, std::function<void()> work) {
  const int64_t start = model_.schedule(adapter::monotonic_ns(), cost_ns);
  jobs_.push_back({start + cost_ns, std::move(work)});
  if (!armed_) arm();
}

void CapacityQueue::arm() {
  armed_ = true;
  timer_.expires_at(
      std::chrono::steady_clock::time_point(std::chrono::nanoseconds(jobs_.front().done_ns)));
  timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;  // the server is going away
    armed_ = false;
    run_due();
  });
}

// In arrival order: a job done earlier than the one before it (a cheaper job on another core)
// waits for it, as one connection's packets leave in order.
void CapacityQueue::run_due() {
  const int64_t now = adapter::monotonic_ns();
  while (!jobs_.empty() && jobs_.front().done_ns <= now) {
    auto work = std::move(jobs_.front().work);
    jobs_.pop_front();
    work();  // may submit more (an event's broadcast): they queue behind
  }
  if (!jobs_.empty() && !armed_) arm();
}

InstanceLoad CapacityQueue::load() const {
  const int64_t now = adapter::monotonic_ns();
  InstanceLoad load;
  load.vcpus = model_.cores();
  load.utilization = model_.utilization(now);
  load.queue_length = model_.queued(now);
  load.queue_wait_ms = static_cast<double>(model_.wait_ns(now)) / 1e6;
  return load;
}

}  // namespace scaleout::sim
