// LinkGate: one message's due time, a timer, and a look again when a link changes.
#include "scaleout/links/link_gate.hpp"

#include <algorithm>

#include "scaleout/adapter/clock.hpp"

namespace scaleout::sim {

using adapter::monotonic_ns;

void LinkGate::cross(LinkPath& path, LinkDirection direction, size_t bytes,
                     std::shared_ptr<void> keep_alive, std::function<void()> on_crossed,
                     std::function<void()> on_down) {
  const PathFaults& faults = path.faults(direction);
  if (!faults.any()) {
    on_crossed();
    return;
  }
  if (faults.down) {
    on_down();
    return;
  }
  const auto index = static_cast<size_t>(direction);
  const int64_t now = monotonic_ns();
  int64_t sent = now;
  if (faults.bytes_per_second) {
    wire_free_ns_[index] = std::max(wire_free_ns_[index], now) +
                           static_cast<int64_t>(bytes * 1'000'000'000ull / faults.bytes_per_second);
    sent = wire_free_ns_[index];
  }
  due_ns_ = std::max(sent + sample_delay_ns(faults), last_due_ns_[index]);
  last_due_ns_[index] = due_ns_;
  path_ = &path;
  direction_ = direction;
  keep_alive_ = std::move(keep_alive);
  on_crossed_ = std::move(on_crossed);
  on_down_ = std::move(on_down);
  waiting_ = true;
  check();
}

void LinkGate::on_link_changed() {
  check();
}

void LinkGate::cancel() {
  waiting_ = false;
  on_crossed_ = nullptr;
  on_down_ = nullptr;
  keep_alive_.reset();
  ++wait_id_;
  timer_.cancel();
}

void LinkGate::check() {
  if (!waiting_) return;
  const PathFaults& faults = path_->faults(direction_);
  if (faults.down || (!faults.partition && monotonic_ns() >= due_ns_)) {
    std::function<void()> next;
    next.swap(faults.down ? on_down_ : on_crossed_);
    auto keep_alive = std::move(keep_alive_);
    cancel();
    next();
    return;
  }
  wait_until(faults.partition ? INT64_MAX : due_ns_);
}

void LinkGate::wait_until(int64_t due_ns) {
  // Re-arming cancels the wait before; its handler sees an old id and does nothing.
  const uint64_t id = ++wait_id_;
  timer_.expires_at(due_ns == INT64_MAX
                        ? boost::asio::steady_timer::time_point::max()
                        : boost::asio::steady_timer::time_point(std::chrono::nanoseconds(due_ns)));
  timer_.async_wait([this, id, keep_alive = keep_alive_](boost::system::error_code) {
    if (id == wait_id_) check();
  });
}

}  // namespace scaleout::sim
