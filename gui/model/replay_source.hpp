// ReplaySource: a recording — trace files of a cluster, or of several `scaleout serve` processes
// merged by time — loaded whole into the view model, which then shows it from its first moment
// (or any other) and plays it on a PlaybackClock. There is no world behind it, so the window's
// controls that act on a world are off.
#pragma once

#include <string>
#include <vector>

#include "model/view_model.hpp"
#include "scaleout/trace/trace_file.hpp"

namespace scaleout::gui {

class ReplaySource {
 public:
  // Throws std::runtime_error naming the file and line of anything that is not a trace event.
  explicit ReplaySource(const std::vector<std::string>& paths);

  // Stores every event in `model` (building its checkpoints) and frees the file's copy.
  void load_into(ViewModel& model);

  int64_t first_ns() const { return first_ns_; }
  int64_t last_ns() const { return last_ns_; }
  size_t events() const { return events_; }
  const std::string& name() const { return name_; }

 private:
  sim::TraceFileContents contents_;
  std::string name_;
  size_t events_ = 0;
  int64_t first_ns_ = 0;
  int64_t last_ns_ = 0;
};

}  // namespace scaleout::gui
