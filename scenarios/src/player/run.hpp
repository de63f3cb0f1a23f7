// Player::Run: one world and one pass through the scenario's timeline, on the player thread only.
// Back, open and restart end a Run and begin another (the world cannot be rewound). Each tick()
// takes the commands' outcomes, measures the expectations still being checked, closes the current
// step when it is done (revealing its question's answer), and starts the next one when its time
// has come (asking its question first).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "measure.hpp"
#include "scaleout/scenarios/player.hpp"

namespace scaleout::scenarios {

// How the timeline should move this tick (the player's controls).
struct Pace {
  bool playing = false;
  double speed = 1;
  bool advance = false;  // Continue: start the next step once the current one is done
};

class Player::Run {
 public:
  using Emit = std::function<void(const PlayerEvent&)>;

  // `target`: the step to fast-forward to (-1: none); `stop_after`: the step to finish after.
  Run(const Scenario& scenario, const PlayerOptions& options, int target, int stop_after,
      Emit emit);
  ~Run();

  // Builds and starts the world; false (and `error`) when it cannot.
  bool start(std::string* error);
  void stop();

  // Returns true when it started a step because of `pace.advance` (the request is used up).
  bool tick(const Pace& pace);

  bool finished() const { return finished_; }
  bool fast_forwarding() const { return target_ >= 0; }
  int target() const { return target_; }
  int current() const { return current_; }
  // Fills the run's part of a view (steps, checks, clocks).
  void fill(PlayerView& view) const;

  std::shared_ptr<sim::World> world() const { return world_; }
  std::shared_ptr<Observations> observations() const { return observations_; }

 private:
  struct StepRun {
    StepState state = StepState::kPending;
    double started_clock_ms = -1;
    double done_clock_ms = -1;
    int64_t started_ns = 0;
    int64_t done_ns = 0;
    size_t commands = 0;
    size_t outcomes = 0;
    std::vector<std::string> outcome_texts;
    bool fast_forwarded = false;
    std::vector<size_t> checks;
  };
  struct CheckRun {
    CheckView view;
    const Expectation* expectation = nullptr;  // null: the setup check or a failed command
    std::function<Measure(const MeasureContext&)> custom;
    bool count = false;
    bool early = true;
    bool throughout = false;
    int64_t from_ns = 0;                               // counts: the window's start
    int64_t end_ns = 0;                                // the window's end, or the deadline
    std::shared_ptr<const sim::WorldStatus> baseline;  // the status when it began
  };

  double seconds(int64_t t_ns) const;
  void take_outcomes();
  // Tells how far a long command (fill-keys, scan-keys) has come, every tenth of the way.
  void tell_progress(int64_t now_ns);
  void update_checks(int64_t now_ns);
  void decide(CheckRun& check, bool passed, int64_t now_ns);
  void close_steps(int64_t now_ns);
  bool start_next(const Pace& pace, int64_t now_ns);
  void start_step(size_t index, int64_t now_ns, bool fast);
  void start_final_checks(int64_t now_ns);
  size_t add_check(int step, const Expectation* expectation, int64_t now_ns, bool final_check);
  bool all_decided(const std::vector<size_t>& checks) const;
  // When the step after the current one is due, on the scenario clock.
  double next_due_ms() const;
  // The question of step `index`: asked, then (once the step is done) revealed. Each change is
  // also a world command (sim::command::AskClass), so that every server shows it to its sockets.
  void ask_question(size_t index, int64_t now_ns);
  void reveal_question(int64_t now_ns);
  void tell_class(sim::command::AskClass::Action action);

  const Scenario& scenario_;
  const PlayerOptions& options_;
  Emit emit_;
  std::shared_ptr<sim::World> world_;
  std::shared_ptr<Observations> observations_;
  int64_t t0_ns_ = 0;
  int64_t last_tick_ns_ = 0;
  double clock_ms_ = 0;

  std::map<uint64_t, int> command_step_;  // command id -> step (-1: setup)
  uint64_t last_outcome_ = 0;
  std::string progress_command_;  // the long command last told about, and its last tenth
  uint64_t progress_tenth_ = 0;
  std::vector<StepRun> steps_;
  std::vector<CheckRun> checks_;
  std::vector<size_t> setup_checks_;
  size_t setup_commands_ = 0;
  size_t setup_outcomes_ = 0;
  bool setup_done_ = false;
  double setup_done_clock_ms_ = 0;
  int current_ = -1;
  int target_ = -1;
  int stop_after_ = -1;
  int question_step_ = -1;  // the step whose question is on show
  QuestionState question_ = QuestionState::kNone;
  bool final_started_ = false;
  std::vector<size_t> final_checks_;
  bool finished_ = false;
};

}  // namespace scaleout::scenarios
