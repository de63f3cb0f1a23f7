// LessonHost: a lesson's player for the window, and the switch from one lesson to another.
#include "app/lesson_host.hpp"

#include "app/gui_app.hpp"
#include "scaleout/scenarios/parse.hpp"

namespace scaleout::gui {

LessonHost::~LessonHost() {
  finish_switch();
  if (player_) player_->stop();
}

void LessonHost::finish_switch() {
  if (switching_.joinable()) switching_.join();
}

bool LessonHost::open(const std::string& path, bool paused, const std::string& step_id,
                      std::string* error) {
  auto parsed = scenarios::load_scenario(path);
  if (!parsed) {
    if (error) *error = parsed.error().message();
    return false;
  }
  scenarios::PlayerOptions options;
  options.autoplay = !paused;
  options.open_at = step_id;
  options.ask_questions = ask_questions_;
  options.prepare_world = prepare_world_;
  // On the player thread, before each new world starts: its events are a new generation.
  options.on_world = [this](sim::World& world) {
    feed_.begin_world();
    world.add_trace_sink(&feed_);
  };
  options.on_event = [](const scenarios::PlayerEvent&) { wake_frame_loop(); };
  auto next = std::make_shared<scenarios::Player>(std::move(*parsed), options);

  finish_switch();
  std::shared_ptr<scenarios::Player> previous = std::move(player_);
  player_ = next;
  path_ = path;
  switching_ = std::thread([previous, next] {
    if (previous) previous->stop();
    next->start();
  });
  return true;
}

void LessonHost::control(const LessonControls& controls) {
  if (!player_) return;
  if (controls.toggle_play) player_->toggle_play();
  if (controls.next) player_->next();
  if (controls.back) player_->back();
  if (controls.restart) player_->restart();
  if (controls.open_step) player_->open_index(*controls.open_step);
  if (controls.speed) player_->set_speed(*controls.speed);
}

std::shared_ptr<const scenarios::PlayerView> LessonHost::view() const {
  return player_ ? player_->view() : nullptr;
}

std::shared_ptr<sim::World> LessonHost::world() const {
  return player_ ? player_->world() : nullptr;
}

}  // namespace scaleout::gui
