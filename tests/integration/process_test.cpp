// Child processes: ChildProcess (exec, logs, stop, death with the parent), RedisProcess and
// MemcachedProcess on real redis-server and memcached binaries.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "scaleout/base/loopback.hpp"
#include "scaleout/process/child_process.hpp"
#include "scaleout/process/memcached_process.hpp"
#include "scaleout/process/redis_process.hpp"

namespace scaleout::sim {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Polls `condition` until it holds or `timeout` runs out.
template <typename Condition>
bool eventually(Condition condition, milliseconds timeout = 5s) {
  const auto deadline = steady_clock::now() + timeout;
  while (!condition()) {
    if (steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

// The replies to `request` (RESP or memcached text), one line each.
std::vector<std::string> exchange(uint16_t port, const std::string& request, size_t lines) {
  return exchange_lines("127.0.0.1", port, request, lines, 2s).value_or(std::vector<std::string>{});
}

std::string start_error(RedisProcess& redis) {
  try {
    redis.start();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "(started)";
}

// A scratch directory for fake executables, removed at the end of the test.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "process-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : "";
  }
  ~ScratchDirectory() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  // Writes an executable shell script `name` and returns its path.
  std::string script(const std::string& name, const std::string& body) const {
    std::string path = path_ + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
  }

 private:
  std::string path_;
};

// ---- ChildProcess ----

TEST(ChildProcess, LogTailShowsWhatTheChildWroteAndItsExitCode) {
  ScratchDirectory scratch;
  const std::string log = scratch.path() + "/child.log";
  ChildProcess child(
      {.argv = {"sh", "-c", "echo to stdout; echo to stderr >&2; exit 3"}, .log_path = log});
  ASSERT_TRUE(child.wait_exit(5s));
  EXPECT_FALSE(child.running());
  ASSERT_TRUE(child.exit_status());
  EXPECT_EQ(describe_wait_status(*child.exit_status()), "exited with code 3");
  EXPECT_EQ(child.log_tail(), "to stdout\nto stderr");
  EXPECT_EQ(child.log_tail(1), "to stderr");
}

TEST(ChildProcess, MissingExecutableIsASpawnErrorWithEnoent) {
  try {
    ChildProcess child({.argv = {"scaleout-no-such-program"}});
    FAIL() << "started a program that does not exist";
  } catch (const SpawnError& error) {
    EXPECT_EQ(error.error_code(), ENOENT);
    EXPECT_NE(std::string(error.what()).find("scaleout-no-such-program"), std::string::npos);
  }
}

TEST(ChildProcess, StopSendsSigkillWhenSigtermIsIgnoredAndReaps) {
  ScratchDirectory scratch;
  const std::string log = scratch.path() + "/child.log";
  ChildProcess child(
      {.argv = {"sh", "-c", "trap '' TERM; echo ready; exec sleep 1000"}, .log_path = log});
  ASSERT_TRUE(eventually([&] { return child.log_tail() == "ready"; }));

  const auto before = steady_clock::now();
  child.stop(200ms);
  EXPECT_GE(steady_clock::now() - before, 200ms);
  ASSERT_TRUE(child.exit_status());
  EXPECT_TRUE(WIFSIGNALED(*child.exit_status()));
  EXPECT_EQ(WTERMSIG(*child.exit_status()), SIGKILL);
  // Reaped: no zombie left behind.
  EXPECT_EQ(::waitpid(child.pid(), nullptr, WNOHANG), -1);
  EXPECT_FALSE(process_exists(child.pid()));
}

TEST(ChildProcess, DoesNotKeepTheParentsListeningSocketOpen) {
  // A socket opened without close-on-exec, as Asio opens them.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  ChildProcess child({.argv = {"sleep", "1000"}});
  ::close(listener);

  const int again = ::socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  ::setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  EXPECT_EQ(::bind(again, reinterpret_cast<sockaddr*>(&address), length), 0)
      << "the port is still held: " << std::strerror(errno);
  ::close(again);
}

// What the intermediate parent reports about the children it started.
struct Report {
  pid_t redis;
  pid_t sleeper;
  char redis_directory[512];
};

TEST(ChildProcess, DiesWithItsParentEvenOnSigkill) {
  // Orphans are re-parented to us instead of init, so that we can reap them.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  struct NoLongerSubreaper {
    ~NoLongerSubreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 0); }
  } no_longer_subreaper;

