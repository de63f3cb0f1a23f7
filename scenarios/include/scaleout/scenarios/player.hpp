// Player: plays a scenario on a real world, step by step, for `scaleout play` (headless) and the
// GUI's player panel alike. It builds the world the scenario describes, runs each step's commands
// (sim::WorldCommands, submitted to the World, never waited on by the caller), and checks each
// expectation against the trace and the world's status as it goes.
//
// The timeline. A step starts when the step before it is done and its time has come: `at` a time
// on the scenario's clock, or `after` a pause once the previous step is done (default: the
// scenario's `pace`). A step is done when its commands have run, its expectations are decided and
// its `wait` is over. So a step never starts before the world has done what the last one asked
// (clients connected, a server really down), however slow the machine. The scenario's clock runs
// only while playing, at `speed` (0.1x to 10x) — speed scales the pauses between steps, not the
// world: a reconnect still takes the second it takes. Expectation windows (`over`, `within`) are
// real time for the same reason.
//
// The controls (any thread; each returns at once, the player thread carries it out):
//   play / pause       the timeline's clock runs or stops; the world keeps running either way
//   next (Continue)    starts the next step as soon as the current one is done, without its pause
//
// Questions (predict, then watch). With `ask_questions`, a step that carries a question does not
// start when its time comes: the player asks the question and holds the step until Continue;
// once the step is done it shows the answer and holds the next step until Continue again, so
// that the class can compare what it predicted with what happened. Without `ask_questions`
// (`scaleout play`) the question is told (PlayerEvent) and the step plays at once. Steps
// fast-forwarded on the way to an opened step skip their questions.
//   back               opens the step before the current one (see open), paused
//   open(step)         a fresh world, then every step before `step` run as fast as their own
//                      completion allows (no pauses: "fast-forward"), then `step` itself. The
//                      world cannot be rewound, so going back means building it again; its
//                      expectations are checked again on the way, on the new world.
//   restart            open at the first step
//   set_speed          clamped to 0.1 .. 10
//
// Reading (any thread, every frame): view() returns the latest PlayerView at once — a copy the
// player thread publishes whenever something changed; nobody waits on the world or the player.
// world() is the current World (replaced by open/back/restart: watch view()->world_generation).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/scenarios/observations.hpp"
#include "scaleout/scenarios/scenario.hpp"
#include "scaleout/world/world.hpp"

namespace scaleout::scenarios {

struct CompareResult;  // compare.hpp

enum class StepState { kPending, kRunning, kDone };
// A step's question: asked (the step waits for Continue), then revealed once the step is done
// (the answer shown next to the class's prediction, until the next step starts).
enum class QuestionState { kNone, kAsking, kRevealed };
enum class CheckState { kChecking, kPassed, kFailed };
enum class PlayerPhase {
  kStarting,  // building the world (also after back/open/restart)
  kRunning,   // the world is up; steps run as the timeline says
  kFinished,  // every step done, every check decided (the world still runs)
  kFailed,    // the world could not start: see PlayerView::error
};

const char* to_string(CheckState state);     // "checking", "passed", "failed"
const char* to_string(PlayerPhase phase);    // "starting", "running", "finished", "failed"
const char* to_string(QuestionState state);  // "none", "asking", "revealed"

struct StepView {
  std::string id;
  Text caption;
  std::vector<std::string> commands;  // in the one-line syntax
  std::vector<std::string> outcomes;  // what each command did, as it finished (in that order)
  StepState state = StepState::kPending;
  double started_s = -1;  // seconds since the world started; -1: not yet
  double done_s = -1;
  bool fast_forwarded = false;  // run without its pause, on the way to an opened step
};

// One expectation being checked, or decided. Also the world's setup ("the world's clients are
// connected") and any command that could not be carried out (always a failure).
struct CheckView {
  int step = -1;         // the step's index; -1 the world's setup; step_count: the final checks
  std::string step_id;   // "setup", the step's id, or "end"
  std::string id;        // the expectation's own id, if it has one
  std::string expected;  // what is expected, in a few words
  std::string measured;  // what was measured (updated while checking)
  std::string where;     // file:line:column
  CheckState state = CheckState::kChecking;
  double started_s = 0;  // seconds since the world started
  double decided_s = -1;
};

struct PlayerView {
  uint64_t version = 0;           // grows with every published change
  uint64_t world_generation = 0;  // grows each time the world is built anew
  PlayerPhase phase = PlayerPhase::kStarting;
  bool playing = false;  // the timeline's clock runs
  double speed = 1;
  int current_step = -1;  // the step started last; -1 before the first
  int step_count = 0;
  int target_step = -1;            // while fast-forwarding to an opened step, that step
  bool advance_requested = false;  // Continue pressed: the next step starts once this one is done
  double clock_s = 0;              // the scenario's clock
  double next_step_in_s = -1;      // on the scenario clock, when the next step is due; -1: unknown
  double world_s = 0;              // seconds since the world started
  int64_t world_started_ns = 0;    // when it started (monotonic clock, as the trace's times)
  std::vector<StepView> steps;
  std::vector<CheckView> checks;  // in the order they started
  int question_step = -1;         // the step whose question is on show; -1: none
  QuestionState question = QuestionState::kNone;
  int passed = 0;
  int failed = 0;
  int checking = 0;
  std::string error;  // why the world could not start
  // The scenario's comparison as far as the run has come (null without a `compare` section);
  // worked out again twice a second while it plays.
  std::shared_ptr<const CompareResult> compare;

