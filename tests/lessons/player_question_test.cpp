// Questions on the timeline: with ask_questions (the window) a question's step waits for Continue
// and, once done, shows the answer and holds the next step until Continue again; headless (as
// `scaleout play`) the question and its answer are told and the steps play on; opening a step
// skips the questions of the steps fast-forwarded on the way, but asks the opened step's own.
// On a real one-server world; waits are on the player's view, with deadlines.
#include <mutex>
#include <thread>

#include "lesson_support.hpp"
#include "support/client_pool.hpp"

namespace scaleout::test {
namespace {

using scenarios::PlayerEvent;
using scenarios::QuestionState;
using scenarios::StepState;

constexpr auto kDeadline = std::chrono::seconds(60);

// Three steps; the second and third ask the class.
scenarios::Scenario asking_scenario() {
  auto parsed = scenarios::parse_scenario(
      "title: questions\n"
      "pace: 100ms\n"
      "world:\n"
      "  servers: 1\n"
      "  adapter: memory\n"
      "  balancer: none\n"
      "  clients: [{count: 2, room: lobby, via: s1}]\n"
      "steps:\n"
      "  - {id: first, caption: nothing yet, wait: 100ms}\n"
      "  - id: say\n"
      "    caption: c1 says hi\n"
      "    question:\n"
      "      text: How many receive it?\n"
      "      choices: [1, 2]\n"
      "      answer: 2\n"
      "      explain: Both are on s1.\n"
      "    do: say c1 lobby hi mid m1\n"
      "    expect: [{delivered: m1, count: 2}]\n"
      "  - id: last\n"
      "    caption: the end\n"
      "    question: {text: \"Done?\", choices: [yes, no], explain: Yes.}\n"
      "    wait: 100ms\n",
      "questions.yaml");
  EXPECT_TRUE(parsed) << parsed.error().message();
  return parsed ? *parsed : scenarios::Scenario{};
}

StepState state_of(const scenarios::Player& player, int step) {
  return player.view()->steps.at(static_cast<size_t>(step)).state;
}

TEST(PlayerQuestions, AQuestionHoldsItsStepUntilContinueAndItsAnswerHoldsTheNextStep) {
  scenarios::PlayerOptions options;
  options.ask_questions = true;
  options.speed = 10;
  scenarios::Player player(asking_scenario(), options);
  player.start();

  // Playing: the first step runs by itself, then the question stops the timeline.
  ASSERT_TRUE(wait_until(
      [&] {
        auto view = player.view();
        return view->question == QuestionState::kAsking && view->question_step == 1;
      },
      kDeadline));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // many paces at 10x
  EXPECT_EQ(state_of(player, 1), StepState::kPending);
  EXPECT_EQ(player.view()->current_step, 0);

  player.next();
  ASSERT_TRUE(wait_until(
      [&] {
        auto view = player.view();
        return view->question == QuestionState::kRevealed &&
               state_of(player, 1) == StepState::kDone;
      },
      kDeadline));
  EXPECT_EQ(player.view()->question_step, 1);
  EXPECT_EQ(player.view()->failed, 0);
  // The answer stays on show; the next step (and its own question) waits for Continue.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(player.view()->question, QuestionState::kRevealed);
  EXPECT_EQ(player.view()->current_step, 1);

  player.next();
  ASSERT_TRUE(wait_until(
      [&] {
        auto view = player.view();
        return view->question == QuestionState::kAsking && view->question_step == 2;
      },
      kDeadline));
  EXPECT_EQ(state_of(player, 2), StepState::kPending);
  player.next();
  ASSERT_TRUE(wait_until([&] { return player.view()->phase == scenarios::PlayerPhase::kFinished; },
                         kDeadline));
  // The last step's answer stays on show at the end.
  EXPECT_EQ(player.view()->question, QuestionState::kRevealed);
  EXPECT_EQ(player.view()->question_step, 2);
  player.stop();
}

// What the player told, in order: "asked 1", "started 1", "revealed 1", ...
class Told {
 public:
  void operator()(const PlayerEvent& event) {
    const char* what = event.kind == PlayerEvent::Kind::kQuestionAsked      ? "asked"
                       : event.kind == PlayerEvent::Kind::kQuestionRevealed ? "revealed"
                       : event.kind == PlayerEvent::Kind::kStepStarted      ? "started"
                                                                            : nullptr;
    if (!what) return;
    std::lock_guard lock(mutex_);
    lines_.push_back(std::string(what) + " " + std::to_string(event.step));
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

TEST(PlayerQuestions, HeadlessTheQuestionAndItsAnswerAreToldAndTheStepsPlayOn) {
  auto told = std::make_shared<Told>();
  scenarios::PlayerOptions options;
  options.speed = 10;
  options.on_event = [told](const PlayerEvent& event) { (*told)(event); };
  auto view = play_with(asking_scenario(), options);
  EXPECT_EQ(view.phase, scenarios::PlayerPhase::kFinished);
  EXPECT_EQ(view.failed, 0);
  const std::vector<std::string> expected = {"started 0", "asked 1",   "started 1", "revealed 1",
                                             "asked 2",   "started 2", "revealed 2"};
  EXPECT_EQ(told->lines(), expected);
}

TEST(PlayerQuestions, OpeningAStepSkipsTheQuestionsOnTheWayButAsksItsOwn) {
  auto told = std::make_shared<Told>();
  scenarios::PlayerOptions options;
  options.ask_questions = true;
  options.autoplay = false;
  options.open_at = "last";
  options.on_event = [told](const PlayerEvent& event) { (*told)(event); };
  scenarios::Player player(asking_scenario(), options);
  player.start();
  ASSERT_TRUE(wait_until(
      [&] {
        auto view = player.view();
        return view->question == QuestionState::kAsking && view->question_step == 2;
      },
      kDeadline));
  EXPECT_TRUE(player.view()->steps[1].fast_forwarded);
  EXPECT_EQ(state_of(player, 2), StepState::kPending);
  const std::vector<std::string> expected = {"started 0", "started 1", "asked 2"};
  EXPECT_EQ(told->lines(), expected);
  player.stop();
}

}  // namespace
}  // namespace scaleout::test
