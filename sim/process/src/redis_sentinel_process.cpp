// RedisSentinelProcess: the two data nodes, the sentinels' files and command lines, readiness.
#include "scaleout/process/redis_sentinel_process.hpp"

#include <fstream>
#include <stdexcept>
#include <thread>

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/base/loopback.hpp"
#include "server_launch.hpp"

namespace scaleout::sim {
namespace {

using adapter::RedisValue;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr const char* kHost = "127.0.0.1";
constexpr milliseconds kCommandTimeout{1000};
constexpr milliseconds kPoll{50};
constexpr milliseconds kProbeTimeout{250};
constexpr milliseconds kStopGrace{3000};

std::optional<RedisValue> ask(uint16_t port, const std::string& password,
                              const std::vector<std::string>& words, std::string* error) {
  adapter::RedisEndpoint endpoint;
  endpoint.host = kHost;
  endpoint.port = port;
  endpoint.password = password;
  adapter::BlockingRedis redis(endpoint, kCommandTimeout);
  auto reply = redis.command(words, error);
  if (reply && reply->type == RedisValue::Type::kError) {
    if (error) *error = reply->text;
    return std::nullopt;
  }
  return reply;
}

// A field of a RESP2 map (a flat key/value array).
std::string field(const RedisValue& map, const std::string& key) {
  for (size_t i = 0; i + 1 < map.elements.size(); i += 2) {
    if (map.elements[i].text == key) return map.elements[i + 1].text;
  }
  return {};
}

}  // namespace

RedisSentinelProcess::RedisSentinelProcess(RedisSentinelOptions options)
    : options_(std::move(options)) {}

RedisSentinelProcess::~RedisSentinelProcess() {
  stop();
}

int RedisSentinelProcess::index_of(const std::string& name) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (name == "r" + std::to_string(i + 1) || name == std::to_string(nodes_[i]->port()))
      return static_cast<int>(i);
  }
  return -1;
}

std::vector<uint16_t> RedisSentinelProcess::sentinel_ports() const {
  std::vector<uint16_t> ports;
  for (const auto& sentinel : sentinels_)
    ports.push_back(sentinel->port);
  return ports;
}

std::vector<pid_t> RedisSentinelProcess::sentinel_pids() const {
  std::vector<pid_t> pids;
  for (const auto& sentinel : sentinels_)
    pids.push_back(sentinel->process.pid());
  return pids;
}

adapter::RedisDeployment RedisSentinelProcess::deployment() const {
  adapter::RedisDeployment deployment;
  deployment.kind = adapter::RedisDeployment::Kind::kSentinel;
  deployment.master_name = options_.master_name;
  for (uint16_t port : sentinel_ports()) {
    adapter::RedisEndpoint sentinel;
    sentinel.host = kHost;
    sentinel.port = port;
    sentinel.password = options_.password;  // the data nodes'; the sentinels have none
    deployment.nodes.push_back(std::move(sentinel));
  }
  return deployment;
}

void RedisSentinelProcess::start() {
  if (!nodes_.empty()) return;
  try {
    RedisProcessOptions primary{.bind_address = kHost, .password = options_.password};
    primary.executable = options_.executable;
    primary.extra_args = {"--repl-diskless-sync-delay", "0"};
    if (!options_.password.empty())
      primary.extra_args.insert(primary.extra_args.end(), {"--masterauth", options_.password});
    nodes_.push_back(std::make_unique<RedisProcess>(primary));
    nodes_.back()->start();
    RedisProcessOptions replica = primary;
    replica.extra_args.insert(replica.extra_args.end(),
                              {"--replicaof", kHost, std::to_string(nodes_[0]->port())});
    nodes_.push_back(std::make_unique<RedisProcess>(replica));
    nodes_.back()->start();
    for (int i = 0; i < options_.sentinels; ++i) {
      sentinels_.push_back(std::make_unique<Sentinel>());
      start_sentinel(*sentinels_.back());
    }
    const auto deadline = steady_clock::now() + options_.start_timeout;
    std::string why;
    while (!ready(&why)) {
      if (steady_clock::now() > deadline) {
        throw std::runtime_error("the sentinels were not ready within " +
                                 std::to_string(options_.start_timeout.count()) + " ms: " + why);
      }
      std::this_thread::sleep_for(kPoll);
    }
  } catch (...) {
    stop();
    throw;
  }
}

