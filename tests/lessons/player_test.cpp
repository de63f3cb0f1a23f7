// The player's controls, as the GUI uses them, on lesson 1 (one server, no Redis): open at a step
// (the steps before it fast-forwarded), Continue, Back (a new world, fast-forwarded to the step
// before), the speed's bounds — and a headless play that passes. Waits are on the player's view,
// with deadlines.
#include "lesson_support.hpp"
#include "scaleout/scenarios/compare.hpp"
#include "scaleout/scenarios/parse.hpp"
#include "support/client_pool.hpp"

namespace scaleout::test {
namespace {

using scenarios::PlayerPhase;
using scenarios::StepState;

constexpr auto kStepDeadline = std::chrono::seconds(60);

bool step_done(const scenarios::Player& player, int index) {
  auto view = player.view();
  return view->steps.size() > static_cast<size_t>(index) &&
         view->steps[static_cast<size_t>(index)].state == StepState::kDone;
}

TEST(Player, OpenAtAStepFastForwardsThenWaitsForContinueAndBackBuildsANewWorld) {
  auto scenario = lesson("01-one-server.yaml");
  const int welcome = scenario.find_step("welcome");
  scenarios::PlayerOptions options;
  options.autoplay = false;
  options.open_at = "welcome";
  scenarios::Player player(scenario, options);
  player.start();

  ASSERT_TRUE(wait_until([&] { return step_done(player, welcome); }, kStepDeadline));
  auto view = player.view();
  EXPECT_EQ(view->current_step, welcome);
  EXPECT_EQ(view->progress(), "step 5/7");
  for (int i = 0; i < welcome; ++i) {
    EXPECT_TRUE(view->steps[static_cast<size_t>(i)].fast_forwarded) << i;
  }
  EXPECT_FALSE(view->steps[static_cast<size_t>(welcome)].fast_forwarded);
  EXPECT_EQ(view->failed, 0);
  EXPECT_FALSE(view->playing);
  EXPECT_EQ(view->steps[static_cast<size_t>(welcome + 1)].state, StepState::kPending);
  const auto first_world = player.world();
  const auto generation = view->world_generation;

  // Continue: the next step starts without waiting for the (stopped) clock.
  player.next();
  ASSERT_TRUE(
      wait_until([&] { return player.view()->current_step == welcome + 1; }, kStepDeadline));
  ASSERT_TRUE(wait_until([&] { return step_done(player, welcome + 1); }, kStepDeadline));

  // Back: the world is built again and the step before the current one is opened.
  player.back();
  ASSERT_TRUE(wait_until(
      [&] {
        auto now = player.view();
        return now->world_generation > generation && now->current_step == welcome &&
               step_done(player, welcome);
      },
      kStepDeadline));
  EXPECT_NE(player.world(), first_world);
  EXPECT_EQ(player.view()->failed, 0);
  EXPECT_EQ(player.view()->steps[static_cast<size_t>(welcome + 1)].state, StepState::kPending);
  player.stop();
}

TEST(Player, SpeedStaysWithinItsBounds) {
  scenarios::PlayerOptions options;
  options.speed = 50;
  options.autoplay = false;
  scenarios::Player player(lesson("01-one-server.yaml"), options);
  EXPECT_EQ(player.view()->speed, 10);
  player.start();
  player.set_speed(0.01);
  EXPECT_TRUE(wait_until([&] { return player.view()->speed == 0.1; }, 10s));
  player.set_speed(2);
  EXPECT_TRUE(wait_until([&] { return player.view()->speed == 2; }, 10s));
  player.stop();
}

TEST(Player, AHeadlessPlayChecksEveryExpectationAndFinishes) {
  auto view = play(lesson("01-one-server.yaml"));
  EXPECT_EQ(view.phase, PlayerPhase::kFinished);
  EXPECT_EQ(view.failed, 0);
  EXPECT_EQ(view.checking, 0);
  EXPECT_EQ(view.passed, 9);
  for (const auto& step : view.steps)
    EXPECT_EQ(step.state, StepState::kDone) << step.id;
}

// The comparison is worked out from the run: a quiet step against one where two messages reach
// three members each, side by side, while it plays and at the end.
TEST(Player, TheComparisonTableCountsEachColumnsOwnSpan) {
  auto parsed = scenarios::parse_scenario(
      "title: compare\n"
      "world:\n"
      "  servers: 1\n"
      "  adapter: memory\n"
      "  clients: [{count: 3, room: lobby}]\n"
      "steps:\n"
      "  - {id: quiet, caption: nothing, wait: 1s}\n"
      "  - id: busy\n"
      "    caption: two messages\n"
      "    do: [say c1 lobby one mid m1, say c2 lobby two mid m2]\n"
      "    expect: [{delivered: m2, count: 3}]\n"
      "compare:\n"
      "  columns: [{name: quiet, steps: quiet}, {name: busy, steps: busy}]\n"
      "  rows: [deliveries, lost, servers, clients]\n",
      "compare.yaml");
  ASSERT_TRUE(parsed) << parsed.error().message();
  auto view = play(*parsed);
  ASSERT_EQ(view.phase, PlayerPhase::kFinished);
  ASSERT_TRUE(view.compare);
  const scenarios::CompareResult& compare = *view.compare;
  ASSERT_EQ(compare.columns.size(), 2u);
  EXPECT_EQ(compare.columns[1].state, StepState::kDone);
  EXPECT_GE(compare.columns[1].from_s, compare.columns[0].to_s);
  ASSERT_EQ(compare.rows.size(), 4u);
  EXPECT_EQ(compare.rows[0].cells[0].value, 0);  // deliveries while quiet
  EXPECT_EQ(compare.rows[0].cells[1].value, 6);  // two messages to three members
  EXPECT_EQ(compare.rows[1].cells[1].value, 0);
  EXPECT_EQ(compare.rows[2].cells[0].value, 1);  // one server, from the status samples
  EXPECT_EQ(compare.rows[3].cells[1].value, 3);
  EXPECT_FALSE(compare.rows[0].modelled);
  EXPECT_FALSE(compare.columns[1].deliveries_per_s.empty());
}

}  // namespace
}  // namespace scaleout::test
