// CapacityModel: FIFO on the earliest-free of k cores, and what that says about utilisation,
// queue length and queue wait.
#include "scaleout/server/capacity_model.hpp"

#include <algorithm>

namespace scaleout::sim {

CapacityModel::CapacityModel(int cores) : cores_(std::max(cores, 1)) {
  for (int i = 0; i < cores_; ++i)
    free_at_.push(0);
}

int64_t CapacityModel::schedule(int64_t now_ns, int64_t cost_ns) {
  const int64_t start = std::max(now_ns, free_at_.top());
  free_at_.pop();
  free_at_.push(start + cost_ns);
  busy_.push_back({start, start + cost_ns});
  forget_before(now_ns);
  return start;
}

void CapacityModel::forget_before(int64_t now_ns) {
  while (!busy_.empty() && busy_.front().end_ns < now_ns - kWindowNs)
    busy_.pop_front();
}

double CapacityModel::utilization(int64_t now_ns) const {
  const int64_t from = now_ns - kWindowNs;
  int64_t busy = 0;
  for (const Busy& span : busy_) {
    if (span.start_ns >= now_ns) break;  // starts only grow: the rest is still queued
    busy += std::max<int64_t>(0, std::min(span.end_ns, now_ns) - std::max(span.start_ns, from));
  }
  return std::min(1.0, static_cast<double>(busy) / (static_cast<double>(kWindowNs) * cores_));
}

int64_t CapacityModel::wait_ns(int64_t now_ns) const {
  return std::max<int64_t>(0, free_at_.top() - now_ns);
}

size_t CapacityModel::queued(int64_t now_ns) const {
  auto first_queued =
      std::upper_bound(busy_.begin(), busy_.end(), now_ns,
                       [](int64_t t, const Busy& span) { return t < span.start_ns; });
  return static_cast<size_t>(busy_.end() - first_queued);
}

}  // namespace scaleout::sim
