// A child process that cannot outlive us: fork + exec of an argv vector (no shell), its stdout
// and stderr appended to a log file whose tail goes into error messages, and always reaped.
//
// The child asks the kernel to SIGKILL it when its parent goes (PR_SET_PDEATHSIG), so it dies
// with us even when we are SIGKILLed and no destructor runs. Caveat: the kernel sends that signal
// when the *thread* that forked exits, not the process. Start children from a thread that lives as
// long as they should (the main thread); a child started from a short-lived worker thread is
// killed as soon as that thread ends.
//
// The child gets its own process group, so a terminal's Ctrl-C reaches only the parent, which
// stops its children itself (or dies, and the death signal does it).
//
// Not thread-safe: one owner starts, signals, waits and stops it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace scaleout::sim {

// Every member has an initializer so that callers can name only the ones they set
// ({.argv = {...}}) without GCC 12's missing-initializer warning.
struct ChildProcessOptions {
  std::vector<std::string> argv{};  // argv[0]: a path, or a name looked up in PATH
  std::string log_path{};           // stdout and stderr are appended here; empty: /dev/null
  std::string working_directory{};  // empty: the parent's
  bool own_process_group = true;
};

// The child could not be started. error_code() is the errno of the step that failed (ENOENT when
// the executable was not found, EACCES when it is not executable...).
class SpawnError : public std::runtime_error {
 public:
  SpawnError(const std::string& message, int error_code)
      : std::runtime_error(message), error_code_(error_code) {}
  int error_code() const { return error_code_; }

 private:
  int error_code_;
};

class ChildProcess {
 public:
  static constexpr std::chrono::milliseconds kDefaultGrace{2000};

  enum class Readiness { kReady, kExited, kTimedOut };

  ChildProcess() = default;  // no child
  // Starts the child now. Throws SpawnError if it cannot be started (exec failures included).
  explicit ChildProcess(ChildProcessOptions options);
  ~ChildProcess();  // stop()

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;  // stops the child it held first

  // 0 when there is no child (never started, or moved from). Stays set after the child is reaped.
  pid_t pid() const { return pid_; }
  // The child has not exited (a SIGSTOPped child is running).
  bool running() const;
  // kill(pid, signal). False when the child is not running.
  bool signal(int signal) const;
  // Waits up to `timeout` for the child to exit, and reaps it. False if it is still running.
  bool wait_exit(std::chrono::milliseconds timeout);
  // SIGTERM (and SIGCONT, in case it is stopped) to its process group, then SIGKILL after
  // `grace`. Always reaped when it returns.
  void stop(std::chrono::milliseconds grace = kDefaultGrace) noexcept;
  // SIGKILL to its process group, reaped when it returns.
  void kill() noexcept;
  // Its wait status once reaped (see describe_wait_status). Nothing while it runs, or when
  // somebody else reaped it (SIGCHLD ignored).
  std::optional<int> exit_status() const { return exit_status_; }

  // Calls `probe` every few milliseconds until it returns true (kReady), the child exits
  // (kExited; it is reaped) or `timeout` runs out (kTimedOut; the child is left running).
  Readiness wait_ready(const std::function<bool()>& probe, std::chrono::milliseconds timeout);

  // The last lines the child wrote to its log (this run only), for error messages.
  std::string log_tail(size_t max_lines = 20) const;
  const std::string& log_path() const { return log_path_; }

 private:
  void reap_blocking() noexcept;
  void signal_group(int signal) const noexcept;

  pid_t pid_ = 0;
  bool own_group_ = false;
  bool reaped_ = false;
  std::optional<int> exit_status_;
  std::string log_path_;
  long long log_start_ = 0;  // size of the log when this run started
};

// "exited with code 1", "killed by signal 9 (Killed)".
std::string describe_wait_status(int status);

}  // namespace scaleout::sim
