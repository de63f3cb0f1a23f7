// EventLog: the Event log panel's rows — the events of the store that match the filter
// (LogFilter), as an index of sequence numbers built as events arrive (never rebuilt per frame;
// rebuilt once when the filter changes), shown newest first up to the moment the window shows.
// Pausing freezes the rows on screen while events keep arriving underneath; resuming shows them
// all. The world never pauses for it. Rows are only read back from the store when drawn, so a
// million events stay fluid.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>

#include "model/event_store.hpp"
#include "model/log_filter.hpp"

namespace scaleout::gui {

class EventLog {
 public:
  // A newly stored event.
  void add(uint64_t sequence, const LogEntry& entry);
  // The store forgot everything before `first`.
  void forget_before(uint64_t first);

  // Rebuilds the index over the whole store with a new filter.
  void set_filter(LogFilter filter, const EventStore& store,
                  const std::function<LogEntry(uint64_t)>& entry_of);
  const LogFilter& filter() const { return filter_; }

  // `shown_end` is one past the newest event the window shows.
  void set_paused(bool paused, uint64_t shown_end);
  bool paused() const { return paused_; }

  size_t visible(uint64_t shown_end) const;
  // The sequence number of the row `newest_first` (0 = the newest shown).
  uint64_t at(size_t newest_first, uint64_t shown_end) const;
  size_t held_back(uint64_t shown_end) const;

 private:
  size_t count_before(uint64_t end) const;

  std::deque<uint64_t> index_;  // sequences of matching events, oldest first
  LogFilter filter_;
  bool paused_ = false;
  uint64_t frozen_end_ = 0;
};

}  // namespace scaleout::gui
