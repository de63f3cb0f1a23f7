// Player: the controls and the view, and the player thread that owns the current Run. A control
// is a Request queued under the lock; the thread takes them each tick, rebuilds the Run for back,
// open and restart, ticks the Run, and publishes a fresh PlayerView.
#include "scaleout/scenarios/player.hpp"

#include <algorithm>

#include "player/run.hpp"
#include "scaleout/scenarios/compare.hpp"

namespace scaleout::scenarios {

struct Player::Request {
  enum class Kind { kPlay, kPause, kToggle, kNext, kBack, kOpen, kRestart, kSpeed };
  Kind kind;
  int step = -1;
  double speed = 1;
};

namespace {

constexpr double kMinSpeed = 0.1;
constexpr double kMaxSpeed = 10;

}  // namespace

const char* to_string(CheckState state) {
  switch (state) {
    case CheckState::kChecking:
      return "checking";
    case CheckState::kPassed:
      return "passed";
    case CheckState::kFailed:
      return "failed";
  }
  return "checking";
}

const char* to_string(PlayerPhase phase) {
  switch (phase) {
    case PlayerPhase::kStarting:
      return "starting";
    case PlayerPhase::kRunning:
      return "running";
    case PlayerPhase::kFinished:
      return "finished";
    case PlayerPhase::kFailed:
      return "failed";
  }
  return "starting";
}

const char* to_string(QuestionState state) {
  switch (state) {
    case QuestionState::kNone:
      return "none";
    case QuestionState::kAsking:
      return "asking";
    case QuestionState::kRevealed:
      return "revealed";
  }
  return "none";
}

std::string PlayerView::progress() const {
  return "step " + std::to_string(current_step + 1) + "/" + std::to_string(step_count);
}

Player::Player(Scenario scenario, PlayerOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)) {
  options_.speed = std::clamp(options_.speed, kMinSpeed, kMaxSpeed);
  auto view = std::make_shared<PlayerView>();
  view->step_count = static_cast<int>(scenario_.steps.size());
  view->speed = options_.speed;
  view->playing = options_.autoplay;
  view_ = std::move(view);
}

Player::~Player() {
  stop();
}

void Player::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run_thread(); });
}

void Player::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

namespace {

template <class Queue, class Item>
void push(std::mutex& mutex, std::condition_variable& changed, Queue& queue, Item item) {
  {
    std::lock_guard lock(mutex);
    queue.push_back(item);
  }
  changed.notify_all();
}

}  // namespace

void Player::play() {
  push(mutex_, changed_, requests_, Request{Request::Kind::kPlay});
}
void Player::pause() {
  push(mutex_, changed_, requests_, Request{Request::Kind::kPause});
}
void Player::toggle_play() {
  push(mutex_, changed_, requests_, Request{Request::Kind::kToggle});
}
void Player::next() {
  push(mutex_, changed_, requests_, Request{Request::Kind::kNext});
}
void Player::back() {
  push(mutex_, changed_, requests_, Request{Request::Kind::kBack});
}
void Player::open(const std::string& step_id) {
  const int step = scenario_.find_step(step_id);
  if (step >= 0) open_index(step);
}
void Player::open_index(int step) {
  if (step < 0 || step >= static_cast<int>(scenario_.steps.size())) return;
  push(mutex_, changed_, requests_, Request{Request::Kind::kOpen, step});
}
void Player::restart() {
  push(mutex_, changed_, requests_, Request{Request::Kind::kRestart});
}
void Player::set_speed(double speed) {
  push(mutex_, changed_, requests_, Request{Request::Kind::kSpeed, -1, speed});
}

std::shared_ptr<const PlayerView> Player::view() const {
  std::lock_guard lock(mutex_);
  return view_;
}

std::shared_ptr<sim::World> Player::world() const {
  std::lock_guard lock(mutex_);
  return world_;
}

std::shared_ptr<const Observations> Player::observations() const {
  std::lock_guard lock(mutex_);
  return observations_;
}

