// World commands for the world tests, in the one-line syntax a user types: submit one, and wait
// for what became of it.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "scaleout/world/world.hpp"
#include "support/client_pool.hpp"

namespace scaleout::test {

// Submits the command the line says; its id (0, and a failure, when the line does not parse).
inline uint64_t submit(sim::World& world, const std::string& line) {
  auto command = sim::parse_world_command(line);
  EXPECT_TRUE(command) << line;
  return command ? world.submit(*command) : 0;
}

// The outcome of command `id`, once it has run (an empty one, and a failure, after 20 s).
inline sim::CommandOutcome outcome_of(sim::World& world, uint64_t id) {
  sim::CommandOutcome found;
  EXPECT_TRUE(wait_until(
      [&] {
        for (auto& outcome : world.outcomes_since(id - 1)) {
          if (outcome.id == id) {
            found = outcome;
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(20)));
  return found;
}

}  // namespace scaleout::test
