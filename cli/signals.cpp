// Blocking and waiting for the stop signals.
#include "signals.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>

namespace scaleout::cli {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void block_stop_signals() {
  sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer that closes while we write must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_stop_signal(std::chrono::milliseconds period, const std::function<void()>& tick) {
  sigset_t set = stop_signals();
  timespec timeout{static_cast<time_t>(period.count() / 1000),
                   static_cast<long>((period.count() % 1000) * 1000000)};
  while (true) {
    int signal = sigtimedwait(&set, nullptr, &timeout);
    if (signal > 0) return signal;
    if (errno == EAGAIN && tick) tick();
  }
}

int wait_for_stop_signal_or(std::chrono::milliseconds period, const std::function<bool()>& done) {
  sigset_t set = stop_signals();
  timespec timeout{static_cast<time_t>(period.count() / 1000),
                   static_cast<long>((period.count() % 1000) * 1000000)};
  while (!done()) {
    int signal = sigtimedwait(&set, nullptr, &timeout);
    if (signal > 0) return signal;
  }
  return 0;
}

StopSignalWatcher::StopSignalWatcher(std::function<void()> on_stop) {
  thread_ = std::thread([this, on_stop = std::move(on_stop)] {
    sigset_t set = stop_signals();
    const timespec timeout{0, 200 * 1000000};
    while (!done_) {
      const int signal = sigtimedwait(&set, nullptr, &timeout);
      if (signal > 0) {
        signal_ = signal;
        stopped_ = true;
        on_stop();
        return;
      }
    }
  });
}

StopSignalWatcher::~StopSignalWatcher() {
  done_ = true;
  thread_.join();
}

}  // namespace scaleout::cli
