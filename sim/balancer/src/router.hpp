// Router: picks the backend for each request under the current policy. It owns the backend pool
// and the sticky-sid table, learns sessions from handshake replies (under every policy, so that
// switching to sticky-sid at run time keeps the sessions already open), and forgets what it knew
// about a backend that goes away. Touched only on the balancer's thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backend_pool.hpp"
#include "messages.hpp"
#include "scaleout/balancer/load_balancer.hpp"
#include "sticky_table.hpp"

namespace scaleout::sim {

struct Route {
  std::shared_ptr<BackendState> backend;  // null: there is no backend at all
  std::string set_cookie;                 // the sticky cookie to give the client, or empty
};

class Router {
 public:
  explicit Router(const LoadBalancerOptions& options);

  void set_policy(BalancePolicy policy) { policy_ = policy; }
  BalancePolicy policy() const { return policy_; }
  // Backends that leave the list have their requests and tunnels cut.
  void set_backends(std::vector<std::shared_ptr<BackendState>> backends);

  Route choose(const ProxyRequest& request);
  // Called with each response a backend gives.
  void learn(const ProxyRequest& request, const ProxyResponse& response,
             const BackendState& backend);
  // The backend refused a connection (or did not accept it in time): skip it for a while.
  void mark_down(BackendState& backend);

  std::vector<BackendStats> stats() const { return pool_.stats(Clock::now()); }

 private:
  std::shared_ptr<BackendState> sticky_backend(const ProxyRequest& request, Clock::time_point now);

  const LoadBalancerOptions& options_;
  BalancePolicy policy_;
  BackendPool pool_;
  StickyTable sticky_;
};

}  // namespace scaleout::sim
