// What RedisProcess and MemcachedProcess share: a private temporary directory, and starting a
// server child on a port (a free one, or a fixed one that may still be held for a moment) and
// waiting until it answers, with the tail of its log in every error message.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scaleout/process/child_process.hpp"

namespace scaleout::sim {

// A directory made with mkdtemp under the system's temporary directory, removed with everything
// in it on destruction. path() is canonical (symlinks resolved), as servers report it.
class PrivateDirectory {
 public:
  explicit PrivateDirectory(const std::string& prefix);  // throws std::runtime_error
  ~PrivateDirectory();
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct ServerLaunch {
  std::string name{};      // "redis-server", for messages
  std::string package{};   // the Debian package that installs it, for the "not found" message
  std::string host{};      // where it listens
  std::string log_path{};  // its stdout and stderr
  std::string working_directory{};
  std::chrono::milliseconds start_timeout{5000};
  std::function<std::vector<std::string>(uint16_t port)> argv{};
  // Whether the server we started answers on `port`: called every few milliseconds.
  std::function<bool(uint16_t port)> ready{};
};

// Starts the server into `process` and waits until it is ready. On `port`, when not 0: a port
// clients already know, retried for a moment if it is taken. Otherwise on a free port, trying
// another if somebody takes it first. Returns the port. Throws std::runtime_error saying what went
// wrong (not installed, port taken, exited, not ready in time), with the end of its log.
uint16_t launch_server(ChildProcess& process, const ServerLaunch& launch, uint16_t port);

}  // namespace scaleout::sim
