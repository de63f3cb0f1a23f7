// Lesson 14's expectations fail when the effect they show is absent: the same lesson changed in
// one place, played on a real world (as lesson_effect_test.cpp does for the others).
#include "lesson_support.hpp"

namespace scaleout::test {
namespace {

using scenarios::CheckState;

constexpr const char* kLesson = "14-autoscaling.yaml";

void expect_fails(const scenarios::PlayerView& view, const std::string& id) {
  const auto found = check(view, id);
  EXPECT_EQ(found.state, CheckState::kFailed)
      << id << ": " << found.expected << ": " << found.measured;
}

sim::command::Autoscale& autoscale_command(scenarios::Scenario& scenario) {
  return std::get<sim::command::Autoscale>(step(scenario, "calm").commands.at(0));
}

// The servers come from the autoscaler: without it, the ramp leaves two servers.
TEST(LessonEffect, Lesson14WithoutTheAutoscalerTheRampAddsNoServer) {
  auto scenario = lesson(kLesson);
  autoscale_command(scenario).on = false;
  expect_fails(play(std::move(scenario), "ramp-up"), "key");
}

// Five servers stay through the dip because of the scale-down window: without it (0 s) they go at
// once.
TEST(LessonEffect, Lesson14WithoutTheWindowServersGoAtTheFirstDip) {
  auto scenario = lesson(kLesson);
  autoscale_command(scenario).settings.window = std::chrono::milliseconds(0);
  expect_fails(play(std::move(scenario), "ramp-down"), "window-holds");
}

// Back to two servers with every newcomer moved comes from the scale-in: with the autoscaler
// turned off before the load falls, five servers stay and nobody moves.
TEST(LessonEffect, Lesson14WithoutScaleInNobodyMoves) {
  auto scenario = lesson(kLesson);
  auto& ramp_down = step(scenario, "ramp-down");
  sim::command::Autoscale off;
  off.on = false;
  ramp_down.commands.push_back(off);
  ramp_down.command_marks.push_back(ramp_down.command_marks.back());
  ramp_down.expectations.clear();
  const auto view = play(std::move(scenario), "scale-in");
  expect_fails(view, "back-to-min");
  expect_fails(view, "moved");
}

}  // namespace
}  // namespace scaleout::test
