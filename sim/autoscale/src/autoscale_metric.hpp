// The metric the autoscaler reads, kept apart so that another can replace it (a capacity model's
// utilisation, connections per server): messages received from clients per second by each
// server that takes new sessions, over the last period, from the trace's statistics.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scaleout/autoscale/autoscale_policy.hpp"
#include "scaleout/server/server_snapshot.hpp"
#include "scaleout/trace/trace_stats.hpp"

namespace scaleout::sim {

struct AutoscaleMetric {
  const char* name;  // in words, for the views
  const char* unit;
};

inline constexpr AutoscaleMetric kMessagesPerSecond{"messages/s received from clients per server",
                                                    "msg/s"};

// One reading per running server that is not draining; `ready` says whether each counts yet.
std::vector<ServerReading> messages_per_second(
    const StatsSnapshot& before, const StatsSnapshot& now, double seconds,
    const std::vector<ServerSnapshot>& servers,
    const std::function<bool(const std::string&)>& ready);

}  // namespace scaleout::sim
