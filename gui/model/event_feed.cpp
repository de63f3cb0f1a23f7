// EventFeed: append on the collector's thread, swap on the GUI's.
#include "model/event_feed.hpp"

namespace scaleout::gui {

void EventFeed::on_events(std::span<const sim::TraceEvent> events, const sim::ServerNames& names) {
  std::lock_guard lock(mutex_);
  names_ = names;
  const size_t room = capacity_ > pending_.size() ? capacity_ - pending_.size() : 0;
  const size_t kept = std::min(room, events.size());
  pending_.insert(pending_.end(), events.begin(), events.begin() + static_cast<long>(kept));
  dropped_ += events.size() - kept;
}

void EventFeed::take(EventBatch& batch) {
  batch.events.clear();
  std::lock_guard lock(mutex_);
  batch.events.swap(pending_);
  batch.names = names_;
  batch.dropped = dropped_;
  dropped_ = 0;
  batch.generation = generation_;
}

void EventFeed::begin_world() {
  std::lock_guard lock(mutex_);
  pending_.clear();
  names_ = {};
  dropped_ = 0;
  ++generation_;
}

}  // namespace scaleout::gui
