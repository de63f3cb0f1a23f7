// The options that describe a world, shared by `cluster` and `gui`: how many servers, which Redis
// and adapter, the load balancer and its policy, bots, the network's links (--link faults from
// the start, or --no-links), the servers' own options, and commands to run once it is up (--do,
// in the syntax of the world's command vocabulary).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "scaleout/world/world.hpp"

namespace scaleout::cli {

struct WorldCli {
  sim::WorldOptions world;
  std::string redis = "embedded";
  std::string adapter = "redis";
  std::string policy = "sticky-sid";
  bool no_balancer = false;
  std::vector<std::string> commands;  // --do
  std::vector<std::string> links;     // --link, run as `link` commands before the --do ones
  bool no_links = false;
};

void add_world_options(CLI::App& command, WorldCli& options);
// Turns the parsed text into WorldOptions and parses the --do commands. Returns what is wrong,
// or "".
std::string finish_world_options(WorldCli& options, std::vector<sim::WorldCommand>& commands);

}  // namespace scaleout::cli
