// RedisProcess: a real redis-server run as our child on a loopback port, for the world and for
// tests that kill, restart, pause and resume it to simulate faults.
//
// It never outlives us (see ChildProcess: start it from the main thread). It runs in a private
// temporary directory (--dir), removed on destruction, with no persistence unless asked for; its
// output goes to redis.log there, whose last lines are in every start-up error.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/process/child_process.hpp"

namespace scaleout::sim {

class PrivateDirectory;

// Every member has an initializer so that callers can name only the ones they set
// ({.password = "x"}) without GCC 12's missing-initializer warning.
struct RedisProcessOptions {
  std::string executable = "redis-server";
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;         // 0: pick a free loopback port
  std::string password{};    // empty: none; otherwise --requirepass
  bool persistence = false;  // false: --save "" --appendonly no
  // Appended last, so they override ours; they must leave --port, --bind, --dir and the CONFIG
  // command alone, which the readiness check relies on.
  std::vector<std::string> extra_args{};
  std::chrono::milliseconds start_timeout{5000};
};

class RedisProcess {
 public:
  explicit RedisProcess(RedisProcessOptions options = {});  // does not start
  ~RedisProcess();                                          // stop(), then removes its directory
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;

  // Starts it and returns once it answers PING. Does nothing if it is running. After a stop or a
  // kill it starts again on the same port. Throws std::runtime_error with a message saying what
  // went wrong: not installed, port taken, exited, or not ready in time, with the end of its log.
  void start();
  // SIGTERM (a SHUTDOWN: saves first only with persistence), SIGKILL if it has not gone within
  // a few seconds. Reaped when it returns.
  void stop();
  // SIGKILL, reaped when it returns: a crash.
  void kill();
  // stop() if running, then start() on the same port with the same password.
  void restart();
  // SIGSTOP / SIGCONT: a server that hangs (connections are accepted, nothing answers).
  void pause();
  void resume();

  bool running() const { return process_.running(); }
  pid_t pid() const { return process_.pid(); }
  uint16_t port() const { return port_; }  // 0 until the first start()
  const std::string& host() const { return options_.bind_address; }
  const std::string& password() const { return options_.password; }
  std::string url() const;  // redis://[:password@]127.0.0.1:port
  // Its working directory (--dir), where redis.log, dump.rdb and the AOF go.
  const std::string& directory() const;
  // Whether it answers PING (after AUTH when it has a password) within `timeout`.
  bool ping(std::chrono::milliseconds timeout = std::chrono::milliseconds(500)) const;

 private:
  std::vector<std::string> arguments(uint16_t port) const;
  bool ready_on(uint16_t port) const;

  RedisProcessOptions options_;
  std::unique_ptr<PrivateDirectory> directory_;
  uint16_t port_ = 0;
  ChildProcess process_;
};

}  // namespace scaleout::sim
