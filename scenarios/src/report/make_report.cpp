// make_report: the player's last view and the run's observations, gathered for the writers.
#include <algorithm>
#include <cmath>

#include "player/world_setup.hpp"
#include "scaleout/scenarios/report.hpp"

namespace scaleout::scenarios {

namespace {

// At most this many slices in the plots, each at least kMinSlice long.
constexpr double kMaxSlices = 200;
constexpr double kMinSlice = 0.25;

double ms(int64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

}  // namespace

RunReport make_report(const Scenario& scenario, const PlayerView& view,
                      const Observations& observations, Language language,
                      const std::string& started_at) {
  RunReport report;
  report.file = scenario.file;
  report.title = scenario.title.in(language);
  report.summary = scenario.summary.in(language);
  report.world = describe_world(scenario.world);
  report.started_at = started_at;
  report.language = language == Language::kKorean ? "ko" : "en";
  report.duration_s = view.world_s;
  report.phase = view.phase;
  report.error = view.error;
  report.steps = view.steps;
  for (const auto& step : scenario.steps) {
    report.captions.push_back(step.caption.in(language));
    std::optional<RunReport::QuestionText> question;
    if (step.question) {
      question.emplace();
      question->text = step.question->text.in(language);
      for (const auto& choice : step.question->choices)
        question->choices.push_back(choice.in(language));
      question->answer = step.question->answer.value_or(-1);
      question->explanation = step.question->explanation.in(language);
    }
    report.questions.push_back(std::move(question));
  }
  report.checks = view.checks;
  for (const auto& check : view.checks) {
    if (check.state == CheckState::kPassed) ++report.passed;
    if (check.state == CheckState::kFailed) ++report.failed;
    if (check.state == CheckState::kChecking) ++report.unchecked;
  }

  const Totals totals = observations.totals();
  report.totals.delivered = totals.delivered;
  report.totals.lost = totals.lost;
  report.totals.duplicated = totals.duplicated;
  report.totals.p50_ms = ms(totals.latency.quantile_ns(0.5));
  report.totals.p90_ms = ms(totals.latency.quantile_ns(0.9));
  report.totals.p99_ms = ms(totals.latency.quantile_ns(0.99));
  report.totals.max_ms = ms(totals.latency.max_ns());

  report.slice_s = std::max(kMinSlice, report.duration_s / kMaxSlices);
  const auto count = static_cast<size_t>(std::ceil(report.duration_s / report.slice_s));
  const int64_t slice_ns = static_cast<int64_t>(report.slice_s * 1e9);
  for (size_t i = 0; i < count; ++i) {
    RunReport::Slice slice;
    slice.start_s = static_cast<double>(i) * report.slice_s;
    const int64_t from = view.world_started_ns + static_cast<int64_t>(i) * slice_ns;
    sim::LatencyHistogram latency;
    observations.for_each_between(TimedFact::Kind::kDelivery, from, from + slice_ns,
                                  [&](const TimedFact& fact) {
                                    ++slice.deliveries;
                                    if (fact.latency_ns >= 0) latency.record(fact.latency_ns);
                                  });
    if (latency.count() > 0) slice.p99_ms = ms(latency.quantile_ns(0.99));
    observations.for_each_between(TimedFact::Kind::kDrop, from, from + slice_ns,
                                  [&](const TimedFact&) { ++slice.drops; });
    observations.for_each_between(TimedFact::Kind::kRedisError, from, from + slice_ns,
                                  [&](const TimedFact&) { ++slice.redis_errors; });
    report.slices.push_back(slice);
  }
  if (scenario.compare)
    report.compare = compare_runs(*scenario.compare, scenario, view, observations);
  return report;
}

}  // namespace scaleout::scenarios
