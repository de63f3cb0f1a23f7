// PrivateDirectory and launch_server.
#include "server_launch.hpp"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "scaleout/base/loopback.hpp"

namespace scaleout::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// How long a fixed port may stay taken (a previous run still going away) before start fails.
constexpr milliseconds kFixedPortPatience{2000};
// How many free ports to try when each is taken before the server could listen on it.
constexpr int kFreePortAttempts = 5;

std::string with_log(const ChildProcess& process) {
  const std::string tail = process.log_tail();
  if (tail.empty()) return " Its log (" + process.log_path() + ") is empty.";
  return " Its log (" + process.log_path() + ") ends with:\n" + tail;
}

std::string where(const ServerLaunch& launch, uint16_t port) {
  return launch.host + ":" + std::to_string(port);
}

// Starts the server on `port`. True once it is ready; false if the port was taken.
bool try_launch(ChildProcess& process, const ServerLaunch& launch, uint16_t port) {
  ChildProcessOptions options{.argv = launch.argv(port),
                              .log_path = launch.log_path,
                              .working_directory = launch.working_directory};
  const std::string executable = options.argv.at(0);
  try {
    process = ChildProcess(std::move(options));
  } catch (const SpawnError& error) {
    if (error.error_code() == ENOENT)
      throw std::runtime_error(executable + " not found: install " + launch.package +
                               " (scripts/setup does)");
    throw std::runtime_error(error.what());
  }

  switch (process.wait_ready([&] { return launch.ready(port); }, launch.start_timeout)) {
    case ChildProcess::Readiness::kReady:
      return true;
    case ChildProcess::Readiness::kExited:
      if (process.log_tail().find("Address already in use") != std::string::npos) return false;
      throw std::runtime_error(
          launch.name + " " +
          (process.exit_status() ? describe_wait_status(*process.exit_status()) : "exited") +
          " while starting on " + where(launch, port) + "." + with_log(process));
    case ChildProcess::Readiness::kTimedOut:
      break;
  }
  process.kill();
  throw std::runtime_error(launch.name + " did not become ready on " + where(launch, port) +
                           " within " + std::to_string(launch.start_timeout.count()) + " ms." +
                           with_log(process));
}

}  // namespace

PrivateDirectory::PrivateDirectory(const std::string& prefix) {
  std::error_code error;
  std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string pattern = (base / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot make a temporary directory " + pattern + ": " +
                             std::generic_category().message(errno));
  }
  path_ = std::filesystem::canonical(pattern, error).string();
  if (error) path_ = pattern;
}

PrivateDirectory::~PrivateDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

uint16_t launch_server(ChildProcess& process, const ServerLaunch& launch, uint16_t port) {
  if (port != 0) {
    const auto deadline = steady_clock::now() + kFixedPortPatience;
    while (!try_launch(process, launch, port)) {
      if (steady_clock::now() >= deadline) {
        throw std::runtime_error(launch.name + " cannot listen on " + where(launch, port) +
                                 ": the port is taken." + with_log(process));
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    return port;
  }
  for (int attempt = 1;; ++attempt) {
    const uint16_t candidate = pick_free_port(launch.host);
    if (try_launch(process, launch, candidate)) return candidate;
    if (attempt == kFreePortAttempts) {
      throw std::runtime_error(launch.name + " found no free port on " + launch.host + ": " +
                               std::to_string(kFreePortAttempts) +
                               " free ports were taken before it could listen." +
                               with_log(process));
    }
  }
}

}  // namespace scaleout::sim