  // "step 3/8" (1-based; "step 0/8" before the first).
  std::string progress() const;
};

// Told as things happen, on the player thread (print; do not block).
struct PlayerEvent {
  enum class Kind {
    kWorldStarting,  // text: what is being built
    kWorldReady,
    kWorldFailed,       // text: why
    kStepStarted,       // step
    kCommandDone,       // step, outcome
    kCheckDecided,      // step, check
    kProgress,          // step, text: how far a long command has come ("fill-keys 1000000: 40%")
    kQuestionAsked,     // step: its question is asked (Step::question)
    kQuestionRevealed,  // step: done; its question's answer is shown
    kFinished,
  };
  Kind kind = Kind::kWorldStarting;
  int step = -1;
  double world_s = 0;
  std::string text;
  sim::CommandOutcome outcome;
  CheckView check;
};

struct PlayerOptions {
  double speed = 1;
  bool autoplay = true;    // play at once; false: wait for play() or next()
  std::string open_at;     // a step id: start by opening it (fast-forward to it)
  std::string stop_after;  // a step id: finish once it is done, skipping the rest
  // Hold a question's step until Continue, and the step after it (see Questions above).
  bool ask_questions = false;
  // Called with each new world's options before it is built, on the player thread: classroom
  // mode puts the balancer on the network, on the same port for every world, here.
  std::function<void(sim::WorldOptions&)> prepare_world;
  // Called with each new World before it starts, on the player thread: add trace sinks here.
  std::function<void(sim::World&)> on_world;
  std::function<void(const PlayerEvent&)> on_event;
  std::chrono::milliseconds tick{50};  // how often the player looks at the world
};

class Player {
 public:
  Player(Scenario scenario, PlayerOptions options = {});
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Starts the player thread, which builds the world. Returns at once.
  void start();
  // Stops the player thread and the world (this one waits for them).
  void stop();

  void play();
  void pause();
  void toggle_play();
  void next();
  void back();
  void open(const std::string& step_id);  // an unknown id is ignored
  void open_index(int step);
  void restart();
  void set_speed(double speed);

  std::shared_ptr<const PlayerView> view() const;
  std::shared_ptr<sim::World> world() const;
  std::shared_ptr<const Observations> observations() const;
  const Scenario& scenario() const { return scenario_; }

  // For headless runs: waits until the phase is finished or failed; false on timeout.
  bool wait_until_done(std::chrono::milliseconds timeout) const;

 private:
  class Run;
  struct Request;

  void run_thread();
  void publish(const PlayerView& view);
  // Works the comparison out again when it is due (player thread).
  void update_compare(PlayerView& view, const Run& run);

  const Scenario scenario_;
  PlayerOptions options_;

  mutable std::mutex mutex_;  // guards what follows; never held while waiting on the world
  mutable std::condition_variable changed_;
  std::vector<Request> requests_;
  std::shared_ptr<const PlayerView> view_;
  std::shared_ptr<sim::World> world_;
  std::shared_ptr<const Observations> observations_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point next_compare_;  // player thread only
  bool compared_finished_ = false;                      // player thread only
  std::thread thread_;
};

}  // namespace scaleout::scenarios
