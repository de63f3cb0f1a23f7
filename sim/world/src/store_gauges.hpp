// The store benchmark's figures as gauges (world_status.hpp's Gauge): for each store and number of
// threads the latest run's "store.memcached.t4.ops" (ops/s), ".p50" and ".p99" (us) and, for the
// in-process stores, ".waiting" (% of the threads' time blocked); while a run goes on,
// "store.global-lock.waiters" (threads blocked right now). All measured, none modelled.
#pragma once

#include "scaleout/world/world_status.hpp"

namespace scaleout::sim {

void add_store_gauges(WorldStatus& status);

}  // namespace scaleout::sim