bool Player::wait_until_done(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] {
    return view_->phase == PlayerPhase::kFinished || view_->phase == PlayerPhase::kFailed;
  });
}

void Player::publish(const PlayerView& view) {
  auto copy = std::make_shared<PlayerView>(view);
  {
    std::lock_guard lock(mutex_);
    copy->version = view_->version + 1;
    view_ = std::move(copy);
  }
  changed_.notify_all();
}

void Player::update_compare(PlayerView& view, const Run& run) {
  if (!scenario_.compare || !run.observations()) return;
  const auto now = std::chrono::steady_clock::now();
  const bool finished = view.phase == PlayerPhase::kFinished;
  // Twice a second while it plays, and once more with the last figures.
  if (view.compare && now < next_compare_ && !(finished && !compared_finished_)) return;
  next_compare_ = now + std::chrono::milliseconds(500);
  compared_finished_ = finished;
  view.compare = std::make_shared<const CompareResult>(
      compare_runs(*scenario_.compare, scenario_, view, *run.observations()));
}

void Player::run_thread() {
  PlayerView view = *this->view();
  Pace pace{options_.autoplay, options_.speed, false};
  const int stop_after = scenario_.find_step(options_.stop_after);
  int target = scenario_.find_step(options_.open_at);
  std::unique_ptr<Run> run;
  bool rebuild = true;

  while (true) {
    std::vector<Request> requests;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      requests.swap(requests_);
    }
    // The step on show: the current one, or the one being fast-forwarded to.
    int shown = !run ? -1 : run->fast_forwarding() ? run->target() : run->current();
    for (const auto& request : requests) {
      switch (request.kind) {
        case Request::Kind::kPlay:
          pace.playing = true;
          break;
        case Request::Kind::kPause:
          pace.playing = false;
          break;
        case Request::Kind::kToggle:
          pace.playing = !pace.playing;
          break;
        case Request::Kind::kNext:
          pace.advance = true;
          break;
        case Request::Kind::kBack:
          pace.playing = false;
          pace.advance = false;
          target = shown = std::max(-1, shown - 1);  // -1: the world before the first step
          rebuild = true;
          break;
        case Request::Kind::kOpen:
          pace.advance = false;
          target = shown = request.step;
          rebuild = true;
          break;
        case Request::Kind::kRestart:
          pace.advance = false;
          target = shown = -1;
          rebuild = true;
          break;
        case Request::Kind::kSpeed:
          pace.speed = std::clamp(request.speed, kMinSpeed, kMaxSpeed);
          break;
      }
    }

    if (rebuild) {
      rebuild = false;
      view.phase = PlayerPhase::kStarting;
      view.playing = pace.playing;
      view.error.clear();
      view.compare.reset();
      publish(view);
      if (run) run->stop();
      {
        std::lock_guard lock(mutex_);
        world_.reset();
        observations_.reset();
      }
      run = std::make_unique<Run>(scenario_, options_, target, stop_after,
                                  [this](const PlayerEvent& event) {
                                    if (options_.on_event) options_.on_event(event);
                                  });
      target = -1;
      std::string error;
      const bool started = run->start(&error);
      ++view.world_generation;
      {
        std::lock_guard lock(mutex_);
        world_ = run->world();
        observations_ = run->observations();
      }
      view.phase = started ? PlayerPhase::kRunning : PlayerPhase::kFailed;
      view.error = error;
    }

    if (view.phase == PlayerPhase::kRunning || view.phase == PlayerPhase::kFinished) {
      if (run->tick(pace)) pace.advance = false;
      if (run->finished()) view.phase = PlayerPhase::kFinished;
    }
    // Nothing left to advance to: a Continue pressed at the end is dropped.
    if (view.phase == PlayerPhase::kFinished) pace.advance = false;
    run->fill(view);
    update_compare(view, *run);
    view.playing = pace.playing;
    view.speed = pace.speed;
    view.advance_requested = pace.advance;
    publish(view);

    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, options_.tick, [this] { return stopping_ || !requests_.empty(); });
  }
  if (run) run->stop();
}

}  // namespace scaleout::scenarios