void RedisSentinelProcess::start_sentinel(Sentinel& sentinel) {
  sentinel.directory = std::make_unique<PrivateDirectory>("scaleout-sentinel");
  const std::string directory = sentinel.directory->path();
  const std::string config = directory + "/sentinel.conf";
  const ServerLaunch launch{
      .name = "redis-sentinel",
      .package = "redis-server",
      .host = kHost,
      .log_path = directory + "/sentinel.log",
      .working_directory = directory,
      .start_timeout = milliseconds(5000),
      .argv =
          [this, config, directory](uint16_t port) {
            // Written for every try: Sentinel rewrites its file as it learns, and a try on a
            // port somebody took must not leave its learning behind.
            std::ofstream file(config, std::ios::trunc);
            file << "daemonize no\n"
                 << "sentinel monitor " << options_.master_name << " " << kHost << " "
                 << nodes_[0]->port() << " 2\n"
                 << "sentinel down-after-milliseconds " << options_.master_name << " "
                 << options_.down_after_ms << "\n"
                 << "sentinel failover-timeout " << options_.master_name << " "
                 << options_.failover_timeout_ms << "\n"
                 << "sentinel parallel-syncs " << options_.master_name << " 1\n";
            if (!options_.password.empty())
              file << "sentinel auth-pass " << options_.master_name << " " << options_.password
                   << "\n";
            return std::vector<std::string>{options_.executable,
                                            config,
                                            "--sentinel",
                                            "--port",
                                            std::to_string(port),
                                            "--bind",
                                            kHost,
                                            "--dir",
                                            directory};
          },
      // A sentinel answers PING (and SENTINEL commands; CONFIG is not there to tell it is ours).
      .ready =
          [](uint16_t port) {
            auto lines = exchange_lines(kHost, port, resp_command({"PING"}), 1, kProbeTimeout);
            return lines && lines->front() == "+PONG";
          },
  };
  sentinel.port = launch_server(sentinel.process, launch, 0);
}

bool RedisSentinelProcess::ready(std::string* why) const {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (nodes_.size() < 2) return fail("not started");
  std::string error;
  auto replication = ask(nodes_[1]->port(), options_.password, {"INFO", "replication"}, &error);
  if (!replication || adapter::parse_redis_info(replication->text)["master_link_status"] != "up")
    return fail("the replica's link to the primary is not up");
  const std::string others = std::to_string(sentinels_.size() - 1);
  for (size_t i = 0; i < sentinels_.size(); ++i) {
    auto master =
        ask(sentinels_[i]->port, "", {"SENTINEL", "MASTER", options_.master_name}, &error);
    if (!master) return fail("sentinel " + std::to_string(i + 1) + ": " + error);
    if (field(*master, "flags") != "master")
      return fail("sentinel " + std::to_string(i + 1) + " flags the primary " +
                  field(*master, "flags"));
    if (field(*master, "num-other-sentinels") != others)
      return fail("sentinel " + std::to_string(i + 1) + " knows " +
                  field(*master, "num-other-sentinels") + " other sentinels");
    if (field(*master, "num-slaves") != "1")
      return fail("sentinel " + std::to_string(i + 1) + " knows " + field(*master, "num-slaves") +
                  " replicas");
  }
  return true;
}

std::string RedisSentinelProcess::primary_address() const {
  for (const auto& sentinel : sentinels_) {
    if (!sentinel->process.running()) continue;
    auto reply = ask(sentinel->port, "",
                     {"SENTINEL", "get-master-addr-by-name", options_.master_name}, nullptr);
    if (reply && reply->elements.size() == 2)
      return reply->elements[0].text + ":" + reply->elements[1].text;
  }
  return {};
}

std::vector<SentinelNodeStatus> RedisSentinelProcess::status() const {
  std::vector<SentinelNodeStatus> out;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    SentinelNodeStatus node;
    node.name = "r" + std::to_string(i + 1);
    node.port = nodes_[i]->port();
    node.running = nodes_[i]->running();
    if (node.running) {
      auto role = ask(node.port, options_.password, {"ROLE"}, nullptr);
      node.primary = role && !role->elements.empty() && role->elements[0].text == "master";
    }
    out.push_back(std::move(node));
  }
  return out;
}

bool RedisSentinelProcess::kill_node(const std::string& name, std::string* error) {
  const int index = index_of(name);
  if (index < 0) {
    if (error) *error = "no Redis node is named '" + name + "' (r1 or r2)";
    return false;
  }
  nodes_[static_cast<size_t>(index)]->kill();
  return true;
}

bool RedisSentinelProcess::restart_node(const std::string& name, std::string* error) {
  const int index = index_of(name);
  if (index < 0) {
    if (error) *error = "no Redis node is named '" + name + "' (r1 or r2)";
    return false;
  }
  try {
    nodes_[static_cast<size_t>(index)]->restart();
  } catch (const std::runtime_error& failure) {
    if (error) *error = failure.what();
    return false;
  }
  return true;
}

bool RedisSentinelProcess::failover(std::string* error) {
  std::string failure = "no sentinel is running";
  for (const auto& sentinel : sentinels_) {
    if (!sentinel->process.running()) continue;
    if (ask(sentinel->port, "", {"SENTINEL", "FAILOVER", options_.master_name}, &failure))
      return true;
  }
  if (error) *error = "SENTINEL FAILOVER: " + failure;
  return false;
}

void RedisSentinelProcess::stop() {
  for (auto& sentinel : sentinels_)
    sentinel->process.stop(kStopGrace);
  sentinels_.clear();
  for (auto& node : nodes_)
    node->stop();
  nodes_.clear();
}

}  // namespace scaleout::sim
