// Autoscaler: the policy (autoscale_policy.hpp) at work in a world, on the world's controller
// thread. Every period it reads the metric (autoscale_metric.hpp), asks the policy, and acts:
// it adds servers at once, or scales in by draining — the balancer sends the server no new
// session, its clients are disconnected a few at a time (they reconnect through the balancer to
// the others and join their rooms again), and once it has nobody left it is removed. A drain
// asked by hand (`drain s3`) goes the same way. Every decision and action goes to the trace as a
// `command` event, and status() shows it all to the views.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scaleout/autoscale/autoscale_policy.hpp"
#include "scaleout/autoscale/autoscaler_status.hpp"
#include "scaleout/autoscale/scaling_target.hpp"
#include "scaleout/server/server_snapshot.hpp"
#include "scaleout/trace/trace_stats.hpp"

namespace scaleout::sim {

class Autoscaler {
 public:
  // What the autoscaler did, for the trace: the command as a line, and what came of it.
  using Report =
      std::function<void(const std::string& command, bool ok, const std::string& message)>;

  Autoscaler(ScalingTarget& world, TraceStats& stats, Report report);

  void turn_on(const AutoscaleSettings& settings);
  void turn_off();
  // Starts draining `server`; the error says why not (unknown, not running, already draining).
  std::optional<std::string> drain(const std::string& server, bool by_autoscaler = false);

  // As often as the controller wakes, with the servers' latest snapshots: drains move on, and a
  // decision is taken when its period has come.
  void tick(const std::vector<ServerSnapshot>& servers);

  AutoscalerStatus status() const;

 private:
  struct Drain {
    int64_t since_ms = 0;
    bool by_autoscaler = false;
    std::set<std::string> told;  // sockets already disconnected
    size_t clients = 0;
  };

  int64_t now_ms() const;
  bool ready(const std::string& server, int64_t now) const;
  void decide(const std::vector<ServerSnapshot>& servers, int64_t now);
  void scale_up(int servers);
  void scale_down(const std::vector<ServerSnapshot>& servers, int count);
  void move_drains(const std::vector<ServerSnapshot>& servers, int64_t now);

  ScalingTarget& world_;
  TraceStats& stats_;
  Report report_;
  std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
  bool on_ = false;
  AutoscalePolicy policy_;
  int64_t next_decision_ms_ = 0;
  int64_t last_reading_ms_ = 0;
  StatsSnapshot last_stats_;
  std::map<std::string, int64_t> seen_since_;  // when each server was first seen running
  std::map<std::string, Drain> drains_;
  int64_t next_drain_step_ms_ = 0;
  std::vector<ServerReading> readings_;
  std::vector<AutoscaleDecision> decisions_;  // the last few
  int current_ = 0;
  int desired_ = 0;
};

}  // namespace scaleout::sim
