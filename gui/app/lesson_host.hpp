// LessonHost: the scenario player behind the window's lesson bar and Lesson panel. It owns the
// Player of the lesson on screen (scenarios/player.hpp), opens another lesson when the menu asks,
// hands the window's Continue / Back / play / speed to the player, and hooks every world the
// player builds to the window's EventFeed (a new feed generation each time, so that the view
// starts afresh exactly where the new world's events begin).
//
// Nothing here waits on a world: the player builds and runs worlds on its own thread, and a
// lesson being replaced is stopped on a thread of its own (which then starts the next one, so
// that the old world's last events cannot mix with the new world's).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "draw/ui_state.hpp"
#include "model/event_feed.hpp"
#include "scaleout/scenarios/player.hpp"

namespace scaleout::gui {

class LessonHost {
 public:
  explicit LessonHost(EventFeed& feed) : feed_(feed) {}
  ~LessonHost();
  LessonHost(const LessonHost&) = delete;
  LessonHost& operator=(const LessonHost&) = delete;

  // Parses `path` and starts playing it (paused when `paused`: the first step waits for Continue
  // or Play), at `step_id` when given. The lesson on screen, if any, is stopped. False with
  // `error` (file:line:column and what was expected) when the file is not a scenario.
  bool open(const std::string& path, bool paused, const std::string& step_id, std::string* error);

  // Whether a lesson's questions hold their steps until Continue (the default, for a class), or
  // are shown while the lesson plays on (set before open()).
  void set_ask_questions(bool ask) { ask_questions_ = ask; }
  // Changes the options of every world a lesson builds (classroom mode; set before open()).
  void set_prepare_world(std::function<void(sim::WorldOptions&)> prepare) {
    prepare_world_ = std::move(prepare);
  }

  // Carries out what the window asked for this frame.
  void control(const LessonControls& controls);

  bool has_lesson() const { return player_ != nullptr; }
  const scenarios::Scenario* scenario() const { return player_ ? &player_->scenario() : nullptr; }
  const std::string& path() const { return path_; }
  // The player's latest view (null before the player thread published one).
  std::shared_ptr<const scenarios::PlayerView> view() const;
  // The world the player runs now (null while one is being built).
  std::shared_ptr<sim::World> world() const;

 private:
  void finish_switch();

  EventFeed& feed_;
  bool ask_questions_ = true;
  std::function<void(sim::WorldOptions&)> prepare_world_;
  std::string path_;
  std::shared_ptr<scenarios::Player> player_;
  std::thread switching_;  // stops the old player, then starts the new one
};

}  // namespace scaleout::gui
