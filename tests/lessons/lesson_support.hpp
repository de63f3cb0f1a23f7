// Helpers of the lesson tests: a lesson of the library as a Scenario to change, and a headless
// play of it (on a real world) up to a step, with the player's last view.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "scaleout/scenarios/parse.hpp"
#include "scaleout/scenarios/player.hpp"

namespace scaleout::test {

inline scenarios::Scenario lesson(const std::string& file) {
  auto parsed = scenarios::load_scenario(std::string(SCALEOUT_LESSONS_DIR) + "/" + file);
  EXPECT_TRUE(parsed) << parsed.error().message();
  return parsed ? *parsed : scenarios::Scenario{};
}

inline scenarios::Step& step(scenarios::Scenario& scenario, const std::string& id) {
  const int index = scenario.find_step(id);
  EXPECT_GE(index, 0) << "no step " << id;
  return scenario.steps.at(static_cast<size_t>(index));
}

// Plays the scenario with these options to its end (or `stop_after`).
inline scenarios::PlayerView play_with(scenarios::Scenario scenario,
                                       scenarios::PlayerOptions options) {
  scenarios::Player player(std::move(scenario), std::move(options));
  player.start();
  EXPECT_TRUE(player.wait_until_done(std::chrono::minutes(4))) << "the play did not finish";
  auto view = player.view();
  player.stop();
  return *view;
}

// Plays the scenario at 10x up to and including `stop_after` (the whole of it when empty).
inline scenarios::PlayerView play(scenarios::Scenario scenario,
                                  const std::string& stop_after = {}) {
  scenarios::PlayerOptions options;
  options.speed = 10;
  options.stop_after = stop_after;
  return play_with(std::move(scenario), std::move(options));
}

// The check of the expectation with this id.
inline scenarios::CheckView check(const scenarios::PlayerView& view, const std::string& id) {
  for (const auto& check : view.checks) {
    if (check.id == id) return check;
  }
  ADD_FAILURE() << "no expectation '" << id << "' was checked";
  return {};
}

}  // namespace scaleout::test
