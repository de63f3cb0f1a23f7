// MemcachedProcess: the memcached command line and its readiness check.
#include "scaleout/process/memcached_process.hpp"

#include <unistd.h>

#include "scaleout/base/loopback.hpp"
#include "server_launch.hpp"

namespace scaleout::sim {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kStopGrace{3000};
constexpr milliseconds kProbeTimeout{250};

}  // namespace

MemcachedProcess::MemcachedProcess(MemcachedProcessOptions options)
    : options_(std::move(options)),
      directory_(std::make_unique<PrivateDirectory>("scaleout-memcached")) {}

MemcachedProcess::~MemcachedProcess() {
  stop();
}

std::vector<std::string> MemcachedProcess::arguments(uint16_t port) const {
  std::vector<std::string> argv{options_.executable,
                                "-l",
                                options_.bind_address,
                                "-p",
                                std::to_string(port),
                                "-U",
                                "0",
                                "-t",
                                std::to_string(options_.threads),
                                "-m",
                                std::to_string(options_.memory_mb)};
  // memcached refuses to run as root unless told which user to be.
  if (::geteuid() == 0) argv.insert(argv.end(), {"-u", "root"});
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  return argv;
}

// `version` answers, and the server that answers is ours, not one that held the port before:
// `stats` starts with its pid.
bool MemcachedProcess::ready_on(uint16_t port) const {
  const auto lines =
      exchange_lines(options_.bind_address, port, "version\r\nstats\r\n", 2, kProbeTimeout);
  return lines && (*lines)[0].starts_with("VERSION ") &&
         (*lines)[1] == "STAT pid " + std::to_string(process_.pid());
}

void MemcachedProcess::start() {
  if (running()) return;
  const ServerLaunch launch{
      .name = "memcached",
      .package = "memcached",
      .host = options_.bind_address,
      .log_path = directory_->path() + "/memcached.log",
      .working_directory = directory_->path(),
      .start_timeout = options_.start_timeout,
      .argv = [this](uint16_t port) { return arguments(port); },
      .ready = [this](uint16_t port) { return ready_on(port); },
  };
  port_ = launch_server(process_, launch, port_ != 0 ? port_ : options_.port);
}

void MemcachedProcess::stop() {
  process_.stop(kStopGrace);
}

void MemcachedProcess::kill() {
  process_.kill();
}

}  // namespace scaleout::sim
