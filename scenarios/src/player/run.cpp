// Player::Run: the timeline on one world. See run.hpp and player.hpp for the rules.
#include "player/run.hpp"

#include <algorithm>

#include "player/world_setup.hpp"
#include "scaleout/adapter/clock.hpp"

namespace scaleout::scenarios {

namespace {

// How long the world's own clients may take to connect and join their rooms.
constexpr auto kSetupWithin = std::chrono::seconds(30);

std::string setup_measure(const std::vector<std::pair<std::string, std::string>>& wanted,
                          const sim::WorldStatus& status, bool* holds) {
  size_t ready = 0;
  std::string waiting;
  for (const auto& [name, room] : wanted) {
    const sim::FleetClientStatus* found = nullptr;
    for (const auto& client : status.clients) {
      if (client.name == name) found = &client;
    }
    const bool ok = found && found->connected &&
                    (room.empty() || std::find(found->rooms.begin(), found->rooms.end(), room) !=
                                         found->rooms.end());
    if (ok) {
      ++ready;
    } else if (waiting.size() < 120) {
      waiting += (waiting.empty() ? "" : ", ") + name;
      if (found && !found->last_error.empty()) waiting += " (" + found->last_error + ")";
    }
  }
  *holds = ready == wanted.size();
  std::string out = std::to_string(ready) + " of " + std::to_string(wanted.size()) + " ready";
  if (!waiting.empty()) out += "; waiting for " + waiting;
  return out;
}

}  // namespace

Player::Run::Run(const Scenario& scenario, const PlayerOptions& options, int target, int stop_after,
                 Emit emit)
    : scenario_(scenario),
      options_(options),
      emit_(std::move(emit)),
      steps_(scenario.steps.size()),
      target_(target),
      stop_after_(stop_after) {}

Player::Run::~Run() {
  stop();
}

double Player::Run::seconds(int64_t t_ns) const {
  return static_cast<double>(t_ns - t0_ns_) / 1e9;
}

bool Player::Run::start(std::string* error) {
  PlayerEvent starting;
  starting.kind = PlayerEvent::Kind::kWorldStarting;
  starting.text = describe_world(scenario_.world);
  emit_(starting);
  observations_ = std::make_shared<Observations>();
  sim::WorldOptions world = world_options(scenario_.world);
  if (options_.prepare_world) options_.prepare_world(world);
  world_ = std::make_shared<sim::World>(std::move(world));
  world_->add_trace_sink(observations_.get());
  if (options_.on_world) options_.on_world(*world_);
  t0_ns_ = adapter::monotonic_ns();
  try {
    world_->start();
  } catch (const std::exception& failure) {
    *error = failure.what();
    world_.reset();
    PlayerEvent failed;
    failed.kind = PlayerEvent::Kind::kWorldFailed;
    failed.text = *error;
    emit_(failed);
    return false;
  }
  last_tick_ns_ = adapter::monotonic_ns();
  for (const auto& connect : scenario_.world.clients) {
    command_step_[world_->submit(connect)] = -1;
    ++setup_commands_;
  }
  const auto wanted = world_client_names(scenario_.world);
  if (!wanted.empty()) {
    CheckRun check;
    check.view.step = -1;
    check.view.step_id = "setup";
    check.view.expected = "the world's clients connected and in their rooms";
    check.view.where = scenario_.world.mark.to_string();
    check.view.started_s = seconds(last_tick_ns_);
    check.custom = [wanted](const MeasureContext& context) {
      Measure measure;
      measure.measured = setup_measure(wanted, context.status, &measure.holds);
      return measure;
    };
    check.end_ns = last_tick_ns_ + std::chrono::nanoseconds(kSetupWithin).count();
    setup_checks_.push_back(checks_.size());
    checks_.push_back(std::move(check));
  }
  PlayerEvent ready;
  ready.kind = PlayerEvent::Kind::kWorldReady;
  ready.world_s = seconds(last_tick_ns_);
  emit_(ready);
  return true;
}

void Player::Run::stop() {
  if (world_) world_->stop();
}

bool Player::Run::tick(const Pace& pace) {
  if (!world_ || finished_) return false;
  const int64_t now_ns = adapter::monotonic_ns();
  if (pace.playing && !fast_forwarding()) {
    clock_ms_ += static_cast<double>(now_ns - last_tick_ns_) / 1e6 * pace.speed;
  }
  last_tick_ns_ = now_ns;
  observations_->record_status(*world_->status());
  take_outcomes();
  tell_progress(now_ns);
  update_checks(now_ns);
  close_steps(now_ns);
  const bool advanced = start_next(pace, now_ns);
  const bool steps_over =
      (stop_after_ >= 0 && steps_[static_cast<size_t>(stop_after_)].state == StepState::kDone) ||
      (!steps_.empty() && steps_.back().state == StepState::kDone);
  if (steps_over && !final_started_) {
    final_started_ = true;
    if (stop_after_ < 0) start_final_checks(now_ns);
  }
  if (final_started_ && all_decided(final_checks_) && !finished_) {
    finished_ = true;
    PlayerEvent done;
    done.kind = PlayerEvent::Kind::kFinished;
    done.world_s = seconds(now_ns);
    emit_(done);
  }
  return advanced;
}

void Player::Run::take_outcomes() {
  for (auto& outcome : world_->outcomes_since(last_outcome_)) {
    last_outcome_ = std::max(last_outcome_, outcome.id);
    auto owner = command_step_.find(outcome.id);
    if (owner == command_step_.end()) continue;  // a command from elsewhere (the GUI's bar)
    const int step = owner->second;
    PlayerEvent told;
    told.kind = PlayerEvent::Kind::kCommandDone;
    told.step = step;
    told.world_s = seconds(outcome.t_ns);
    told.outcome = outcome;
    emit_(told);
    if (step < 0) {
      ++setup_outcomes_;
    } else {
      StepRun& owner_step = steps_[static_cast<size_t>(step)];
      ++owner_step.outcomes;
      owner_step.outcome_texts.push_back((outcome.ok ? "" : "failed: ") + outcome.command + ": " +
                                         outcome.message);
    }
    if (outcome.ok) continue;
    // A command that could not be carried out fails the step at once.
    CheckRun check;
    check.view.step = step;
    check.view.step_id = step < 0 ? "setup" : scenario_.steps[static_cast<size_t>(step)].id;
    check.view.expected = "'" + outcome.command + "' carried out";
    check.view.measured = outcome.message;
    check.view.started_s = seconds(outcome.t_ns);
    if (step >= 0) {
      const Step& source = scenario_.steps[static_cast<size_t>(step)];
      for (size_t i = 0; i < source.commands.size(); ++i) {
        if (sim::describe(source.commands[i]) == outcome.command) {
          check.view.where = source.command_marks[i].to_string();
        }
      }
    } else {
      check.view.where = scenario_.world.mark.to_string();
    }
    const size_t index = checks_.size();
    checks_.push_back(std::move(check));
    (step < 0 ? setup_checks_ : steps_[static_cast<size_t>(step)].checks).push_back(index);
    decide(checks_[index], false, outcome.t_ns);
  }
}

void Player::Run::tell_progress(int64_t now_ns) {
  const sim::CommandProgress progress = world_->status()->progress;
  if (progress.command.empty() || progress.total == 0) return;
  const uint64_t tenth = std::min<uint64_t>(10, progress.done * 10 / progress.total);
  const bool same = progress.command == progress_command_;
  if ((same && tenth == progress_tenth_) || (!same && tenth == 10)) return;
  progress_command_ = progress.command;
  progress_tenth_ = tenth;
  PlayerEvent told;
  told.kind = PlayerEvent::Kind::kProgress;
  told.step = current_;
  told.world_s = seconds(now_ns);
  told.text = progress.command + ": " + std::to_string(tenth * 10) + "% (" +
              std::to_string(progress.done) + " of " + std::to_string(progress.total) + ")";
  emit_(told);
}

void Player::Run::update_checks(int64_t now_ns) {
  std::shared_ptr<const sim::WorldStatus> status = world_->status();
  std::map<std::string, std::pair<int64_t, int64_t>> step_spans;
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (steps_[i].state == StepState::kDone) {
      step_spans[scenario_.steps[i].id] = {steps_[i].started_ns, steps_[i].done_ns};
    }
  }
  for (auto& check : checks_) {
    if (check.view.state != CheckState::kChecking) continue;
    const MeasureContext context{*observations_, *status,
                                 check.from_ns,  std::min(now_ns, check.end_ns),
                                 &step_spans,    check.baseline.get()};
    const Measure found =
        check.custom ? check.custom(context) : measure(*check.expectation, context);
    check.view.measured = found.measured;
    const bool window_over = now_ns >= check.end_ns;
    if (check.throughout) {
      if (!found.holds || window_over) decide(check, found.holds, now_ns);
    } else if (found.holds && (!check.count || check.early)) {
      decide(check, true, now_ns);
    } else if (window_over) {
      decide(check, found.holds, now_ns);
    }
  }
}