  int report_pipe[2];
  ASSERT_EQ(::pipe2(report_pipe, O_CLOEXEC), 0);
  const pid_t parent = ::fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    // The intermediate parent: starts a redis-server and a sleep from its main thread, reports
    // them, and waits to be killed. It never returns into the test.
    try {
      RedisProcess redis;
      redis.start();
      ChildProcess sleeper({.argv = {"sleep", "1000"}});
      Report report{redis.pid(), sleeper.pid(), {}};
      std::strncpy(report.redis_directory, redis.directory().c_str(),
                   sizeof report.redis_directory - 1);
      if (::write(report_pipe[1], &report, sizeof report) != sizeof report) ::_exit(1);
      for (;;)
        ::pause();
    } catch (...) {
      ::_exit(1);
    }
  }
  ::close(report_pipe[1]);

  Report report{};
  pollfd readable{report_pipe[0], POLLIN, 0};
  ASSERT_EQ(::poll(&readable, 1, 10000), 1);
  ASSERT_EQ(::read(report_pipe[0], &report, sizeof report), static_cast<ssize_t>(sizeof report));
  ::close(report_pipe[0]);
  const std::string redis_directory = report.redis_directory;
  ASSERT_TRUE(process_exists(report.redis));
  ASSERT_TRUE(process_exists(report.sleeper));

  ASSERT_EQ(::kill(parent, SIGKILL), 0);
  ASSERT_EQ(::waitpid(parent, nullptr, 0), parent);

  for (const pid_t orphan : {report.redis, report.sleeper}) {
    int status = 0;
    const bool gone = eventually([&] { return ::waitpid(orphan, &status, WNOHANG) == orphan; }, 2s);
    EXPECT_TRUE(gone) << "pid " << orphan << " outlived its SIGKILLed parent";
    if (!gone) {
      ::kill(orphan, SIGKILL);
      ::waitpid(orphan, &status, 0);
    }
  }
  // Its RedisProcess never ran its destructor.
  std::filesystem::remove_all(redis_directory);
}

// ---- RedisProcess ----

TEST(RedisProcess, StartsOnAFreePortAndAnswersPing) {
  RedisProcess redis;
  redis.start();
  EXPECT_TRUE(redis.running());
  EXPECT_NE(redis.port(), 0);
  EXPECT_EQ(redis.url(), "redis://127.0.0.1:" + std::to_string(redis.port()));
  EXPECT_EQ(exchange(redis.port(), resp_command({"PING"}), 1), std::vector<std::string>{"+PONG"});
  EXPECT_TRUE(redis.ping());
}

TEST(RedisProcess, HasNoPersistenceByDefault) {
  RedisProcess redis;
  redis.start();
  EXPECT_EQ(exchange(redis.port(), resp_command({"CONFIG", "GET", "save"}), 5).back(), "");
  EXPECT_EQ(exchange(redis.port(), resp_command({"CONFIG", "GET", "appendonly"}), 5).back(), "no");
}

TEST(RedisProcess, RestartsOnTheSamePortAfterAKill) {
  RedisProcess redis;
  redis.start();
  const uint16_t port = redis.port();
  const pid_t first = redis.pid();

  redis.kill();
  EXPECT_FALSE(redis.running());
  EXPECT_FALSE(process_exists(first));
  EXPECT_FALSE(redis.ping(100ms));

  redis.restart();
  EXPECT_EQ(redis.port(), port);
  EXPECT_NE(redis.pid(), first);
  EXPECT_EQ(exchange(port, resp_command({"PING"}), 1), std::vector<std::string>{"+PONG"});
}

TEST(RedisProcess, RequiresThePasswordItWasGiven) {
  RedisProcess redis({.password = "s3cret pass"});
  redis.start();
  EXPECT_EQ(redis.url(), "redis://:s3cret%20pass@127.0.0.1:" + std::to_string(redis.port()));

  const auto check = [&] {
    EXPECT_TRUE(exchange(redis.port(), resp_command({"PING"}), 1).at(0).starts_with("-NOAUTH"));
    EXPECT_TRUE(
        exchange(redis.port(), resp_command({"AUTH", "wrong"}), 1).at(0).starts_with("-WRONGPASS"));
    EXPECT_EQ(
        exchange(redis.port(), resp_command({"AUTH", "s3cret pass"}) + resp_command({"PING"}), 2),
        (std::vector<std::string>{"+OK", "+PONG"}));
  };
  check();
  redis.kill();
  redis.restart();
  check();
}

