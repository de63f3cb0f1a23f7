// report_html: the RunReport as one self-contained HTML page — the outcome, the timeline with its
// captions, questions and commands, the expectation table (expected, measured, where), the run's
// totals, and two inline SVG charts (messages per second with drops, and delivery latency) marked
// with the steps; first of all, when the scenario compares, the side-by-side table and its overlaid
// plots.
#include <algorithm>
#include <sstream>

#include "report/svg_chart.hpp"
#include "scaleout/scenarios/report.hpp"

namespace scaleout::scenarios {

namespace {

constexpr const char* kStyle = R"(
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #1d2330;
       padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d6dae3; padding-bottom: .2em; }
.summary { font-size: 1.05em; color: #394150; }
.meta { color: #5b6474; font-size: .9em; }
.outcome { display: inline-block; padding: .35em .8em; border-radius: 4px; font-weight: 600; }
.outcome.pass { background: #ddf4e4; color: #135c2c; }
.outcome.fail { background: #fbe1e1; color: #8a1616; }
ol.timeline { padding-left: 0; list-style: none; }
ol.timeline li { margin: .6em 0; padding-left: 5.5em; position: relative; }
ol.timeline .time { position: absolute; left: 0; width: 5em; text-align: right; color: #5b6474;
                    font-variant-numeric: tabular-nums; }
ol.timeline .id { font-weight: 600; }
pre.outcomes { margin: .3em 0 0; color: #5b6474; font-size: .8em; white-space: pre-wrap; }
.question { margin: .35em 0; padding: .4em .7em; background: #f3f6fc; border-left: 3px solid #0072b2; }
ol.timeline .question ol { margin: .2em 0; padding-left: 1.6em; list-style: decimal; }
ol.timeline .question li { margin: 0; padding-left: 0; }
.question li.right { color: #135c2c; font-weight: 600; }
ol.timeline code, td code { background: #f1f3f7; padding: 0 .3em; border-radius: 3px;
                            font-size: .88em; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; padding: .35em .5em; border-bottom: 1px solid #e4e7ee;
         vertical-align: top; }
td.passed { color: #135c2c; font-weight: 600; }
td.failed { color: #a11616; font-weight: 600; }
td.checking { color: #8a6d00; font-weight: 600; }
td.where { color: #5b6474; font-size: .85em; white-space: nowrap; }
table.compare td.figure { font-variant-numeric: tabular-nums; font-weight: 600; }
.chart { width: 100%; height: auto; margin: .5em 0 1em; }
.chart-title { font-weight: 600; font-size: 13px; fill: #1d2330; }
.tick { font-size: 11px; fill: #5b6474; }
.grid { stroke: #e4e7ee; stroke-width: 1; }
.marker { stroke: #7a8599; stroke-dasharray: 3 3; stroke-width: 1; }
.marker-label { font-size: 10px; fill: #394150; }
)";

std::string seconds(double value) {
  if (value < 0) return "-";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << value << "s";
  return out.str();
}

std::string number(double value, int precision = 3) {
  std::ostringstream out;
  out.precision(precision);
  out << value;
  return out.str();
}

void write_timeline(std::ostringstream& html, const RunReport& report) {
  html << "<section><h2>Timeline</h2>\n<ol class=\"timeline\">\n";
  for (size_t i = 0; i < report.steps.size(); ++i) {
    const StepView& step = report.steps[i];
    html << "<li><span class=\"time\">" << seconds(step.started_s) << "</span>"
         << "<span class=\"id\">" << i + 1 << ". " << escape_html(step.id) << "</span> &mdash; "
         << escape_html(report.captions[i]);
    for (const auto& command : step.commands)
      html << " <code>" << escape_html(command) << "</code>";
    if (i < report.questions.size() && report.questions[i]) {
      const RunReport::QuestionText& question = *report.questions[i];
      html << "<div class=\"question\"><strong>?</strong> " << escape_html(question.text) << "<ol>";
      for (size_t c = 0; c < question.choices.size(); ++c) {
        const bool right = static_cast<int>(c) == question.answer;
        html << "<li" << (right ? " class=\"right\"" : "") << ">"
             << escape_html(question.choices[c]) << (right ? " &#10003;" : "") << "</li>";
      }
      html << "</ol>" << escape_html(question.explanation) << "</div>";
    }
    if (step.fast_forwarded) html << " <em>(fast-forwarded)</em>";
    if (step.started_s < 0) html << " <em>(not reached)</em>";
    if (!step.outcomes.empty()) {
      html << "<pre class=\"outcomes\">";
      for (const auto& outcome : step.outcomes)
        html << escape_html(outcome) << "\n";
      html << "</pre>";
    }
    html << "</li>\n";
  }
  html << "</ol></section>\n";
}

void write_checks(std::ostringstream& html, const RunReport& report) {
  html << "<section><h2>Expectations</h2>\n<table>\n<tr><th>step</th><th>expected</th>"
          "<th>result</th><th>measured</th><th>at</th><th>where</th></tr>\n";
  for (const auto& check : report.checks) {
    const char* state = to_string(check.state);
    html << "<tr><td>" << escape_html(check.step_id) << "</td><td>" << escape_html(check.expected);
    if (!check.id.empty()) html << " <code>" << escape_html(check.id) << "</code>";
    html << "</td><td class=\"" << state << "\">" << state << "</td><td>"
         << escape_html(check.measured) << "</td><td>" << seconds(check.decided_s)
         << "</td><td class=\"where\">" << escape_html(check.where) << "</td></tr>\n";
  }
  html << "</table></section>\n";
}

void write_messages(std::ostringstream& html, const RunReport& report) {
  const auto& totals = report.totals;
  html << "<section><h2>Messages</h2>\n<table>\n<tr><th>delivered</th><th>lost</th>"
          "<th>duplicated</th><th>latency p50</th><th>p90</th><th>p99</th><th>max</th></tr>\n"
       << "<tr><td>" << totals.delivered << "</td><td>" << totals.lost << "</td><td>"
       << totals.duplicated << "</td><td>" << number(totals.p50_ms) << " ms</td><td>"
       << number(totals.p90_ms) << " ms</td><td>" << number(totals.p99_ms) << " ms</td><td>"
       << number(totals.max_ms) << " ms</td></tr>\n</table>\n";

  std::vector<ChartMarker> markers;
  for (size_t i = 0; i < report.steps.size(); ++i) {
    if (report.steps[i].started_s >= 0) {
      markers.push_back({report.steps[i].started_s, std::to_string(i + 1)});
    }
  }
  Chart traffic{"Deliveries and drops per second (dashed lines: steps)",
                "per second",
                report.duration_s,
                {},
                markers};
  ChartSeries delivered{"delivered", "#2b6cb0", {}};
  ChartSeries dropped{"dropped", "#c53030", {}};
  ChartSeries errors{"Redis errors", "#b7791f", {}};
  for (const auto& slice : report.slices) {
    const double middle = slice.start_s + report.slice_s / 2;
    delivered.points.emplace_back(middle, static_cast<double>(slice.deliveries) / report.slice_s);
    dropped.points.emplace_back(middle, static_cast<double>(slice.drops) / report.slice_s);
    errors.points.emplace_back(middle, static_cast<double>(slice.redis_errors) / report.slice_s);
  }
  traffic.series = {delivered, dropped, errors};
  html << svg_chart(traffic);

  Chart latency{
      "Delivery latency, p99 of each slice", "milliseconds", report.duration_s, {}, markers};
  ChartSeries p99{"p99", "#6b46c1", {}, true};
  for (const auto& slice : report.slices)
    p99.points.emplace_back(slice.start_s + report.slice_s / 2, slice.p99_ms);
  latency.series = {p99};
  html << svg_chart(latency) << "</section>\n";
}

// The comparison: the table side by side, then both runs' plots overlaid, each from its own start.
void write_compare(std::ostringstream& html, const RunReport& report) {
  if (!report.compare) return;
  const CompareResult& compare = *report.compare;
  const Language language = report.language == "ko" ? Language::kKorean : Language::kEnglish;
  const std::string title = compare.title.in(language);
  html << "<section><h2>" << (title.empty() ? "Comparison" : escape_html(title))
       << "</h2>\n<table class=\"compare\">\n<tr><th></th>";
  for (const auto& column : compare.columns)
    html << "<th>" << escape_html(column.name.in(language)) << "</th>";
  html << "<th>source</th></tr>\n";
  for (const auto& row : compare.rows) {
    html << "<tr><td>" << escape_html(row.label.in(language)) << "</td>";
    for (const auto& cell : row.cells)
      html << "<td class=\"figure\">" << escape_html(cell.text) << "</td>";
    html << "<td class=\"where\">" << (row.modelled ? "model" : "measured") << "</td></tr>\n";
  }
  html << "</table>\n";

  static const char* kColours[] = {"#2b6cb0", "#dd6b20", "#2f855a", "#6b46c1",
                                   "#c53030", "#b7791f", "#319795", "#4a5568"};
  double x_max = 0;
  for (const auto& column : compare.columns)
    if (column.from_s >= 0) x_max = std::max(x_max, column.to_s - column.from_s);
  Chart latency{"p99 latency" + std::string(compare.cross_server ? " (cross-server)" : "") +
                    ", each from its own start",
                "milliseconds",
                std::max(x_max, 1.0),
                {},
                {}};
  Chart traffic{
      "Deliveries per second, each from its own start", "per second", std::max(x_max, 1.0), {}, {}};
  for (size_t i = 0; i < compare.columns.size(); ++i) {
    const auto& column = compare.columns[i];
    const std::string colour = kColours[i % 8];
    ChartSeries p99{column.name.in(language), colour, {}, true};
    ChartSeries rate{column.name.in(language), colour, {}};
    for (const auto& [x, y] : column.p99_ms)
      p99.points.emplace_back(x + compare.slice_s / 2, y);
    for (const auto& [x, y] : column.deliveries_per_s)
      rate.points.emplace_back(x + compare.slice_s / 2, y);
    latency.series.push_back(std::move(p99));
    traffic.series.push_back(std::move(rate));
  }
  html << svg_chart(latency) << svg_chart(traffic) << "</section>\n";
}

}  // namespace

std::string report_html(const RunReport& report) {
  std::ostringstream html;
  html << "<!doctype html>\n<html lang=\"" << report.language << "\">\n<head>\n"
       << "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
       << "<title>" << escape_html(report.title) << " &mdash; Scaleout Sandbox</title>\n"
       << "<style>" << kStyle << "</style>\n</head>\n<body>\n<header>\n<h1>"
       << escape_html(report.title) << "</h1>\n";
  if (!report.summary.empty()) {
    html << "<p class=\"summary\">" << escape_html(report.summary) << "</p>\n";
  }
  html << "<p class=\"meta\">" << escape_html(report.file) << " &middot; "
       << escape_html(report.world) << " &middot; " << escape_html(report.started_at)
       << " &middot; " << seconds(report.duration_s) << "</p>\n";
  const int total = report.passed + report.failed + report.unchecked;
  html << "<p class=\"outcome " << (report.ok() ? "pass" : "fail") << "\">";
  if (report.phase == PlayerPhase::kFailed) {
    html << "The world could not start: " << escape_html(report.error);
  } else if (report.ok()) {
    html << "All " << total << " expectations hold";
  } else {
    html << report.failed << " of " << total << " expectations failed";
    if (report.unchecked) html << ", " << report.unchecked << " not decided";
  }
  html << "</p>\n</header>\n";
  write_compare(html, report);
  write_timeline(html, report);
  write_checks(html, report);
  write_messages(html, report);
  html << "<p class=\"meta\">Written by <code>scaleout play</code>, Scaleout Sandbox.</p>\n"
       << "</body>\n</html>\n";
  return html.str();
}

}  // namespace scaleout::scenarios
