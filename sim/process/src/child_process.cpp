// ChildProcess: fork + exec with the death signal set, waiting, stopping and reaping.
//
// Everything the child needs is prepared before fork() (paths, argv pointers, descriptors): the
// parent may have other threads, so between fork and exec the child calls only
// async-signal-safe functions. An exec failure comes back to the parent through a close-on-exec
// pipe, so the constructor either returns a running child or throws.
#include "scaleout/process/child_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>
#include <thread>
#include <utility>

namespace scaleout::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::string errno_text(int error) {
  return std::generic_category().message(error);
}

// The step of the child's set-up that failed, reported to the parent with its errno.
enum ChildStep : int { kStepDeathSignal, kStepProcessGroup, kStepRedirect, kStepChdir, kStepExec };

struct ChildFailure {
  int step;
  int error;
};

const char* step_name(int step) {
  switch (step) {
    case kStepDeathSignal:
      return "prctl(PR_SET_PDEATHSIG)";
    case kStepProcessGroup:
      return "setpgid";
    case kStepRedirect:
      return "redirecting stdout and stderr";
    case kStepChdir:
      return "chdir";
    default:
      return "exec";
  }
}

// A descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Opens `path` close-on-exec at a descriptor above 2, so that dup2 onto 0, 1 and 2 in the child
// always makes a new descriptor (dup2(fd, fd) would keep the close-on-exec flag).
Fd open_above_stdio(const std::string& path, int flags, const std::string& what) {
  Fd opened(::open(path.c_str(), flags | O_CLOEXEC, 0600));
  if (opened.get() < 0) {
    const int error = errno;
    throw SpawnError("cannot open " + what + " " + path + ": " + errno_text(error), error);
  }
  if (opened.get() > 2) return opened;
  Fd moved(::fcntl(opened.get(), F_DUPFD_CLOEXEC, 3));
  if (moved.get() < 0) {
    const int error = errno;
    throw SpawnError("cannot open " + what + " " + path + ": " + errno_text(error), error);
  }
  return moved;
}

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

// The path execvp would run, found before fork because execvp's search is not async-signal-safe.
// A name with a slash is taken as it is; exec then reports what is wrong with it.
std::string find_executable(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path_variable = std::getenv("PATH");
  const std::string path = path_variable ? path_variable : "/usr/local/bin:/usr/bin:/bin";
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find(':', begin);
    if (end == std::string::npos) end = path.size();
    const std::string dir = end > begin ? path.substr(begin, end - begin) : ".";
    if (std::string candidate = dir + "/" + name; is_executable_file(candidate)) return candidate;
    begin = end + 1;
  }
  throw SpawnError("cannot start " + name + ": not found in PATH", ENOENT);
}

// What the child runs between fork and exec, all prepared by the parent.
struct ExecPlan {
  const char* path;
  char* const* argv;
  const char* working_directory;  // nullptr: keep the parent's
  int stdin_fd;
  int output_fd;
  int report_fd;  // write end of the close-on-exec pipe that reports a failure
  int max_fd;
  pid_t parent;
  bool own_group;
};

[[noreturn]] void report_and_exit(const ExecPlan& plan, int step) {
  const ChildFailure failure{step, errno};
  [[maybe_unused]] ssize_t ignored = ::write(plan.report_fd, &failure, sizeof failure);
  ::_exit(127);
}

[[noreturn]] void run_child(const ExecPlan& plan) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) report_and_exit(plan, kStepDeathSignal);
  // The parent may have died before prctl: then no death signal will ever come.
  if (::getppid() != plan.parent) ::_exit(127);
  if (plan.own_group && ::setpgid(0, 0) != 0) report_and_exit(plan, kStepProcessGroup);

  // The signal mask and ignored signals survive exec: give the program a clean slate (the
  // parent blocks signals on some threads and ignores SIGPIPE).
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal = 1; signal < NSIG; ++signal)
    ::sigaction(signal, &default_action, nullptr);

  if (::dup2(plan.stdin_fd, 0) < 0 || ::dup2(plan.output_fd, 1) < 0 ||
      ::dup2(plan.output_fd, 2) < 0)
    report_and_exit(plan, kStepRedirect);
  // Descriptors the parent opened without O_CLOEXEC (Asio's sockets) must not leak into the
  // child: a listening socket kept open there would hold its port after the parent closed it.
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    for (int fd = 3; fd < plan.max_fd; ++fd)
      if (fd != plan.report_fd) ::close(fd);
  }
  if (plan.working_directory && ::chdir(plan.working_directory) != 0)
    report_and_exit(plan, kStepChdir);
  ::execv(plan.path, plan.argv);
  report_and_exit(plan, kStepExec);
}

int max_descriptor() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 65536;
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
}

}  // namespace

