// Ctrl-C and SIGTERM handling for the long-running commands: the signals are blocked in every
// thread (call block_stop_signals() before starting any), and the main thread waits for one.
#pragma once

#include <chrono>
#include <functional>

namespace scaleout::cli {

void block_stop_signals();
// Waits until SIGINT or SIGTERM arrives, calling `tick` every `period` meanwhile. Returns the
// signal number.
int wait_for_stop_signal(std::chrono::milliseconds period = std::chrono::milliseconds(1000),
                         const std::function<void()>& tick = {});
// The same, but returns 0 as soon as `done` (asked every `period`) says the work is over.
int wait_for_stop_signal_or(std::chrono::milliseconds period, const std::function<bool()>& done);

}  // namespace scaleout::cli
