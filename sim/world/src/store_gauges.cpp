// add_store_gauges: the store runs in the status as named gauges.
#include "store_gauges.hpp"

#include <map>
#include <utility>

namespace scaleout::sim {

void add_store_gauges(WorldStatus& status) {
  // The latest run of each store and thread count, in the order they first ran.
  std::vector<std::pair<std::string, const StoreRun*>> latest;
  std::map<std::string, size_t> index;
  for (const auto& run : status.store_runs) {
    if (!run.error.empty()) continue;
    const std::string prefix = "store." + run.store + ".t" + std::to_string(run.threads);
    auto [at, added] = index.emplace(prefix, latest.size());
    if (added) {
      latest.emplace_back(prefix, &run);
    } else {
      latest[at->second].second = &run;
    }
  }
  for (const auto& [prefix, run] : latest) {
    status.gauges.push_back({prefix + ".ops", run->ops_per_second, "ops/s", false});
    status.gauges.push_back({prefix + ".p50", run->p50_us, "us", false});
    status.gauges.push_back({prefix + ".p99", run->p99_us, "us", false});
    if (run->waiting_share >= 0)
      status.gauges.push_back({prefix + ".waiting", run->waiting_share * 100, "%", false});
    if (run->contended_share >= 0)
      status.gauges.push_back({prefix + ".contended", run->contended_share * 100, "%", false});
  }
  if (status.store_live) {
    status.gauges.push_back({"store." + status.store_live->store + ".waiters",
                             static_cast<double>(status.store_live->waiters), "", false});
  }
}

}  // namespace scaleout::sim