void Player::Run::decide(CheckRun& check, bool passed, int64_t now_ns) {
  check.view.state = passed ? CheckState::kPassed : CheckState::kFailed;
  check.view.decided_s = seconds(now_ns);
  PlayerEvent decided;
  decided.kind = PlayerEvent::Kind::kCheckDecided;
  decided.step = check.view.step;
  decided.world_s = check.view.decided_s;
  decided.check = check.view;
  emit_(decided);
}

bool Player::Run::all_decided(const std::vector<size_t>& checks) const {
  return std::all_of(checks.begin(), checks.end(), [&](size_t index) {
    return checks_[index].view.state != CheckState::kChecking;
  });
}

void Player::Run::close_steps(int64_t now_ns) {
  if (!setup_done_ && setup_outcomes_ == setup_commands_ && all_decided(setup_checks_)) {
    setup_done_ = true;
    setup_done_clock_ms_ = clock_ms_;
  }
  if (current_ < 0) return;
  StepRun& step = steps_[static_cast<size_t>(current_)];
  if (step.state != StepState::kRunning) return;
  const Step& source = scenario_.steps[static_cast<size_t>(current_)];
  const bool waited = step.fast_forwarded ||
                      clock_ms_ >= step.started_clock_ms + static_cast<double>(source.wait.count());
  if (step.outcomes < step.commands || !all_decided(step.checks) || !waited) return;
  step.state = StepState::kDone;
  step.done_clock_ms = clock_ms_;
  step.done_ns = now_ns;
  if (question_step_ == current_ && question_ == QuestionState::kAsking) reveal_question(now_ns);
}

