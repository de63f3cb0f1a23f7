// measure(): what an expectation finds in the world right now — whether its claim holds and the
// measured value in words ("2 deliveries to c1, c3; c2 got nothing"). Counts read the trace's
// observations (a message's own events whenever they happened, or every event in the window for
// '*'); states read the latest WorldStatus. Deciding when to stop looking is the player's job.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "scaleout/scenarios/observations.hpp"
#include "scaleout/scenarios/scenario.hpp"
#include "scaleout/world/world_status.hpp"

namespace scaleout::scenarios {

struct Measure {
  bool holds = false;
  std::string measured;
};

struct MeasureContext {
  const Observations& observations;
  const sim::WorldStatus& status;
  int64_t from_ns;  // the window: from the step's start...
  int64_t to_ns;    // ...to now (or the window's end, whichever comes first)
  // The steps done so far: id -> [start, end) in monotonic ns (for latency_ratio).
  const std::map<std::string, std::pair<int64_t, int64_t>>* step_spans = nullptr;
  // The status when the window began (for counts of the servers' own counters).
  const sim::WorldStatus* baseline = nullptr;
};

Measure measure(const Expectation& expectation, const MeasureContext& context);

// Whether more events can only keep a count that holds true, so that it may pass before its
// window ends (>= and > counts, with nothing that must not happen).
bool passes_early(const Expectation& expectation);

}  // namespace scaleout::scenarios
