// AutoscalePolicy: HPA's replica calculation and its stabilization, step by step as
// kubernetes' replica_calculator.go and horizontal.go do it (the tolerance, not-ready servers,
// the scale-up limit, the scale-down window), with each step written into the decision's words.
#include "scaleout/autoscale/autoscale_policy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scaleout::sim {

namespace {

std::string figure(double value) {
  char text[32];
  std::snprintf(text, sizeof text, value == std::floor(value) && value < 1e9 ? "%.0f" : "%.1f",
                value);
  return text;
}

// ceil() of a ratio that floating point may have nudged above a whole number (3 × 10 / 10).
int ceil_servers(double value) {
  return static_cast<int>(std::ceil(value - 1e-9));
}

}  // namespace

AutoscaleDecision AutoscalePolicy::decide(int current, const std::vector<ServerReading>& readings,
                                          int64_t now_ms) {
  const AutoscaleSettings& s = settings_;
  AutoscaleDecision d;
  d.t_ms = now_ms;
  d.current = current;

  double ready_sum = 0;
  int ready = 0;
  for (const auto& reading : readings) {
    if (!reading.ready) continue;
    ready_sum += reading.value;
    ++ready;
  }
  const int not_ready = static_cast<int>(readings.size()) - ready;

  int raw = current;
  int basis = ready;
  if (ready == 0 || s.target <= 0) {
    d.reason = "no ready server reports the metric yet: keep " + std::to_string(current);
  } else {
    d.metric = ready_sum / ready;
    d.ratio = d.metric / s.target;
    // A scale-up counts the servers still starting as idle, so that they are not asked for twice.
    if (d.ratio > 1 && not_ready > 0) {
      basis = ready + not_ready;
      d.metric = ready_sum / basis;
      d.ratio = d.metric / s.target;
    }
    if (std::abs(d.ratio - 1) <= s.tolerance) {
      d.reason = "within tolerance: " + figure(d.metric) + " is within " +
                 figure(s.tolerance * 100) + " % of the target " + figure(s.target);
    } else {
      raw = ceil_servers(basis * d.ratio);
      d.reason = std::string(d.ratio > 1 ? "over" : "under") + " target: " + figure(d.metric) +
                 " per server against " + figure(s.target);
    }
  }
  d.raw = raw;
  d.recommended = std::clamp(raw, s.min_servers, std::max(s.min_servers, s.max_servers));
  d.formula = "ceil(" + std::to_string(basis) + " × " + figure(d.metric) + " / " +
              figure(s.target) + ") = " + std::to_string(raw);
  if (raw == current && d.reason.starts_with("within")) {
    d.formula = figure(d.metric) + " / " + figure(s.target) + " within " +
                figure(s.tolerance * 100) + " %: keep " + std::to_string(current);
  }
  if (d.recommended > raw) d.formula += " → min " + std::to_string(d.recommended);
  if (d.recommended < raw) d.formula += " → max " + std::to_string(d.recommended);

  recommendations_.push_back({now_ms, d.recommended});
  while (!recommendations_.empty() && recommendations_.front().t_ms <= now_ms - s.window.count())
    recommendations_.pop_front();
  int highest = 0;
  for (const auto& recommendation : recommendations_)
    highest = std::max(highest, recommendation.servers);

  // Stabilization as horizontal.go does it: up at once to this recommendation, down only to the
  // highest of the window.
  d.desired = current;
  if (d.desired < d.recommended) d.desired = d.recommended;
  if (d.desired > highest) {
    d.desired = highest;
    if (highest > d.recommended) {
      d.formula += " → highest in the last " + figure(s.window.count() / 1000.0) +
                   " s: " + std::to_string(highest);
    }
  }
  if (d.desired > current) {
    const int limit =
        std::max(ceil_servers(current * s.up_step_factor), current + s.up_step_servers);
    if (d.desired > limit) {
      d.desired = limit;
      d.formula += " → at most " + std::to_string(limit) + " per period";
    }
  }
  d.desired = std::clamp(d.desired, s.min_servers, std::max(s.min_servers, s.max_servers));
  if (d.desired > current) {
    d.reason = "scale up to " + std::to_string(d.desired) + ": " + d.reason;
  } else if (d.desired < current) {
    d.reason = "scale down to " + std::to_string(d.desired) + ": " + d.reason;
  } else if (d.recommended < current) {
    d.reason = "hold " + std::to_string(current) + ": the last " +
               figure(s.window.count() / 1000.0) + " s recommended up to " +
               std::to_string(highest) + " (" + d.reason + ")";
  } else {
    d.reason = "hold " + std::to_string(current) + ": " + d.reason;
  }
  return d;
}

}  // namespace scaleout::sim