void Player::Run::tell_class(sim::command::AskClass::Action action) {
  sim::command::AskClass ask;
  ask.action = action;
  if (action == sim::command::AskClass::Action::kOpen) {
    const Step& step = scenario_.steps[static_cast<size_t>(question_step_)];
    const Question& question = *step.question;
    auto text = [](const Text& text) { return sim::ClassText{text.en, text.ko}; };
    ask.question.id = step.id;
    ask.question.text = text(question.text);
    for (const Text& choice : question.choices)
      ask.question.choices.push_back(text(choice));
    ask.question.answer = question.answer;
    ask.question.explanation = text(question.explanation);
  }
  // Not one of the step's commands: what it says is for the class, not a check of the lesson.
  world_->submit(std::move(ask));
}

void Player::Run::ask_question(size_t index, int64_t now_ns) {
  question_step_ = static_cast<int>(index);
  question_ = QuestionState::kAsking;
  tell_class(sim::command::AskClass::Action::kOpen);
  PlayerEvent asked;
  asked.kind = PlayerEvent::Kind::kQuestionAsked;
  asked.step = question_step_;
  asked.world_s = seconds(now_ns);
  emit_(asked);
}

void Player::Run::reveal_question(int64_t now_ns) {
  question_ = QuestionState::kRevealed;
  tell_class(sim::command::AskClass::Action::kReveal);
  PlayerEvent revealed;
  revealed.kind = PlayerEvent::Kind::kQuestionRevealed;
  revealed.step = question_step_;
  revealed.world_s = seconds(now_ns);
  emit_(revealed);
}

double Player::Run::next_due_ms() const {
  const size_t next = static_cast<size_t>(current_ + 1);
  if (next >= steps_.size()) return -1;
  const Step& source = scenario_.steps[next];
  if (source.at) return static_cast<double>(source.at->count());
  const double previous_done =
      current_ < 0 ? setup_done_clock_ms_ : steps_[static_cast<size_t>(current_)].done_clock_ms;
  if (previous_done < 0) return -1;
  return previous_done + static_cast<double>(source.after.value_or(scenario_.pace).count());
}

bool Player::Run::start_next(const Pace& pace, int64_t now_ns) {
  if (!setup_done_) return false;
  if (current_ >= 0 && steps_[static_cast<size_t>(current_)].state != StepState::kDone) {
    return false;
  }
  if (stop_after_ >= 0 && current_ >= stop_after_) return false;
  const size_t next = static_cast<size_t>(current_ + 1);
  if (next >= steps_.size()) return false;
  const double due = next_due_ms();
  const bool fast = target_ >= 0 && static_cast<int>(next) <= target_;
  // A question asked holds its step until Continue; an answer shown holds the step after it.
  const bool holding =
      options_.ask_questions && question_step_ >= 0 &&
      ((question_ == QuestionState::kAsking && question_step_ == static_cast<int>(next)) ||
       (question_ == QuestionState::kRevealed && question_step_ == current_));
  if (holding && !fast) {
    if (!pace.advance) return false;
    if (question_ == QuestionState::kAsking) {
      start_step(next, now_ns, false);
      return true;
    }
  }
  if (!fast && !pace.advance && !(pace.playing && clock_ms_ >= due)) return false;
  // Skipping a pause moves the clock on, so that later `at` times keep their meaning.
  clock_ms_ = std::max(clock_ms_, due);
  // On the way to an opened step, the steps before it skip their questions.
  const bool passing = fast && static_cast<int>(next) != target_;
  if (scenario_.steps[next].question && !passing) {
    ask_question(next, now_ns);
    if (static_cast<int>(next) == target_) target_ = -1;
    if (options_.ask_questions) return pace.advance && !fast;
  }
  start_step(next, now_ns, fast);
  if (static_cast<int>(next) == target_) target_ = -1;
  return pace.advance && !fast;
}

