// Ctrl-C and SIGTERM handling for the long-running commands: the signals are blocked in every
// thread (call block_stop_signals() before starting any), and the main thread waits for one.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace scaleout::cli {

void block_stop_signals();
// Waits until SIGINT or SIGTERM arrives, calling `tick` every `period` meanwhile. Returns the
// signal number.
int wait_for_stop_signal(std::chrono::milliseconds period = std::chrono::milliseconds(1000),
                         const std::function<void()>& tick = {});
// The same, but returns 0 as soon as `done` (asked every `period`) says the work is over.
int wait_for_stop_signal_or(std::chrono::milliseconds period, const std::function<bool()>& done);

// For a main thread that is busy (a window's frame loop): a thread that waits for SIGINT or
// SIGTERM, sets `stopped()` and calls `on_stop` (which must be safe from another thread). It
// ends when the signal comes or when it is destroyed. Call block_stop_signals() first.
class StopSignalWatcher {
 public:
  explicit StopSignalWatcher(std::function<void()> on_stop);
  ~StopSignalWatcher();
  const std::atomic<bool>& stopped() const { return stopped_; }
  int signal() const { return signal_; }

 private:
  std::atomic<bool> stopped_{false};
  std::atomic<bool> done_{false};
  std::atomic<int> signal_{0};
  std::thread thread_;
};

}  // namespace scaleout::cli
