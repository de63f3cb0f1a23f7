// StickyTable: an LRU map with an idle time, for the sticky-sid policy.
#include "sticky_table.hpp"

namespace scaleout::sim {

void StickyTable::remember(std::string sid, std::string backend, Clock::time_point now) {
  if (auto found = index_.find(sid); found != index_.end()) {
    entries_.erase(found->second);
    index_.erase(found);
  }
  entries_.push_front(Entry{sid, std::move(backend), now});
  index_.emplace(std::move(sid), entries_.begin());
  expire(now);
}

const std::string* StickyTable::find(const std::string& sid, Clock::time_point now) {
  expire(now);
  auto found = index_.find(sid);
  if (found == index_.end()) return nullptr;
  found->second->last_used = now;
  entries_.splice(entries_.begin(), entries_, found->second);
  return &found->second->backend;
}

void StickyTable::forget_backend(std::string_view backend) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->backend == backend) {
      index_.erase(it->sid);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void StickyTable::expire(Clock::time_point now) {
  while (!entries_.empty() &&
         (entries_.size() > capacity_ || now - entries_.back().last_used > idle_)) {
    index_.erase(entries_.back().sid);
    entries_.pop_back();
  }
}

}  // namespace scaleout::sim
