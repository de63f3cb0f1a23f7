// StickyTable: which backend created each Engine.IO session (sid -> backend name), as the
// sticky-sid policy learns it from handshake replies. It must stay bounded however many clients
// come and go, and a session's end is invisible to the balancer, so entries are forgotten when
// unused for `idle` (every lookup refreshes its entry), when the table is over `capacity` (the
// least recently used goes first), or when their backend goes away.
#pragma once

#include <chrono>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace scaleout::sim {

class StickyTable {
 public:
  using Clock = std::chrono::steady_clock;

  StickyTable(size_t capacity, Clock::duration idle) : capacity_(capacity), idle_(idle) {}

  void remember(std::string sid, std::string backend, Clock::time_point now);
  // The backend's name, or nullptr. Valid until the table next changes.
  const std::string* find(const std::string& sid, Clock::time_point now);
  void forget_backend(std::string_view backend);
  size_t size() const { return index_.size(); }

 private:
  struct Entry {
    std::string sid;
    std::string backend;
    Clock::time_point last_used;
  };

  void expire(Clock::time_point now);

  size_t capacity_;
  Clock::duration idle_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace scaleout::sim
