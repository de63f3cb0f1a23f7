// Autoscaler: the period's decision, scaling up, and draining servers for a scale-in.
#include "scaleout/autoscale/autoscaler.hpp"

#include <algorithm>

#include "autoscale_metric.hpp"

namespace scaleout::sim {

namespace {

// A new server counts as ready (its readiness probe would pass) this long after it starts.
constexpr int64_t kReadyAfterMs = 2000;
// A draining server lets this many clients go per step, so that they do not all reconnect at once.
constexpr int64_t kDrainStepMs = 500;
constexpr size_t kDrainBatch = 3;
// A drain that has not emptied the server by then removes it anyway (its last clients are cut).
constexpr int64_t kDrainTimeoutMs = 30000;
constexpr size_t kDecisionsKept = 8;

const ServerSnapshot* find_server(const std::vector<ServerSnapshot>& servers,
                                  const std::string& name) {
  for (const auto& server : servers) {
    if (server.name == name) return &server;
  }
  return nullptr;
}

}  // namespace

Autoscaler::Autoscaler(ScalingTarget& world, TraceStats& stats, Report report)
    : world_(world), stats_(stats), report_(std::move(report)) {}

int64_t Autoscaler::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               epoch_)
      .count();
}

void Autoscaler::turn_on(const AutoscaleSettings& settings) {
  const int64_t now = now_ms();
  on_ = true;
  policy_ = AutoscalePolicy(settings);
  decisions_.clear();
  readings_.clear();
  last_stats_ = stats_.snapshot();
  last_reading_ms_ = now;
  next_decision_ms_ = now + settings.period.count();
  // The servers already running are ready.
  desired_ = 0;
  for (const auto& name : world_.server_names()) {
    if (!world_.server_running(name) || drains_.contains(name)) continue;
    seen_since_.try_emplace(name, now - kReadyAfterMs);
    ++desired_;
  }
}

void Autoscaler::turn_off() {
  on_ = false;
}

std::optional<std::string> Autoscaler::drain(const std::string& server, bool by_autoscaler) {
  const auto names = world_.server_names();
  if (std::find(names.begin(), names.end(), server) == names.end())
    return "no server is named '" + server + "'";
  if (!world_.server_running(server)) return server + " is not running";
  if (drains_.contains(server)) return server + " is draining already";
  world_.set_draining(server, true);
  drains_[server] = Drain{now_ms(), by_autoscaler, {}, 0};
  return std::nullopt;
}

bool Autoscaler::ready(const std::string& server, int64_t now) const {
  auto seen = seen_since_.find(server);
  return seen != seen_since_.end() && now - seen->second >= kReadyAfterMs;
}

void Autoscaler::tick(const std::vector<ServerSnapshot>& servers) {
  const int64_t now = now_ms();
  for (const auto& server : servers) {
    if (server.running) seen_since_.try_emplace(server.name, now);
  }
  current_ = 0;
  for (const auto& server : servers)
    current_ += server.running && !server.draining ? 1 : 0;
  if (now >= next_drain_step_ms_) {
    move_drains(servers, now);
    next_drain_step_ms_ = now + kDrainStepMs;
  }
  if (on_ && now >= next_decision_ms_) {
    decide(servers, now);
    next_decision_ms_ = now + policy_.settings().period.count();
  }
}

void Autoscaler::decide(const std::vector<ServerSnapshot>& servers, int64_t now) {
  const StatsSnapshot stats = stats_.snapshot();
  const double seconds = static_cast<double>(now - last_reading_ms_) / 1000.0;
  readings_ = messages_per_second(last_stats_, stats, seconds, servers,
                                  [&](const std::string& server) { return ready(server, now); });
  last_stats_ = stats;
  last_reading_ms_ = now;

  AutoscaleDecision decision = policy_.decide(current_, readings_, now);
  desired_ = decision.desired;
  report_("autoscale", true,
          "desired " + std::to_string(decision.desired) + " of " + std::to_string(current_) + ": " +
              decision.formula + "; " + decision.reason);
  decisions_.push_back(decision);
  if (decisions_.size() > kDecisionsKept) decisions_.erase(decisions_.begin());

  if (decision.desired > current_) {
    scale_up(decision.desired - current_);
  } else if (decision.desired < current_) {
    scale_down(servers, current_ - decision.desired);
  }
}

