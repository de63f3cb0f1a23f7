// EventLog: the newest events of the trace for the Event log panel, newest first, with a filter
// (LogFilter) and a pause. It keeps the last `capacity` events in a ring; the filtered view is an
// index into the ring, extended as events arrive (never rebuilt per frame), and rebuilt only
// when the filter changes. Pausing freezes what the panel shows while events keep arriving
// underneath; resuming shows them all. The world never pauses for it.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "model/log_filter.hpp"

namespace scaleout::gui {

class EventLog {
 public:
  explicit EventLog(size_t capacity = 100000) : capacity_(capacity) {}

  void add(LogEntry entry);

  void set_filter(LogFilter filter);
  const LogFilter& filter() const { return filter_; }
  void set_paused(bool paused);
  bool paused() const { return paused_; }

  // Visible entries, 0 = the newest. While paused, those there were at the pause.
  size_t visible() const { return paused_ ? frozen_count_ : index_.size(); }
  const LogEntry& at(size_t newest_first) const;
  // Events that arrived while paused and are not shown yet (matching the filter).
  size_t held_back() const { return paused_ ? index_.size() - frozen_count_ : 0; }
  uint64_t total() const { return next_sequence_; }

 private:
  void forget_oldest();

  size_t capacity_;
  std::deque<LogEntry> ring_;
  uint64_t first_sequence_ = 0;  // sequence number of ring_.front()
  uint64_t next_sequence_ = 0;
  std::deque<uint64_t> index_;  // sequence numbers of the entries that match, oldest first
  LogFilter filter_;
  bool paused_ = false;
  size_t frozen_count_ = 0;
};

}  // namespace scaleout::gui
