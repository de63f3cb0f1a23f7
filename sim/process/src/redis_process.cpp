// RedisProcess: the redis-server command line, its readiness check, and the fault controls.
#include "scaleout/process/redis_process.hpp"

#include <cctype>
#include <csignal>

#include "scaleout/base/loopback.hpp"
#include "server_launch.hpp"

namespace scaleout::sim {
namespace {

using std::chrono::milliseconds;

// Time a SHUTDOWN gets (to save, with persistence) before SIGKILL.
constexpr milliseconds kStopGrace{5000};
// One readiness probe; redis answers a local PING in well under a millisecond.
constexpr milliseconds kProbeTimeout{250};

std::string auth_and(const std::string& password, const std::string& commands) {
  return password.empty() ? commands : resp_command({"AUTH", password}) + commands;
}

// Percent-encodes all but RFC 3986's unreserved characters, for the password in a URL.
std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

}  // namespace

RedisProcess::RedisProcess(RedisProcessOptions options)
    : options_(std::move(options)),
      directory_(std::make_unique<PrivateDirectory>("scaleout-redis")) {}

RedisProcess::~RedisProcess() {
  stop();
}

const std::string& RedisProcess::directory() const {
  return directory_->path();
}

std::vector<std::string> RedisProcess::arguments(uint16_t port) const {
  std::vector<std::string> argv{options_.executable,
                                "--port",
                                std::to_string(port),
                                "--bind",
                                options_.bind_address,
                                "--dir",
                                directory(),
                                "--daemonize",
                                "no"};
  if (!options_.password.empty()) argv.insert(argv.end(), {"--requirepass", options_.password});
  if (!options_.persistence) argv.insert(argv.end(), {"--save", "", "--appendonly", "no"});
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  return argv;
}

// PING answers, and the server that answers is ours, not one that held the port before: its
// directory is our private one.
bool RedisProcess::ready_on(uint16_t port) const {
  const size_t auth_lines = options_.password.empty() ? 0 : 1;
  const auto lines = exchange_lines(
      options_.bind_address, port,
      auth_and(options_.password, resp_command({"PING"}) + resp_command({"CONFIG", "GET", "dir"})),
      auth_lines + 6, kProbeTimeout);
  return lines && (auth_lines == 0 || (*lines)[0] == "+OK") && (*lines)[auth_lines] == "+PONG" &&
         lines->back() == directory();
}

bool RedisProcess::ping(milliseconds timeout) const {
  if (port_ == 0) return false;
  const size_t auth_lines = options_.password.empty() ? 0 : 1;
  const auto lines =
      exchange_lines(options_.bind_address, port_,
                     auth_and(options_.password, resp_command({"PING"})), auth_lines + 1, timeout);
  return lines && lines->back() == "+PONG";
}

void RedisProcess::start() {
  if (running()) return;
  const ServerLaunch launch{
      .name = "redis-server",
      .package = "redis-server",
      .host = options_.bind_address,
      .log_path = directory() + "/redis.log",
      .working_directory = directory(),
      .start_timeout = options_.start_timeout,
      .argv = [this](uint16_t port) { return arguments(port); },
      .ready = [this](uint16_t port) { return ready_on(port); },
  };
  port_ = launch_server(process_, launch, port_ != 0 ? port_ : options_.port);
}

void RedisProcess::stop() {
  process_.stop(kStopGrace);
}

void RedisProcess::kill() {
  process_.kill();
}

void RedisProcess::restart() {
  stop();
  start();
}

void RedisProcess::pause() {
  process_.signal(SIGSTOP);
}

void RedisProcess::resume() {
  process_.signal(SIGCONT);
}

std::string RedisProcess::url() const {
  const std::string address = options_.bind_address.find(':') != std::string::npos
                                  ? "[" + options_.bind_address + "]"
                                  : options_.bind_address;
  const std::string credentials =
      options_.password.empty() ? "" : ":" + url_encode(options_.password) + "@";
  return "redis://" + credentials + address + ":" + std::to_string(port_);
}

}  // namespace scaleout::sim
