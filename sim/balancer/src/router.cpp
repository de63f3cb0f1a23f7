// Router: the balancing policies.
#include "router.hpp"

#include "affinity.hpp"

namespace scaleout::sim {

Router::Router(const LoadBalancerOptions& options)
    : options_(options),
      policy_(options.policy),
      sticky_(options.sticky_capacity, std::chrono::milliseconds(options.sticky_idle_ms)) {}

void Router::set_backends(std::vector<std::shared_ptr<BackendState>> backends) {
  const auto gone_backends = pool_.set(std::move(backends));
  for (const auto& gone : gone_backends) {
    sticky_.forget_backend(gone->backend.name);
    gone->cut_all();
  }
}

std::shared_ptr<BackendState> Router::sticky_backend(const ProxyRequest& request,
                                                     Clock::time_point now) {
  if (policy_ == BalancePolicy::kStickySid) {
    auto sid = request_sid(request);
    const std::string* name = sid ? sticky_.find(*sid, now) : nullptr;
    auto backend = name ? pool_.find(*name) : nullptr;
    return backend && backend->up(now) ? backend : nullptr;
  }
  if (policy_ == BalancePolicy::kStickyCookie) {
    auto name = request_sticky_cookie(request);
    auto backend = name ? pool_.find(*name) : nullptr;
    return backend && backend->up(now) ? backend : nullptr;
  }
  return nullptr;
}

Route Router::choose(const ProxyRequest& request) {
  const auto now = Clock::now();
  Route route;
  route.backend = sticky_backend(request, now);
  if (!route.backend) {
    route.backend = policy_ == BalancePolicy::kLeastConnections ? pool_.least_loaded(now)
                                                                : pool_.next_in_turn(now);
  }
  if (route.backend && policy_ == BalancePolicy::kStickyCookie &&
      request_sticky_cookie(request) != route.backend->backend.name) {
    route.set_cookie = sticky_cookie_for(route.backend->backend.name);
  }
  return route;
}

void Router::learn(const ProxyRequest& request, const ProxyResponse& response,
                   const BackendState& backend) {
  if (request_sid(request)) return;
  if (auto sid = handshake_sid(request, response)) {
    sticky_.remember(std::move(*sid), backend.backend.name, Clock::now());
  }
}

void Router::mark_down(BackendState& backend) {
  backend.down_until = Clock::now() + std::chrono::milliseconds(options_.down_ms);
  // Its sessions died with it.
  sticky_.forget_backend(backend.backend.name);
}

}  // namespace scaleout::sim