TEST(RedisProcess, PauseStopsAnsweringAndResumeAnswersAgain) {
  RedisProcess redis;
  redis.start();
  redis.pause();
  EXPECT_TRUE(redis.running());
  EXPECT_FALSE(redis.ping(300ms));
  redis.resume();
  EXPECT_TRUE(eventually([&] { return redis.ping(); }));
}

TEST(RedisProcess, StopLeavesNoProcessAndDestructionRemovesItsDirectory) {
  std::string directory;
  pid_t pid = 0;
  {
    RedisProcess redis;
    redis.start();
    pid = redis.pid();
    directory = redis.directory();
    EXPECT_TRUE(std::filesystem::exists(directory + "/redis.log"));
    redis.pause();  // a paused server still stops
    redis.stop();
    EXPECT_FALSE(redis.running());
    EXPECT_FALSE(process_exists(pid));
  }
  EXPECT_FALSE(std::filesystem::exists(directory));
}

TEST(RedisProcess, MissingExecutableIsAClearError) {
  RedisProcess redis({.executable = "scaleout-no-such-redis-server"});
  EXPECT_EQ(start_error(redis),
            "scaleout-no-such-redis-server not found: install redis-server (scripts/setup does)");
}

TEST(RedisProcess, TakenPortIsAClearError) {
  const int holder = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  ASSERT_EQ(::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const uint16_t port = ntohs(address.sin_port);

  RedisProcess redis({.port = port});
  const std::string error = start_error(redis);
  ::close(holder);
  EXPECT_NE(
      error.find("cannot listen on 127.0.0.1:" + std::to_string(port) + ": the port is taken"),
      std::string::npos)
      << error;
  EXPECT_NE(error.find("Address already in use"), std::string::npos) << error;
  EXPECT_FALSE(redis.running());
}

TEST(RedisProcess, NotReadyInTimeIsAnErrorWithTheEndOfItsLog) {
  ScratchDirectory scratch;
  RedisProcess redis({.executable = scratch.script("fake-redis",
                                                   "echo hello from the fake\n"
                                                   "exec sleep 1000"),
                      .start_timeout = 300ms});
  const std::string error = start_error(redis);
  EXPECT_NE(error.find("redis-server did not become ready on 127.0.0.1:"), std::string::npos)
      << error;
  EXPECT_NE(error.find("within 300 ms"), std::string::npos) << error;
  EXPECT_NE(error.find("hello from the fake"), std::string::npos) << error;
  EXPECT_FALSE(redis.running());
  EXPECT_FALSE(process_exists(redis.pid()));
}

TEST(RedisProcess, ExitDuringStartIsAnErrorWithTheEndOfItsLog) {
  ScratchDirectory scratch;
  RedisProcess redis({.executable = scratch.script("crashing-redis", "echo boom; exit 4")});
  const std::string error = start_error(redis);
  EXPECT_NE(error.find("redis-server exited with code 4 while starting"), std::string::npos)
      << error;
  EXPECT_NE(error.find("boom"), std::string::npos) << error;
}

// ---- MemcachedProcess ----

TEST(MemcachedProcess, StartsAndAnswersVersion) {
  MemcachedProcess memcached;
  memcached.start();
  EXPECT_TRUE(memcached.running());
  EXPECT_NE(memcached.port(), 0);
  const std::vector<std::string> reply = exchange(memcached.port(), "version\r\n", 1);
  ASSERT_EQ(reply.size(), 1U);
  EXPECT_TRUE(reply[0].starts_with("VERSION ")) << reply[0];
}

TEST(MemcachedProcess, StartsAgainOnTheSamePortAfterAKill) {
  MemcachedProcess memcached({.threads = 1, .memory_mb = 8});
  memcached.start();
  const uint16_t port = memcached.port();
  const pid_t first = memcached.pid();
  memcached.kill();
  EXPECT_FALSE(process_exists(first));
  EXPECT_TRUE(exchange(port, "version\r\n", 1).empty());

  memcached.start();
  EXPECT_EQ(memcached.port(), port);
  EXPECT_EQ(exchange(port, "version\r\n", 1).size(), 1U);
  memcached.stop();
  EXPECT_FALSE(memcached.running());
}

}  // namespace
}  // namespace scaleout::sim
