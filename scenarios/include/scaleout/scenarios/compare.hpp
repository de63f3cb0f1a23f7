// compare_runs: a scenario's `compare` section (scenario.hpp, CompareSpec) worked out on a run —
// the side-by-side table (each row a figure, each column a span of steps) and, for the overlaid
// plots, each column's deliveries per second and p99 latency over time, counted from the start
// of its own span so that both runs start at the same x. The player keeps one up to date in its
// view while it plays (the GUI's Compare panel draws it); the report writes the last one.
//
// Every figure says whether it was measured (the trace, Redis' INFO, a real benchmark) or comes
// from a model (a gauge the capacity model publishes).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scaleout/scenarios/observations.hpp"
#include "scaleout/scenarios/player.hpp"
#include "scaleout/scenarios/scenario.hpp"

namespace scaleout::scenarios {

struct CompareCell {
  bool known = false;  // false: the span has not begun, or nothing to measure in it
  double value = 0;
  std::string text;  // the value with its unit, or "—"
};

struct CompareRowResult {
  Text label;
  std::string unit;
  bool modelled = false;           // a gauge from a model; else measured
  std::vector<CompareCell> cells;  // one per column
};

struct CompareColumnResult {
  Text name;
  StepState state = StepState::kPending;  // pending until its first step starts
  double from_s = -1;                     // seconds since the world started
  double to_s = -1;                       // its last step's end, or now while it runs
  // Per slice of time since from_s: (seconds, value). A p99 below 0: no delivery in the slice.
  std::vector<std::pair<double, double>> p99_ms;
  std::vector<std::pair<double, double>> deliveries_per_s;
};

struct CompareResult {
  Text title;
  bool cross_server = false;
  double slice_s = 0.25;
  std::vector<CompareColumnResult> columns;
  std::vector<CompareRowResult> rows;
};

// A built-in row's label ("latency p99 (cross-server)"); empty for an unknown name.
Text compare_metric_label(const std::string& metric, bool cross_server);

CompareResult compare_runs(const CompareSpec& spec, const Scenario& scenario,
                           const PlayerView& view, const Observations& observations);

}  // namespace scaleout::scenarios
