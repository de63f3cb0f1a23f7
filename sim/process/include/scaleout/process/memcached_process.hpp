// MemcachedProcess: a real memcached run as our child on a loopback port, the same way as
// RedisProcess (see there and ChildProcess), smaller: start, stop, kill.
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

struct MemcachedProcessOptions {
  std::string executable = "memcached";
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;  // 0: pick a free loopback port
  int threads = 4;
  int memory_mb = 64;
  std::vector<std::string> extra_args{};  // appended last
  std::chrono::milliseconds start_timeout{5000};
};

class MemcachedProcess {
 public:
  explicit MemcachedProcess(MemcachedProcessOptions options = {});  // does not start
  ~MemcachedProcess();  // stop(), then removes its directory (its log)
  MemcachedProcess(const MemcachedProcess&) = delete;
  MemcachedProcess& operator=(const MemcachedProcess&) = delete;

  // Starts it and returns once it answers `version`; again on the same port after a stop or a
  // kill. Throws std::runtime_error saying what went wrong, with the end of its log.
  void start();
  // SIGTERM (memcached acts on it at its next one-second tick), SIGKILL if it has not gone
  // within a few seconds; reaped.
  void stop();
  void kill();  // SIGKILL, reaped

  bool running() const { return process_.running(); }
  pid_t pid() const { return process_.pid(); }
  uint16_t port() const { return port_; }  // 0 until the first start()
  const std::string& host() const { return options_.bind_address; }

 private:
  std::vector<std::string> arguments(uint16_t port) const;
  bool ready_on(uint16_t port) const;

  MemcachedProcessOptions options_;
  std::unique_ptr<PrivateDirectory> directory_;
  uint16_t port_ = 0;
  ChildProcess process_;
};

}  // namespace scaleout::sim
