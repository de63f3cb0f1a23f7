// The world a scenario describes, as sim::WorldOptions (with the timings a player needs: a fresh
// status every 100 ms, Redis polled four times a second), and the same in words for a heading.
#pragma once

#include <string>
#include <vector>

#include "scaleout/scenarios/scenario.hpp"
#include "scaleout/world/world.hpp"

namespace scaleout::scenarios {

sim::WorldOptions world_options(const WorldSpec& world);

// "2 servers (redis, memory), embedded Redis, load balancer (sticky-sid), 4 clients"
std::string describe_world(const WorldSpec& world);

// The names the world's own clients get (c1, c2, ... per prefix), with the room each joins.
std::vector<std::pair<std::string, std::string>> world_client_names(const WorldSpec& world);

}  // namespace scaleout::scenarios
