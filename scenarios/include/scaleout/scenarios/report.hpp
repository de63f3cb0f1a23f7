// Reports of a played scenario: what `scaleout play --report` writes. RunReport gathers it all
// (the timeline with captions, every expectation with what was measured and where, the run's
// Maelstrom-style totals, deliveries, drops and latency over time, and the comparison table with
// its overlaid plots when the scenario has one); report_json() writes it
// as one JSON document, report_html() as one HTML file that needs nothing else to be read
// offline: styles inline, plots as inline SVG.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scaleout/scenarios/compare.hpp"
#include "scaleout/scenarios/observations.hpp"
#include "scaleout/scenarios/player.hpp"
#include "scaleout/scenarios/scenario.hpp"

namespace scaleout::scenarios {

struct RunReport {
  std::string file;
  std::string title;
  std::string summary;
  std::string world;       // described in words
  std::string started_at;  // local time, ISO 8601
  std::string language;    // "en" or "ko"
  double duration_s = 0;
  PlayerPhase phase = PlayerPhase::kFinished;
  std::string error;
  std::vector<StepView> steps;
  std::vector<std::string> captions;  // in the report's language, one per step
  // A step's question for the class, in the report's language (none for most steps).
  struct QuestionText {
    std::string text;
    std::vector<std::string> choices;
    int answer = -1;  // 0-based; -1: no choice is right
    std::string explanation;
  };
  std::vector<std::optional<QuestionText>> questions;  // one per step
  std::vector<CheckView> checks;
  int passed = 0;
  int failed = 0;
  int unchecked = 0;  // still being checked when the run ended

  struct RunTotals {
    uint64_t delivered = 0;
    uint64_t lost = 0;
    uint64_t duplicated = 0;
    double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  } totals;

  // The run cut in equal slices of time.
  struct Slice {
    double start_s = 0;
    uint64_t deliveries = 0;
    uint64_t drops = 0;
    uint64_t redis_errors = 0;
    double p99_ms = -1;  // -1: no delivery in the slice
  };
  double slice_s = 0.25;
  std::vector<Slice> slices;

  // The scenario's `compare` section worked out on the run, in the report's language.
  std::optional<CompareResult> compare;

  bool ok() const { return phase == PlayerPhase::kFinished && failed == 0 && unchecked == 0; }
};

RunReport make_report(const Scenario& scenario, const PlayerView& view,
                      const Observations& observations, Language language,
                      const std::string& started_at);

std::string report_json(const RunReport& report);
std::string report_html(const RunReport& report);

}  // namespace scaleout::scenarios