void Player::Run::start_step(size_t index, int64_t now_ns, bool fast) {
  const Step& source = scenario_.steps[index];
  StepRun& step = steps_[index];
  step.state = StepState::kRunning;
  step.started_clock_ms = clock_ms_;
  step.started_ns = now_ns;
  step.fast_forwarded = fast && static_cast<int>(index) != target_;
  current_ = static_cast<int>(index);
  if (question_step_ == current_) {
    tell_class(sim::command::AskClass::Action::kClose);  // the step plays: no more votes
  } else if (question_step_ >= 0) {
    // An answer on show leaves the screen (and the students' pages) when the next step starts.
    tell_class(sim::command::AskClass::Action::kClear);
    question_step_ = -1;
    question_ = QuestionState::kNone;
  }
  PlayerEvent started;
  started.kind = PlayerEvent::Kind::kStepStarted;
  started.step = current_;
  started.world_s = seconds(now_ns);
  emit_(started);
  for (const auto& command : source.commands) {
    command_step_[world_->submit(command)] = current_;
    ++step.commands;
  }
  for (const auto& expectation : source.expectations)
    step.checks.push_back(add_check(current_, &expectation, now_ns, false));
}

size_t Player::Run::add_check(int step, const Expectation* expectation, int64_t now_ns,
                              bool final_check) {
  CheckRun check;
  check.view.step = step;
  check.view.step_id = final_check ? "end" : scenario_.steps[static_cast<size_t>(step)].id;
  check.view.id = expectation->id;
  check.view.expected = expectation->describe();
  check.view.where = expectation->mark.to_string();
  check.view.started_s = seconds(now_ns);
  check.expectation = expectation;
  check.count = expectation->is_count();
  check.early = passes_early(*expectation);
  check.throughout = expectation->throughout;
  // The final counts cover the whole run; every other window starts with its step.
  check.from_ns = final_check && check.count ? t0_ns_ : now_ns;
  check.end_ns = now_ns + std::chrono::nanoseconds(expectation->window).count();
  check.baseline = world_->status();
  checks_.push_back(std::move(check));
  return checks_.size() - 1;
}

void Player::Run::start_final_checks(int64_t now_ns) {
  const int end = static_cast<int>(scenario_.steps.size());
  for (const auto& expectation : scenario_.final_checks)
    final_checks_.push_back(add_check(end, &expectation, now_ns, true));
}

void Player::Run::fill(PlayerView& view) const {
  const int64_t now_ns = adapter::monotonic_ns();
  view.current_step = current_;
  view.step_count = static_cast<int>(steps_.size());
  view.target_step = target_;
  view.clock_s = clock_ms_ / 1000;
  view.world_s = world_ ? seconds(now_ns) : 0;
  view.world_started_ns = t0_ns_;
  const double due = next_due_ms();
  view.next_step_in_s = due < 0 ? -1 : std::max(0.0, (due - clock_ms_) / 1000);
  view.question_step = question_step_;
  view.question = question_;
  view.steps.clear();
  for (size_t i = 0; i < steps_.size(); ++i) {
    const Step& source = scenario_.steps[i];
    StepView step;
    step.id = source.id;
    step.caption = source.caption;
    for (const auto& command : source.commands)
      step.commands.push_back(sim::describe(command));
    step.outcomes = steps_[i].outcome_texts;
    step.state = steps_[i].state;
    step.started_s = steps_[i].started_ns ? seconds(steps_[i].started_ns) : -1;
    step.done_s = steps_[i].done_ns ? seconds(steps_[i].done_ns) : -1;
    step.fast_forwarded = steps_[i].fast_forwarded;
    view.steps.push_back(std::move(step));
  }
  view.checks.clear();
  view.passed = view.failed = view.checking = 0;
  for (const auto& check : checks_) {
    view.checks.push_back(check.view);
    switch (check.view.state) {
      case CheckState::kPassed:
        ++view.passed;
        break;
      case CheckState::kFailed:
        ++view.failed;
        break;
      case CheckState::kChecking:
        ++view.checking;
        break;
    }
  }
}

}  // namespace scaleout::scenarios
