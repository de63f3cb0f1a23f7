// compare_runs: the comparison table and its overlaid plots, from the trace's observations and
// the status samples the player recorded (compare.hpp).
#include "scaleout/scenarios/compare.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scaleout::scenarios {

namespace {

constexpr double kMinSlice = 0.25;
constexpr double kMaxSlices = 120;

int64_t to_ns(const PlayerView& view, double seconds) {
  return view.world_started_ns + static_cast<int64_t>(seconds * 1e9);
}

// 3.68 M, 28,780, 105, 6.84, 0.42: at most three significant decimals, big numbers grouped.
std::string figure(double value, const std::string& unit) {
  char text[64];
  const double size = std::fabs(value);
  if (size >= 1e6) {
    std::snprintf(text, sizeof text, "%.2f M", value / 1e6);
  } else if (size >= 1e4) {
    const auto whole = static_cast<long long>(std::llround(size));
    std::snprintf(text, sizeof text, "%s%lld,%03lld", value < 0 ? "-" : "", whole / 1000,
                  whole % 1000);
  } else {
    const int decimals = size == std::floor(size) || size >= 100 ? 0 : size >= 10 ? 1 : 2;
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
  }
  std::string out = text;
  if (unit.empty()) return out;
  return out + (unit == "%" ? "" : " ") + unit;
}

struct BuiltIn {
  const char* name;
  Text label;
  const char* unit;
};

const BuiltIn* built_in(const std::string& name) {
  static const BuiltIn kBuiltIns[] = {
      {"deliveries", {"deliveries", "전달"}, ""},
      {"deliveries_per_s", {"deliveries per second", "초당 전달"}, "/s"},
      {"p50", {"latency p50", "지연 p50"}, "ms"},
      {"p99", {"latency p99", "지연 p99"}, "ms"},
      {"max", {"latency max", "지연 최대"}, "ms"},
      {"lost", {"lost", "유실"}, ""},
      {"published", {"published to Redis", "Redis에 발행"}, ""},
      {"redis_errors", {"Redis errors", "Redis 오류"}, ""},
      {"duration", {"duration", "걸린 시간"}, "s"},
      {"servers", {"servers running (most)", "실행 중인 서버 (최대)"}, ""},
      {"clients", {"clients connected at the end", "끝에 연결된 클라이언트"}, ""},
      {"redis_ops", {"Redis ops/s (mean)", "Redis 초당 명령 (평균)"}, "ops/s"},
      {"redis_received",
       {"messages Redis pushed to the servers", "Redis가 서버에 보낸 메시지"},
       ""},
  };
  for (const auto& entry : kBuiltIns)
    if (name == entry.name) return &entry;
  return nullptr;
}

// What the trace and the status samples say about one span.
struct SpanFacts {
  double seconds = 0;
  uint64_t deliveries = 0;
  uint64_t drops = 0;
  uint64_t publishes = 0;
  uint64_t redis_errors = 0;
  sim::LatencyHistogram latency;
  std::vector<StatusSample> samples;
  // The same deliveries cut in slices of time from the span's start, for the plots.
  std::vector<uint64_t> slice_deliveries;
  std::vector<sim::LatencyHistogram> slice_latency;
};

// One pass over each kind of fact in the span: its totals and its slices.
SpanFacts facts_of(const Observations& observations, int64_t from_ns, int64_t to_ns,
                   int64_t slice_ns, bool cross_server) {
  SpanFacts facts;
  facts.seconds = static_cast<double>(to_ns - from_ns) / 1e9;
  const auto slices = static_cast<size_t>((to_ns - from_ns + slice_ns - 1) / slice_ns);
  facts.slice_deliveries.resize(slices);
  facts.slice_latency.resize(slices);
  observations.for_each_between(
      TimedFact::Kind::kDelivery, from_ns, to_ns, [&](const TimedFact& fact) {
        const auto slice = static_cast<size_t>((fact.t_ns - from_ns) / slice_ns);
        ++facts.deliveries;
        ++facts.slice_deliveries[slice];
        if (fact.latency_ns < 0) return;
        if (cross_server && !fact.cross_server) return;
        facts.latency.record(fact.latency_ns);
        facts.slice_latency[slice].record(fact.latency_ns);
      });
  observations.for_each_between(TimedFact::Kind::kDrop, from_ns, to_ns,
                                [&](const TimedFact&) { ++facts.drops; });
  observations.for_each_between(TimedFact::Kind::kPublish, from_ns, to_ns,
                                [&](const TimedFact&) { ++facts.publishes; });
  observations.for_each_between(TimedFact::Kind::kRedisError, from_ns, to_ns,
                                [&](const TimedFact&) { ++facts.redis_errors; });
  facts.samples = observations.samples_between(from_ns, to_ns);
  return facts;
}

CompareCell known(double value, const std::string& unit) {
  return {true, value, figure(value, unit)};
}

CompareCell unknown() {
  return {false, 0, "—"};
}

CompareCell built_in_cell(const std::string& metric, const SpanFacts& facts, const char* unit) {
  auto latency = [&](double quantile) {
    if (facts.latency.count() == 0) return unknown();
    const double ns = quantile >= 1 ? static_cast<double>(facts.latency.max_ns())
                                    : static_cast<double>(facts.latency.quantile_ns(quantile));
    return known(ns / 1e6, unit);
  };
  if (metric == "deliveries") return known(static_cast<double>(facts.deliveries), unit);
  if (metric == "deliveries_per_s") {
    if (facts.seconds <= 0) return unknown();
    return known(static_cast<double>(facts.deliveries) / facts.seconds, unit);
  }
  if (metric == "p50") return latency(0.5);
  if (metric == "p99") return latency(0.99);
  if (metric == "max") return latency(1);
  if (metric == "lost") return known(static_cast<double>(facts.drops), unit);
  if (metric == "published") return known(static_cast<double>(facts.publishes), unit);
  if (metric == "redis_errors") return known(static_cast<double>(facts.redis_errors), unit);
  if (metric == "duration") return known(facts.seconds, unit);
  if (facts.samples.empty()) return unknown();
  if (metric == "servers") {
    int most = 0;
    for (const auto& sample : facts.samples)
      most = std::max(most, sample.servers);
    return known(most, unit);
  }
  if (metric == "clients") return known(facts.samples.back().clients, unit);
  if (metric == "redis_ops") {
    double sum = 0;
    int count = 0;
    for (const auto& sample : facts.samples) {
      if (sample.redis_ops < 0) continue;
      sum += sample.redis_ops;
      ++count;
    }
    return count == 0 ? unknown() : known(sum / count, unit);
  }
  if (metric == "redis_received") {
    // Counters restart with a server: only growth between two samples counts.
    uint64_t pushed = 0;
    for (size_t i = 1; i < facts.samples.size(); ++i) {
      const uint64_t before = facts.samples[i - 1].redis_messages_in;
      const uint64_t after = facts.samples[i].redis_messages_in;
      if (after > before) pushed += after - before;
    }
    return known(static_cast<double>(pushed), unit);
  }
  return unknown();
}

// A gauge row: at each sample the matching gauges summed, then taken over the span.
CompareCell gauge_cell(const CompareRow& row, const std::string& key, const SpanFacts& facts,
                       CompareRowResult& result) {
  std::string pattern = row.gauge;
  if (const auto at = pattern.find("{key}"); at != std::string::npos) pattern.replace(at, 5, key);
  std::vector<double> values;
  for (const auto& sample : facts.samples) {
    double sum = 0, most = 0;
    int matched = 0;
    for (const auto& gauge : sample.gauges) {
      if (fnmatch(pattern.c_str(), gauge.name.c_str(), 0) != 0) continue;
      sum += gauge.value;
      most = matched == 0 ? gauge.value : std::max(most, gauge.value);
      ++matched;
      if (result.unit.empty()) result.unit = gauge.unit;
      result.modelled |= gauge.modelled;
    }
    if (matched == 0) continue;
    values.push_back(row.across == CompareRow::Take::kMean  ? sum / matched
                     : row.across == CompareRow::Take::kMax ? most
                                                            : sum);
  }
  if (values.empty()) return unknown();
  double value = values.back();
  switch (row.take) {
    case CompareRow::Take::kMax:
      value = *std::max_element(values.begin(), values.end());
      break;
    case CompareRow::Take::kMin:
      value = *std::min_element(values.begin(), values.end());
      break;
    case CompareRow::Take::kMean: {
      double sum = 0;
      for (double v : values)
        sum += v;
      value = sum / static_cast<double>(values.size());
      break;
    }
    case CompareRow::Take::kLast:
      break;
  }
  return known(value, result.unit);
}

void plot_series(const SpanFacts& facts, double slice_s, CompareColumnResult& column) {
  for (size_t i = 0; i < facts.slice_deliveries.size(); ++i) {
    const double x = static_cast<double>(i) * slice_s;
    const sim::LatencyHistogram& latency = facts.slice_latency[i];
    column.deliveries_per_s.emplace_back(x,
                                         static_cast<double>(facts.slice_deliveries[i]) / slice_s);
    column.p99_ms.emplace_back(
        x, latency.count() == 0 ? -1 : static_cast<double>(latency.quantile_ns(0.99)) / 1e6);
  }
}

}  // namespace

