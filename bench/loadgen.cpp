// scaleout-loadgen: the one load generator of the fan-out benchmark, used against our servers and
// Node's alike (scripts/bench drives it). It connects the clients, measures the servers' RSS
// before and after, then runs one step per rate and prints, per step, one JSON line: offered
// says/s, deliveries/s, latency percentiles, lost deliveries, the CPU the servers, Redis and the
// load generator itself spent. A step with loss or a p99 over the limit is saturated and ends the
// run (unless --keep-going); a step during which the generator was near its own CPU limit is
// flagged, because then its latencies measure its own queue.

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "loadgen/fleet.hpp"
#include "loadgen/options.hpp"
#include "loadgen/process_stats.hpp"
#include "scaleout/base/descriptor_limit.hpp"

using scaleout::bench::Fleet;
using scaleout::bench::LoadgenOptions;
using scaleout::bench::StepCounts;
using Json = nlohmann::ordered_json;

namespace {

void emit(const Json& line) {
  std::cout << line.dump() << std::endl;
}

// CPU seconds of every sampled process at one instant.
struct CpuSample {
  double servers = 0;
  double servers_system = 0;
  double redis = 0;
  double own = 0;
  bool servers_alive = true;
};

CpuSample sample_cpu(const LoadgenOptions& options) {
  CpuSample sample;
  for (pid_t pid : options.server_pids) {
    auto cpu = scaleout::bench::process_cpu_times(pid);
    if (!cpu) {
      sample.servers_alive = false;
      continue;
    }
    sample.servers += cpu->total();
    sample.servers_system += cpu->system;
  }
  if (options.redis_pid) {
    sample.redis = scaleout::bench::process_cpu_times(options.redis_pid)
                       .value_or(scaleout::bench::CpuTimes{})
                       .total();
  }
  sample.own = scaleout::bench::own_cpu_seconds();
  return sample;
}

Json server_rss_kb(const LoadgenOptions& options) {
  Json rss = Json::array();
  for (pid_t pid : options.server_pids)
    rss.push_back(scaleout::bench::process_rss_kb(pid).value_or(0));
  return rss;
}

long sum_of(const Json& values) {
  long sum = 0;
  for (const auto& value : values)
    sum += value.get<long>();
  return sum;
}

double quantile_ms(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(q * static_cast<double>(sorted.size()));
  return static_cast<double>(sorted[std::min(rank, sorted.size() - 1)]) / 1e6;
}

Json step_line(const LoadgenOptions& options, StepCounts& step, const CpuSample& before,
               const CpuSample& after, int cpus) {
  std::sort(step.latencies_ns.begin(), step.latencies_ns.end());
  const uint64_t lost = step.expected > step.delivered ? step.expected - step.delivered : 0;
  const double p99 = quantile_ms(step.latencies_ns, 0.99);
  const double server_cpu = after.servers - before.servers;
  const double own_cpu = after.own - before.own;
  const double own_share = own_cpu / step.total_seconds;  // in cores
  const bool saturated = lost > 0 || p99 > options.p99_limit_ms || step.latencies_ns.empty();
  auto per_delivery_us = [&](double seconds) {
    return step.delivered ? seconds * 1e6 / static_cast<double>(step.delivered) : 0.0;
  };
  Json line = {
      {"type", "step"},
      {"rate", step.rate},
      {"says", step.says},
      {"says_per_s", static_cast<double>(step.says) / step.send_seconds},
      {"deliveries_expected", step.expected},
      {"deliveries", step.delivered},
      {"deliveries_offered_per_s", static_cast<double>(step.expected) / step.send_seconds},
      {"deliveries_per_s", static_cast<double>(step.delivered) / step.active_seconds},
      {"lost", lost},
      {"extra", step.delivered > step.expected ? step.delivered - step.expected : 0},
      {"latency_samples", step.latencies_ns.size()},
      {"p50_ms", quantile_ms(step.latencies_ns, 0.5)},
      {"p99_ms", p99},
      {"max_ms",
       step.latencies_ns.empty() ? 0.0 : static_cast<double>(step.latencies_ns.back()) / 1e6},
      {"seconds", step.total_seconds},
      {"server_cpu_s", server_cpu},
      {"server_cpu_cores", server_cpu / step.total_seconds},
      {"server_cpu_us_per_delivery", per_delivery_us(server_cpu)},
      {"server_system_cpu_us_per_delivery",
       per_delivery_us(after.servers_system - before.servers_system)},
      {"redis_cpu_cores", (after.redis - before.redis) / step.total_seconds},
      {"loadgen_cpu_cores", own_share},
      {"loadgen_cpus", cpus},
      // Near its own limit the generator queues, and its latencies measure that queue.
      {"loadgen_saturated", own_share > 0.85 * cpus},
      {"disconnected", step.disconnected},
      {"saturated", saturated},
  };
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  scaleout::sim::raise_descriptor_limit();
  const LoadgenOptions options = scaleout::bench::parse_options(argc, argv);
  const int cpus = scaleout::bench::usable_cpus();

  const Json rss_before = server_rss_kb(options);
  Fleet fleet(options);
  const auto connect_start = std::chrono::steady_clock::now();
  const std::string error = fleet.connect(!options.connect_only);
  const double connect_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - connect_start).count();
  if (!error.empty()) {
    emit({{"type", "error"}, {"phase", "connect"}, {"message", error}});
    std::cerr << "scaleout-loadgen: " << error << std::endl;
    return 1;
  }
  // Let the servers finish what the last connections started before reading their memory.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const Json rss_after = server_rss_kb(options);
  const double per_connection = options.server_pids.empty()
                                    ? 0.0
                                    : static_cast<double>(sum_of(rss_after) - sum_of(rss_before)) *
                                          1024.0 / static_cast<double>(options.clients);
  emit({{"type", "connected"},
        {"clients", options.clients},
        {"servers", options.servers.size()},
        {"rooms", options.rooms},
        {"room_sizes", fleet.room_sizes()},
        {"publishers", options.publishers},
        {"live_clients", options.live_clients},
        {"payload_bytes", options.payload_bytes},
        {"threads", options.threads},
        {"batch_ms", options.batch_ms},
        {"joined", !options.connect_only},
        {"connect_seconds", connect_seconds},
        {"server_rss_before_kb", rss_before},
        {"server_rss_after_kb", rss_after},
        {"server_rss_per_connection_bytes", per_connection}});
  if (options.connect_only) {
    emit({{"type", "done"}});
    return 0;
  }

