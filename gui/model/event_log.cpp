// EventLog: a ring of entries and an incrementally built index of those that match.
#include "model/event_log.hpp"

namespace scaleout::gui {

void EventLog::add(LogEntry entry) {
  if (ring_.size() == capacity_) forget_oldest();
  const uint64_t sequence = next_sequence_++;
  if (filter_.matches(entry)) index_.push_back(sequence);
  ring_.push_back(std::move(entry));
}

void EventLog::forget_oldest() {
  ring_.pop_front();
  ++first_sequence_;
  if (!index_.empty() && index_.front() < first_sequence_) {
    index_.pop_front();
    // A frozen view loses its oldest row too, rather than pointing at a forgotten entry.
    if (paused_ && frozen_count_ > 0) --frozen_count_;
  }
}

void EventLog::set_filter(LogFilter filter) {
  filter_ = std::move(filter);
  index_.clear();
  for (size_t i = 0; i < ring_.size(); ++i) {
    if (filter_.matches(ring_[i])) index_.push_back(first_sequence_ + i);
  }
  frozen_count_ = index_.size();
}

void EventLog::set_paused(bool paused) {
  paused_ = paused;
  frozen_count_ = index_.size();
}

const LogEntry& EventLog::at(size_t newest_first) const {
  const size_t count = visible();
  const uint64_t sequence = index_[count - 1 - newest_first];
  return ring_[sequence - first_sequence_];
}

}  // namespace scaleout::gui