Text compare_metric_label(const std::string& metric, bool cross_server) {
  const BuiltIn* entry = built_in(metric);
  if (!entry) return {};
  Text label = entry->label;
  if (cross_server && (metric == "p50" || metric == "p99" || metric == "max")) {
    label.en += " (cross-server)";
    label.ko += " (서버 간)";
  }
  return label;
}

CompareResult compare_runs(const CompareSpec& spec, const Scenario& scenario,
                           const PlayerView& view, const Observations& observations) {
  CompareResult result;
  result.title = spec.title;
  result.cross_server = spec.cross_server;

  // Each column's span, as far as the run has come.
  for (const auto& column_spec : spec.columns) {
    CompareColumnResult column;
    column.name = column_spec.name;
    const int first = scenario.find_step(column_spec.first_step);
    const int last = scenario.find_step(column_spec.last_step);
    if (first < 0 || last < 0 || static_cast<size_t>(last) >= view.steps.size()) {
      result.columns.push_back(column);
      continue;
    }
    const StepView& first_step = view.steps[static_cast<size_t>(first)];
    const StepView& last_step = view.steps[static_cast<size_t>(last)];
    if (first_step.started_s >= 0) {
      column.from_s = first_step.started_s;
      const bool done = last_step.state == StepState::kDone;
      column.state = done ? StepState::kDone : StepState::kRunning;
      column.to_s = done ? last_step.done_s : view.world_s;
    }
    result.columns.push_back(column);
  }

  double longest = 0;
  for (const auto& column : result.columns)
    if (column.from_s >= 0) longest = std::max(longest, column.to_s - column.from_s);
  result.slice_s = std::max(kMinSlice, longest / kMaxSlices);

  std::vector<SpanFacts> facts(result.columns.size());
  for (size_t i = 0; i < result.columns.size(); ++i) {
    auto& column = result.columns[i];
    if (column.from_s < 0) continue;
    const int64_t from_ns = to_ns(view, column.from_s), until_ns = to_ns(view, column.to_s);
    facts[i] = facts_of(observations, from_ns, until_ns, static_cast<int64_t>(result.slice_s * 1e9),
                        spec.cross_server);
    plot_series(facts[i], result.slice_s, column);
  }

  for (const auto& row : spec.rows) {
    CompareRowResult out;
    const BuiltIn* entry = row.metric.empty() ? nullptr : built_in(row.metric);
    if (entry) {
      out.label = compare_metric_label(row.metric, spec.cross_server);
      out.unit = entry->unit;
    } else {
      out.label = row.label;
    }
    for (size_t i = 0; i < result.columns.size(); ++i) {
      if (result.columns[i].from_s < 0) {
        out.cells.push_back(unknown());
        continue;
      }
      out.cells.push_back(entry ? built_in_cell(row.metric, facts[i], entry->unit)
                                : gauge_cell(row, spec.columns[i].key, facts[i], out));
    }
    result.rows.push_back(std::move(out));
  }
  return result;
}

}  // namespace scaleout::scenarios
