// BackendPool: the backend list, its leases, and round-robin and least-connections picks.
#include "backend_pool.hpp"

#include <algorithm>

namespace scaleout::sim {

void BackendState::cut_all() {
  // Cutting closes sockets; the owners learn it later from their handlers, so the set does not
  // change under this loop. Copied anyway, to be safe against a cut that releases at once.
  std::vector<BackendLease*> leases_now(leases.begin(), leases.end());
  for (BackendLease* lease : leases_now) {
    if (leases.contains(lease)) lease->cut();
  }
}

BackendLease::BackendLease(std::shared_ptr<BackendState> backend, std::function<void()> cut)
    : backend_(std::move(backend)), cut_(std::move(cut)) {
  backend_->leases.insert(this);
  ++backend_->open_connections;
}

BackendLease::~BackendLease() {
  backend_->leases.erase(this);
  --backend_->open_connections;
}

std::vector<std::shared_ptr<BackendState>> BackendPool::set(
    std::vector<std::shared_ptr<BackendState>> next) {
  for (auto& incoming : next) {
    auto current = find(incoming->backend.name);
    if (current && current->backend.host == incoming->backend.host &&
        current->backend.port == incoming->backend.port &&
        current->backend.link == incoming->backend.link) {
      current->backend.draining = incoming->backend.draining;
      incoming = current;
    }
  }
  std::vector<std::shared_ptr<BackendState>> left;
  for (const auto& current : backends_) {
    bool kept = false;
    for (const auto& incoming : next)
      kept = kept || incoming == current;
    if (!kept) {
      current->removed = true;
      left.push_back(current);
    }
  }
  backends_ = std::move(next);
  if (cursor_ >= backends_.size()) cursor_ = 0;
  return left;
}

std::shared_ptr<BackendState> BackendPool::find(std::string_view name) const {
  auto found = std::find_if(backends_.begin(), backends_.end(),
                            [name](const auto& state) { return state->backend.name == name; });
  return found == backends_.end() ? nullptr : *found;
}

std::shared_ptr<BackendState> BackendPool::next_in_turn(Clock::time_point now) {
  const size_t count = backends_.size();
  if (count == 0) return nullptr;
  for (size_t step = 0; step < count; ++step) {
    const size_t index = (cursor_ + step) % count;
    if (backends_[index]->takes_new(now)) {
      cursor_ = (index + 1) % count;
      return backends_[index];
    }
  }
  const size_t index = cursor_ % count;
  cursor_ = (index + 1) % count;
  return backends_[index];
}

std::shared_ptr<BackendState> BackendPool::least_loaded(Clock::time_point now) {
  const size_t count = backends_.size();
  std::shared_ptr<BackendState> best;
  size_t best_index = 0;
  // Scanning from the cursor, and taking the first of equals, spreads ties in turn.
  for (size_t step = 0; step < count; ++step) {
    const size_t index = (cursor_ + step) % count;
    const auto& candidate = backends_[index];
    if (!candidate->takes_new(now)) continue;
    if (!best || candidate->open_connections < best->open_connections) {
      best = candidate;
      best_index = index;
    }
  }
  if (!best) return next_in_turn(now);
  cursor_ = (best_index + 1) % count;
  return best;
}

std::vector<BackendStats> BackendPool::stats(Clock::time_point now) const {
  std::vector<BackendStats> out(backends_.size());
  std::transform(backends_.begin(), backends_.end(), out.begin(), [now](const auto& state) {
    return BackendStats{state->backend.name,     state->backend.port, state->up(now),
                        state->open_connections, state->requests,     state->failures,
                        state->backend.draining};
  });
  return out;
}

}  // namespace scaleout::sim
