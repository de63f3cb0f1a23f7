// Lesson 9 (scale-up vs scale-out) without its effects, each taken away in one place: the
// expectations must then fail, so they measure the capacity model's queue and the crash's reach
// rather than restate the script.
#include "lesson_support.hpp"

namespace scaleout::test {
namespace {

using scenarios::CheckState;

constexpr const char* kLesson = "09-scale-up-vs-scale-out.yaml";

// Without the capacity model (size 0) the instance works as fast as this machine: at 80
// messages a second nothing waits, so the saturation the lesson shows is not there.
TEST(LessonEffect, Lesson9WithoutTheCapacityModelNothingSaturates) {
  auto scenario = lesson(kLesson);
  scenario.world.size = 0;
  for (int& size : scenario.world.server_sizes)
    size = 0;
  const auto saturated = check(play(std::move(scenario), "up-80"), "saturated-up");
  EXPECT_EQ(saturated.state, CheckState::kFailed)
      << saturated.expected << ": " << saturated.measured;
}

// Scale-out's smaller blast radius comes from the four instances: scaled out to one instance of
// size 4 instead, its crash disconnects everybody.
TEST(LessonEffect, Lesson9OneInstanceInsteadOfFourLosesEveryoneInTheCrash) {
  auto scenario = lesson(kLesson);
  auto& add = step(scenario, "add-out");
  add.commands.resize(1);
  add.command_marks.resize(1);
  std::get<sim::command::AddServer>(add.commands.at(0)).size = 4;
  for (auto& expectation : add.expectations)
    expectation.what = scenarios::expect::Servers{{scenarios::Comparison::Op::kEqual, 2}};
  const auto view = play(std::move(scenario), "kill-out");
  const auto key = check(view, "key");
  EXPECT_EQ(key.state, CheckState::kFailed) << key.expected << ": " << key.measured;
}

}  // namespace
}  // namespace scaleout::test
