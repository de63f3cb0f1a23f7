// ReplaySource: a playback clock over events sorted by time.
#include "model/replay_source.hpp"

#include <algorithm>
#include <filesystem>

namespace scaleout::gui {

ReplaySource::ReplaySource(const std::vector<std::string>& paths)
    : contents_(sim::read_trace_files(paths)) {
  for (const auto& path : paths)
    name_ += (name_.empty() ? "" : ", ") + std::filesystem::path(path).filename().string();
  if (!contents_.events.empty()) {
    first_ns_ = contents_.events.front().t_ns;
    last_ns_ = contents_.events.back().t_ns;
  }
  playback_ns_ = first_ns_;
}

void ReplaySource::start_at(double seconds) {
  playback_ns_ = first_ns_ + static_cast<int64_t>(std::max(0.0, seconds) * 1e9);
}

void ReplaySource::set_speed(double speed) {
  speed_ = std::clamp(speed, 0.1, 10.0);
}

void ReplaySource::set_paused(bool paused) {
  paused_ = paused;
}

void ReplaySource::pump(EventFeed& feed, std::chrono::steady_clock::time_point now) {
  if (!started_) {
    started_ = true;
    last_pump_ = now;
  }
  if (!paused_) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_pump_);
    playback_ns_ += static_cast<int64_t>(static_cast<double>(elapsed.count()) * speed_);
  }
  last_pump_ = now;
  const size_t from = next_;
  while (next_ < contents_.events.size() && contents_.events[next_].t_ns <= playback_ns_)
    ++next_;
  if (next_ > from) {
    feed.push(std::span<const sim::TraceEvent>(contents_.events.data() + from, next_ - from),
              contents_.names);
  }
}

}  // namespace scaleout::gui
