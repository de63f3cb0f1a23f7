// ReplaySource: trace files read, merged and handed to the view model.
#include "model/replay_source.hpp"

#include <filesystem>

namespace scaleout::gui {

ReplaySource::ReplaySource(const std::vector<std::string>& paths)
    : contents_(sim::read_trace_files(paths)) {
  for (const auto& path : paths)
    name_ += (name_.empty() ? "" : ", ") + std::filesystem::path(path).filename().string();
  events_ = contents_.events.size();
  if (!contents_.events.empty()) {
    first_ns_ = contents_.events.front().t_ns;
    last_ns_ = contents_.events.back().t_ns;
  }
}

void ReplaySource::load_into(ViewModel& model) {
  EventBatch batch;
  batch.events = std::move(contents_.events);
  batch.names = std::move(contents_.names);
  model.apply(batch, 0, /*animate=*/false);
  model.show_moment(first_ns_);
  contents_ = {};
}

}  // namespace scaleout::gui
