// AutoscalePolicy: the arithmetic of Kubernetes' Horizontal Pod Autoscaler, pure and clocked by
// its caller, so a test can drive it with a fake clock and a class can check every figure.
//
//   desired = ceil(current × metric / target)
//
// with HPA's rules around it: no change while metric/target is within the tolerance of 1 (10 %);
// servers not ready yet count as idle (0) when the answer would be a scale-up, and are left out
// when it would be a scale-down; a scale-up happens at once but by at most +100 % or +4 servers
// per period, whichever is more; a scale-down goes only as low as the highest recommendation of
// the last `window` (k8s: 300 s, shortened for the classroom); min and max bound it all.
// Scaling decides nothing about which server goes: the Autoscaler (autoscaler.hpp) does.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace scaleout::sim {

struct AutoscaleSettings {
  double target = 10;      // the metric each server should carry (its unit is the metric's)
  double tolerance = 0.1;  // k8s' default
  int min_servers = 1;
  int max_servers = 5;
  std::chrono::milliseconds window{20000};  // k8s: 300 s (scale-down stabilization)
  std::chrono::milliseconds period{3000};   // k8s: 15 s (the controller's loop)
  int up_step_servers = 4;                  // k8s: +4 pods ...
  double up_step_factor = 2.0;              // ... or +100 %, whichever is more, per period
};

// One server's reading of the metric.
struct ServerReading {
  std::string server;
  double value = 0;
  bool ready = true;  // not ready yet (just started): idle for a scale-up, left out of a scale-down
};

// A recommendation remembered for the scale-down window.
struct Recommendation {
  int64_t t_ms = 0;  // on the caller's clock
  int servers = 0;
};

// What one period decided, and why, in words a class can read.
struct AutoscaleDecision {
  int64_t t_ms = 0;
  int current = 0;
  double metric = 0;    // the average the formula used (not-ready servers as 0 on a scale-up)
  double ratio = 0;     // metric / target
  int raw = 0;          // ceil(current × ratio), or current within the tolerance
  int recommended = 0;  // raw after min/max
  int desired = 0;      // after the scale-up limit and the scale-down window
  std::string formula;  // "ceil(3 × 18.0 / 10) = 6 → max 5"
  std::string reason;   // "scale up: 18.0 > 10 × (1 + 10 %)", "within tolerance", ...
};

class AutoscalePolicy {
 public:
  explicit AutoscalePolicy(AutoscaleSettings settings = {}) : settings_(settings) {}

  // One period: `current` servers (draining ones not counted), their readings, at `now_ms`.
  AutoscaleDecision decide(int current, const std::vector<ServerReading>& readings, int64_t now_ms);

  const AutoscaleSettings& settings() const { return settings_; }
  // The recommendations still inside the window, oldest first.
  const std::deque<Recommendation>& recommendations() const { return recommendations_; }

 private:
  AutoscaleSettings settings_;
  std::deque<Recommendation> recommendations_;
};

}  // namespace scaleout::sim