  std::string go;
  fleet.start_batching();
  double best_rate = 0;
  Json best = nullptr;
  for (double rate : options.rates) {
    if (options.wait_for_go) std::getline(std::cin, go);
    const CpuSample before = sample_cpu(options);
    StepCounts step = fleet.run_step(rate);
    const CpuSample after = sample_cpu(options);
    if (!after.servers_alive) {
      emit({{"type", "error"}, {"phase", "step"}, {"message", "a server process is gone"}});
      return 1;
    }
    Json line = step_line(options, step, before, after, cpus);
    emit(line);
    std::cerr << "scaleout-loadgen: rate " << rate << " says/s: " << line["deliveries_per_s"]
              << " deliveries/s, p50 " << line["p50_ms"] << " ms, p99 " << line["p99_ms"]
              << " ms, lost " << line["lost"] << ", loadgen " << line["loadgen_cpu_cores"]
              << " cores" << std::endl;
    if (!line["saturated"].get<bool>()) {
      best_rate = std::max(best_rate, rate);
      best = line;
    } else if (!options.keep_going) {
      break;
    }
  }
  emit({{"type", "done"}, {"saturation_rate", best_rate}, {"best_step", best}});
  if (options.wait_for_go) std::getline(std::cin, go);  // the clients disconnect after this
  return 0;
}
