// ReplaySource: a recording (trace files of a cluster, or of several `scaleout serve` processes,
// merged by time) played into the window at real speed or faster/slower. The playback clock
// starts at the first event; each frame pump() hands the window every event the clock has passed.
// It lives on the GUI thread; there is no world behind it, so the window's controls are off.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "model/event_feed.hpp"
#include "scaleout/sim/trace_file.hpp"

namespace scaleout::gui {

class ReplaySource {
 public:
  // Throws std::runtime_error naming the file and line of anything that is not a trace event.
  explicit ReplaySource(const std::vector<std::string>& paths);

  // Moves the playback clock to `now` (real time) and feeds the events it passed.
  void pump(EventFeed& feed, std::chrono::steady_clock::time_point now);

  // Starts playing at this many seconds after the first event: everything before it is handed
  // over at the first pump, at once.
  void start_at(double seconds);
  void set_speed(double speed);
  double speed() const { return speed_; }
  void set_paused(bool paused);
  bool paused() const { return paused_; }

  // The playback clock, in trace time.
  int64_t now_ns() const { return playback_ns_; }
  int64_t first_ns() const { return first_ns_; }
  int64_t last_ns() const { return last_ns_; }
  bool finished() const { return next_ == contents_.events.size(); }
  size_t events() const { return contents_.events.size(); }
  const std::string& name() const { return name_; }

 private:
  sim::TraceFileContents contents_;
  std::string name_;
  size_t next_ = 0;
  int64_t first_ns_ = 0;
  int64_t last_ns_ = 0;
  int64_t playback_ns_ = 0;
  double speed_ = 1.0;
  bool paused_ = false;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_pump_;
};

}  // namespace scaleout::gui
