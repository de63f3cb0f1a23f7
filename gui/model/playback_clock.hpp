// PlaybackClock: the moment a recording (or a live run's past) is shown at, in trace time. It
// moves at `speed` times real time while playing (0.1x to 10x), and stands still while paused or
// while the user drags the timeline.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace scaleout::gui {

class PlaybackClock {
 public:
  using Clock = std::chrono::steady_clock;

  // Moves the clock on to real time `now`; returns the moment it shows.
  int64_t tick(Clock::time_point now) {
    if (playing_ && started_) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_);
      t_ns_ += static_cast<int64_t>(static_cast<double>(elapsed.count()) * speed_);
    }
    started_ = true;
    last_ = now;
    return t_ns_;
  }
  void set(int64_t t_ns) { t_ns_ = t_ns; }
  int64_t now_ns() const { return t_ns_; }

  void set_playing(bool playing) { playing_ = playing; }
  bool playing() const { return playing_; }
  void set_speed(double speed) { speed_ = std::clamp(speed, 0.1, 10.0); }
  double speed() const { return speed_; }

 private:
  int64_t t_ns_ = 0;
  double speed_ = 1.0;
  bool playing_ = false;
  bool started_ = false;
  Clock::time_point last_;
};

}  // namespace scaleout::gui
