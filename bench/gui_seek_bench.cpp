// gui_seek_bench: how long the window takes to show any moment of a long recording. It loads
// trace files as `scaleout gui --replay` does (building the view model's checkpoints), then asks
// for moments spread over the whole recording in a shuffled order (so that no seek profits from
// the one before) and prints the load time and the seek time's p50, p99 and max. The issue's
// target is under 100 ms for a recording of one million events; scripts/bench-gui reports it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include <CLI/CLI.hpp>

#include "model/replay_source.hpp"
#include "model/view_model.hpp"

namespace {

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Seek time of the GUI's view model over a recording (scripts/bench-gui runs it)"};
  std::vector<std::string> files;
  int seeks = 200;
  app.add_option("files", files, "Trace files (JSON lines), merged by time")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--seeks", seeks, "How many moments to show")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  using scaleout::gui::ViewModel;
  const auto load_start = std::chrono::steady_clock::now();
  scaleout::gui::ReplaySource replay(files);
  ViewModel model;
  replay.load_into(model);
  const double load_ms = milliseconds_since(load_start);

  std::vector<int64_t> moments;
  const int64_t span = replay.last_ns() - replay.first_ns();
  for (int i = 0; i < seeks; ++i)
    moments.push_back(replay.first_ns() + span * i / std::max(1, seeks - 1));
  std::shuffle(moments.begin(), moments.end(), std::mt19937(42));
  std::vector<double> times;
  size_t clients = 0;
  for (const int64_t moment : moments) {
    const auto start = std::chrono::steady_clock::now();
    model.show_moment(moment);
    times.push_back(milliseconds_since(start));
    clients += model.world().client_count();  // keeps the work observable
  }
  std::sort(times.begin(), times.end());
  auto at = [&](double q) { return times[std::min(times.size() - 1, size_t(q * times.size()))]; };
  std::printf(
      "seek over %zu events (%zu checkpoints): load %.0f ms; %d seeks: p50 %.2f ms, p99 %.2f ms, "
      "max %.2f ms (%zu clients seen)\n",
      replay.events(), model.checkpoints(), load_ms, seeks, at(0.5), at(0.99), times.back(),
      clients);
  return 0;
}
