// EventLog: a growing index of matching sequence numbers, bounded by the moment shown.
#include "model/event_log.hpp"

#include <algorithm>

namespace scaleout::gui {

void EventLog::add(uint64_t sequence, const LogEntry& entry) {
  if (filter_.matches(entry)) index_.push_back(sequence);
}

void EventLog::forget_before(uint64_t first) {
  while (!index_.empty() && index_.front() < first)
    index_.pop_front();
}

void EventLog::set_filter(LogFilter filter, const EventStore& store,
                          const std::function<LogEntry(uint64_t)>& entry_of) {
  filter_ = std::move(filter);
  index_.clear();
  for (uint64_t sequence = store.first(); sequence < store.end(); ++sequence) {
    if (filter_.empty() || filter_.matches(entry_of(sequence))) index_.push_back(sequence);
  }
}

void EventLog::set_paused(bool paused, uint64_t shown_end) {
  paused_ = paused;
  frozen_end_ = shown_end;
}

size_t EventLog::count_before(uint64_t end) const {
  return static_cast<size_t>(std::lower_bound(index_.begin(), index_.end(), end) - index_.begin());
}

size_t EventLog::visible(uint64_t shown_end) const {
  return count_before(paused_ ? std::min(frozen_end_, shown_end) : shown_end);
}

uint64_t EventLog::at(size_t newest_first, uint64_t shown_end) const {
  return index_[visible(shown_end) - 1 - newest_first];
}

size_t EventLog::held_back(uint64_t shown_end) const {
  return paused_ ? count_before(shown_end) - visible(shown_end) : 0;
}

}  // namespace scaleout::gui
