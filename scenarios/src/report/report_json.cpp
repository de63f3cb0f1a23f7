// report_json: the RunReport as one JSON document (nlohmann::json).
#include "scaleout/protocol/json.hpp"
#include "scaleout/scenarios/report.hpp"

namespace scaleout::scenarios {

std::string report_json(const RunReport& report) {
  using protocol::Json;
  Json steps = Json::array();
  for (size_t i = 0; i < report.steps.size(); ++i) {
    const StepView& step = report.steps[i];
    steps.push_back({{"id", step.id},
                     {"caption", i < report.captions.size() ? report.captions[i] : ""},
                     {"commands", step.commands},
                     {"outcomes", step.outcomes},
                     {"started_s", step.started_s},
                     {"done_s", step.done_s},
                     {"fast_forwarded", step.fast_forwarded}});
  }
  Json checks = Json::array();
  for (const auto& check : report.checks) {
    Json entry{{"step", check.step_id},
               {"expected", check.expected},
               {"measured", check.measured},
               {"where", check.where},
               {"result", to_string(check.state)},
               {"started_s", check.started_s},
               {"decided_s", check.decided_s}};
    if (!check.id.empty()) entry["id"] = check.id;
    checks.push_back(std::move(entry));
  }
  Json slices = Json::array();
  for (const auto& slice : report.slices) {
    slices.push_back({{"start_s", slice.start_s},
                      {"deliveries", slice.deliveries},
                      {"drops", slice.drops},
                      {"redis_errors", slice.redis_errors},
                      {"p99_ms", slice.p99_ms < 0 ? Json() : Json(slice.p99_ms)}});
  }
  Json out{{"file", report.file},
           {"title", report.title},
           {"summary", report.summary},
           {"world", report.world},
           {"language", report.language},
           {"started_at", report.started_at},
           {"duration_s", report.duration_s},
           {"outcome", report.ok() ? "pass" : "fail"},
           {"phase", to_string(report.phase)},
           {"passed", report.passed},
           {"failed", report.failed},
           {"unchecked", report.unchecked},
           {"steps", std::move(steps)},
           {"checks", std::move(checks)},
           {"totals",
            {{"delivered", report.totals.delivered},
             {"lost", report.totals.lost},
             {"duplicated", report.totals.duplicated},
             {"latency_ms",
              {{"p50", report.totals.p50_ms},
               {"p90", report.totals.p90_ms},
               {"p99", report.totals.p99_ms},
               {"max", report.totals.max_ms}}}}},
           {"slice_s", report.slice_s},
           {"slices", std::move(slices)}};
  if (!report.error.empty()) out["error"] = report.error;
  return out.dump(2) + "\n";
}

}  // namespace scaleout::scenarios
