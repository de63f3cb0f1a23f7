// BackendPool: the balancer's list of backends with what it knows about each (up or skipped,
// open connections, counters), and the two ways of picking one without affinity: the next live
// backend in turn, or the live backend with the fewest open connections. A BackendLease is one
// request or tunnel held open to a backend: it counts as an open connection while it lives and
// can be cut when the backend leaves the list. Touched only on the balancer's thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "scaleout/balancer/load_balancer.hpp"

namespace scaleout::sim {

using Clock = std::chrono::steady_clock;

class BackendLease;

struct BackendState {
  Backend backend;
  std::optional<boost::asio::ip::tcp::endpoint> endpoint;  // none: the host did not resolve
  Clock::time_point down_until{};
  bool removed = false;
  uint64_t open_connections = 0;
  uint64_t requests = 0;
  uint64_t failures = 0;
  std::unordered_set<BackendLease*> leases;

  bool up(Clock::time_point now) const { return !removed && endpoint && now >= down_until; }
  // May take a new session: up and not draining.
  bool takes_new(Clock::time_point now) const { return up(now) && !backend.draining; }
  // Cuts every request and tunnel held open to this backend.
  void cut_all();
};

class BackendLease {
 public:
  BackendLease(std::shared_ptr<BackendState> backend, std::function<void()> cut);
  ~BackendLease();
  BackendLease(const BackendLease&) = delete;
  BackendLease& operator=(const BackendLease&) = delete;

  BackendState& backend() const { return *backend_; }
  // A tunnel takes over the lease of the request that opened it, and how to cut it.
  void set_cut(std::function<void()> cut) { cut_ = std::move(cut); }
  void cut() const {
    if (cut_) cut_();
  }
  // Something that must live as long as the lease: the client connection's ConnectionTicket,
  // which a tunnel so keeps until the tunnel closes.
  void attach(std::shared_ptr<const void> companion) { companion_ = std::move(companion); }

 private:
  std::shared_ptr<BackendState> backend_;
  std::function<void()> cut_;
  std::shared_ptr<const void> companion_;
};

class BackendPool {
 public:
  // Replaces the list, keeping the state of backends whose name and address stay. Returns the
  // states that left it, already marked removed.
  std::vector<std::shared_ptr<BackendState>> set(std::vector<std::shared_ptr<BackendState>> next);

  std::shared_ptr<BackendState> find(std::string_view name) const;
  // Null only when the list is empty. When every backend is down, they are tried in turn
  // anyway: one may be back before its down time is over.
  std::shared_ptr<BackendState> next_in_turn(Clock::time_point now);
  std::shared_ptr<BackendState> least_loaded(Clock::time_point now);

  std::vector<BackendStats> stats(Clock::time_point now) const;

 private:
  std::vector<std::shared_ptr<BackendState>> backends_;
  size_t cursor_ = 0;  // where the next turn starts
};

}  // namespace scaleout::sim