void Autoscaler::scale_up(int servers) {
  // A scale-out cancels a scale-in in progress: a draining server takes new sessions again
  // sooner than a new one starts.
  for (auto drain = drains_.begin(); drain != drains_.end() && servers > 0;) {
    if (!drain->second.by_autoscaler) {
      ++drain;
      continue;
    }
    world_.set_draining(drain->first, false);
    report_("autoscale", true, drain->first + " stops draining (a scale-out cancels a scale-in)");
    drain = drains_.erase(drain);
    --servers;
    ++current_;
  }
  for (; servers > 0; --servers) {
    try {
      const std::string name = world_.add_server();
      ++current_;
      report_("add-server", true,
              "added " + name + " on port " + std::to_string(world_.server_port(name)) +
                  " (autoscaler)");
    } catch (const std::exception& error) {
      report_("add-server", false, std::string(error.what()) + " (autoscaler)");
      return;
    }
  }
}

void Autoscaler::scale_down(const std::vector<ServerSnapshot>& servers, int count) {
  // The server with the fewest clients goes first (the cheapest to drain); the newest of equals.
  std::vector<const ServerSnapshot*> candidates;
  for (const auto& server : servers) {
    if (server.running && !server.draining && !drains_.contains(server.name))
      candidates.push_back(&server);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
    if (a->clients.size() != b->clients.size()) return a->clients.size() < b->clients.size();
    return a->name.size() != b->name.size() ? a->name.size() > b->name.size() : a->name > b->name;
  });
  for (const auto* server : candidates) {
    if (count-- <= 0) break;
    auto refused = drain(server->name, /*by_autoscaler=*/true);
    report_("drain " + server->name, !refused,
            refused ? *refused
                    : server->name + " drains: no new sessions; its " +
                          std::to_string(server->clients.size()) +
                          " clients reconnect through the balancer (autoscaler)");
    if (!refused) --current_;
  }
}

void Autoscaler::move_drains(const std::vector<ServerSnapshot>& servers, int64_t now) {
  for (auto entry = drains_.begin(); entry != drains_.end();) {
    const std::string& name = entry->first;
    Drain& drain = entry->second;
    const ServerSnapshot* server = find_server(servers, name);
    if (!server || !world_.server_running(name)) {
      // Removed, stopped or killed by someone else meanwhile: nothing left to drain.
      world_.set_draining(name, false);
      entry = drains_.erase(entry);
      continue;
    }
    drain.clients = server->clients.size();
    const bool empty = server->clients.empty() && server->engine_sessions == 0;
    const bool overdue = now - drain.since_ms >= kDrainTimeoutMs;
    // Sockets told to go may still show in a snapshot taken before they went: wait for them.
    if (empty || overdue) {
      const size_t moved = drain.told.size();
      world_.remove_server(name);
      report_("remove " + name, true,
              name +
                  (overdue && !empty ? " removed after its drain timed out (" +
                                           std::to_string(server->clients.size()) + " clients cut)"
                                     : " drained and removed") +
                  "; " + std::to_string(moved) + " clients moved" +
                  (drain.by_autoscaler ? " (autoscaler)" : ""));
      entry = drains_.erase(entry);
      continue;
    }
    std::vector<std::string> batch;
    for (const auto& client : server->clients) {
      if (batch.size() >= kDrainBatch) break;
      if (drain.told.insert(client.socket).second) batch.push_back(client.socket);
    }
    // socket.io-client reconnects by itself, through the balancer, to a server that takes new
    // sessions.
    if (!batch.empty()) world_.let_clients_go(name, std::move(batch), "server draining");
    ++entry;
  }
}

AutoscalerStatus Autoscaler::status() const {
  AutoscalerStatus status;
  status.on = on_;
  status.settings = policy_.settings();
  status.metric = kMessagesPerSecond.name;
  status.metric_unit = kMessagesPerSecond.unit;
  status.current = current_;
  status.desired = on_ ? desired_ : current_;
  status.readings = readings_;
  status.recommendations.assign(policy_.recommendations().begin(), policy_.recommendations().end());
  status.decisions = decisions_;
  for (const auto& [name, drain] : drains_) {
    status.draining.push_back(DrainingServer{name, drain.clients, drain.told.size(), drain.since_ms,
                                             drain.by_autoscaler});
  }
  status.now_ms = now_ms();
  return status;
}

}  // namespace scaleout::sim
