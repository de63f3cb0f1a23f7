// report_json: the RunReport as one JSON document (nlohmann::json).
#include "scaleout/protocol/json.hpp"
#include "scaleout/scenarios/report.hpp"

namespace scaleout::scenarios {

namespace {

protocol::Json compare_json(const CompareResult& compare, Language language) {
  using protocol::Json;
  Json columns = Json::array();
  for (const auto& column : compare.columns) {
    Json p99 = Json::array(), rate = Json::array();
    for (const auto& [x, y] : column.p99_ms)
      p99.push_back({x, y < 0 ? Json() : Json(y)});
    for (const auto& [x, y] : column.deliveries_per_s)
      rate.push_back({x, y});
    columns.push_back({{"name", column.name.in(language)},
                       {"from_s", column.from_s},
                       {"to_s", column.to_s},
                       {"p99_ms", std::move(p99)},
                       {"deliveries_per_s", std::move(rate)}});
  }
  Json rows = Json::array();
  for (const auto& row : compare.rows) {
    Json values = Json::array(), texts = Json::array();
    for (const auto& cell : row.cells) {
      values.push_back(cell.known ? Json(cell.value) : Json());
      texts.push_back(cell.text);
    }
    rows.push_back({{"label", row.label.in(language)},
                    {"unit", row.unit},
                    {"source", row.modelled ? "model" : "measured"},
                    {"values", std::move(values)},
                    {"texts", std::move(texts)}});
  }
  return {{"title", compare.title.in(language)},
          {"cross_server", compare.cross_server},
          {"slice_s", compare.slice_s},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)}};
}

}  // namespace

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
    if (i < report.questions.size() && report.questions[i]) {
      const RunReport::QuestionText& question = *report.questions[i];
      steps.back()["question"] = {
          {"text", question.text},
          {"choices", question.choices},
          {"answer", question.answer >= 0 ? Json(question.answer + 1) : Json()},
          {"explain", question.explanation}};
    }
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
  if (report.compare) {
    out["compare"] = compare_json(*report.compare,
                                  report.language == "ko" ? Language::kKorean : Language::kEnglish);
  }
  return out.dump(2) + "\n";
}

}  // namespace scaleout::scenarios