ChildProcess::ChildProcess(ChildProcessOptions options) {
  if (options.argv.empty()) throw SpawnError("cannot start a child process: empty argv", EINVAL);
  const std::string path = find_executable(options.argv[0]);
  std::vector<char*> argv;
  for (std::string& word : options.argv)
    argv.push_back(word.data());
  argv.push_back(nullptr);

  Fd stdin_fd = open_above_stdio("/dev/null", O_RDONLY, "stdin");
  log_path_ = options.log_path;
  Fd output_fd = log_path_.empty()
                     ? open_above_stdio("/dev/null", O_WRONLY, "output")
                     : open_above_stdio(log_path_, O_WRONLY | O_CREAT | O_APPEND, "log file");
  struct stat log_info {};
  if (::fstat(output_fd.get(), &log_info) == 0) log_start_ = log_info.st_size;

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    const int error = errno;
    throw SpawnError("cannot start " + options.argv[0] + ": pipe2: " + errno_text(error), error);
  }
  Fd report_read(pipe_fds[0]);
  Fd report_write(pipe_fds[1]);

  const ExecPlan plan{
      .path = path.c_str(),
      .argv = argv.data(),
      .working_directory =
          options.working_directory.empty() ? nullptr : options.working_directory.c_str(),
      .stdin_fd = stdin_fd.get(),
      .output_fd = output_fd.get(),
      .report_fd = report_write.get(),
      .max_fd = max_descriptor(),
      .parent = ::getpid(),
      .own_group = options.own_process_group,
  };
  const pid_t child = ::fork();
  if (child < 0) {
    const int error = errno;
    throw SpawnError("cannot start " + options.argv[0] + ": fork: " + errno_text(error), error);
  }
  if (child == 0) run_child(plan);

  pid_ = child;
  own_group_ = options.own_process_group;
  report_write.reset();
  // End of file: exec succeeded and closed the pipe. A full record: a step failed.
  ChildFailure failure{};
  ssize_t got;
  do {
    got = ::read(report_read.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failure)) {
    reap_blocking();
    throw SpawnError("cannot start " + options.argv[0] + ": " + step_name(failure.step) + ": " +
                         errno_text(failure.error),
                     failure.error);
  }
}

ChildProcess::~ChildProcess() {
  stop();
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, 0)),
      own_group_(other.own_group_),
      reaped_(other.reaped_),
      exit_status_(other.exit_status_),
      log_path_(std::move(other.log_path_)),
      log_start_(other.log_start_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, 0);
    own_group_ = other.own_group_;
    reaped_ = other.reaped_;
    exit_status_ = other.exit_status_;
    log_path_ = std::move(other.log_path_);
    log_start_ = other.log_start_;
  }
  return *this;
}

bool ChildProcess::running() const {
  if (pid_ == 0 || reaped_) return false;
  // WNOWAIT: look without reaping, so that this can stay const and the status is kept.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return false;  // ECHILD: somebody else reaped it
  return info.si_pid == 0;
}

bool ChildProcess::signal(int signal) const {
  return running() && ::kill(pid_, signal) == 0;
}

void ChildProcess::signal_group(int signal) const noexcept {
  ::kill(own_group_ ? -pid_ : pid_, signal);
}

bool ChildProcess::wait_exit(milliseconds timeout) {
  if (pid_ == 0 || reaped_) return true;
  const auto deadline = steady_clock::now() + timeout;
  auto pause = milliseconds(1);
  for (;;) {
    int status = 0;
    const pid_t got = ::waitpid(pid_, &status, WNOHANG);
    if (got == pid_) {
      reaped_ = true;
      exit_status_ = status;
      return true;
    }
    if (got < 0 && errno != EINTR) {  // ECHILD: reaped by somebody else
      reaped_ = true;
      return true;
    }
    const auto now = steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, milliseconds(10));
  }
}

void ChildProcess::reap_blocking() noexcept {
  int status = 0;
  pid_t got;
  do {
    got = ::waitpid(pid_, &status, 0);
  } while (got < 0 && errno == EINTR);
  reaped_ = true;
  if (got == pid_) exit_status_ = status;
}

void ChildProcess::stop(milliseconds grace) noexcept {
  if (pid_ == 0 || reaped_) return;
  if (running()) {
    signal_group(SIGTERM);
    signal_group(SIGCONT);  // a stopped process acts on SIGTERM only once continued
  }
  if (wait_exit(grace)) return;
  kill();
}

void ChildProcess::kill() noexcept {
  if (pid_ == 0 || reaped_) return;
  signal_group(SIGKILL);
  reap_blocking();
}

ChildProcess::Readiness ChildProcess::wait_ready(const std::function<bool()>& probe,
                                                 milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  for (;;) {
    if (!running()) {
      wait_exit(milliseconds(0));
      return Readiness::kExited;
    }
    if (probe()) return Readiness::kReady;
    const auto now = steady_clock::now();
    if (now >= deadline) return Readiness::kTimedOut;
    std::this_thread::sleep_for(std::min<steady_clock::duration>(milliseconds(10), deadline - now));
  }
}

std::string ChildProcess::log_tail(size_t max_lines) const {
  if (max_lines == 0) return {};
  constexpr long long kMaxBytes = 16LL * 1024;
  std::ifstream log(log_path_, std::ios::binary | std::ios::ate);
  if (!log) return {};
  const long long size = log.tellg();
  const long long begin = std::max(log_start_, size - kMaxBytes);
  if (size <= begin) return {};
  std::string text(static_cast<size_t>(size - begin), '\0');
  log.seekg(begin);
  log.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(log.gcount()));
  if (begin > log_start_) text.erase(0, text.find('\n') + 1);  // drop a partial first line

  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  size_t start = text.size();
  size_t lines = 0;
  while (start > 0) {
    const size_t newline = text.rfind('\n', start - 1);
    if (newline == std::string::npos) {
      start = 0;
    } else if (++lines == max_lines) {
      start = newline + 1;
      break;
    } else {
      start = newline;
    }
  }
  return text.substr(start);
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    const char* name = ::sigabbrev_np(signal);
    return "killed by signal " + std::to_string(signal) +
           (name ? std::string(" (SIG") + name + ")" : std::string());
  }
  return "wait status " + std::to_string(status);
}

}  // namespace scaleout::sim
