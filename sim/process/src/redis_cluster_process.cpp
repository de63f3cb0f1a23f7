// RedisClusterProcess: the nodes' command lines, creating the cluster by hand, the readiness
// check, and the node controls. Control commands go over short blocking connections.
#include "scaleout/process/redis_cluster_process.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/adapter/cluster_slot.hpp"
#include "scaleout/base/loopback.hpp"

namespace scaleout::sim {
namespace {

using adapter::RedisValue;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kHost = "127.0.0.1";
// Below the ephemeral range (32768-60999) with room for the bus ports (+10000).
constexpr uint16_t kFirstPort = 20000;
constexpr uint16_t kLastPort = 22700;
constexpr uint16_t kBusOffset = 10000;
constexpr milliseconds kCommandTimeout{1000};
constexpr milliseconds kPoll{50};
constexpr int kPortAttempts = 5;

struct NodeLine {
  std::string id;
  uint16_t port = 0;
  std::vector<std::string> flags;
  std::string primary_id;
  std::vector<std::string> slots;
  bool has(const std::string& flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  }
};

// CLUSTER NODES: "<id> <ip:port@bus> <flags> <primary|-> <ping> <pong> <epoch> <link> <slots...>"
std::vector<NodeLine> parse_cluster_nodes(const std::string& text) {
  std::vector<NodeLine> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    NodeLine node;
    std::string address, flags, ping, pong, epoch, link;
    if (!(words >> node.id >> address >> flags >> node.primary_id >> ping >> pong >> epoch >> link))
      continue;
    const auto colon = address.rfind(':', address.find('@'));
    if (colon == std::string::npos) continue;
    node.port = static_cast<uint16_t>(std::atoi(address.c_str() + colon + 1));
    std::istringstream flag_words(flags);
    for (std::string flag; std::getline(flag_words, flag, ',');)
      node.flags.push_back(flag);
    if (node.primary_id == "-") node.primary_id.clear();
    for (std::string slot; words >> slot;)
      node.slots.push_back(slot);
    out.push_back(std::move(node));
  }
  return out;
}

adapter::RedisEndpoint endpoint_at(uint16_t port, const std::string& password) {
  adapter::RedisEndpoint endpoint;
  endpoint.host = kHost;
  endpoint.port = port;
  endpoint.password = password;
  return endpoint;
}

// One command on a fresh connection: a text reply (status or bulk), or nullopt with `error`.
std::optional<std::string> ask(uint16_t port, const std::string& password,
                               const std::vector<std::string>& words, std::string* error) {
  adapter::BlockingRedis redis(endpoint_at(port, password), kCommandTimeout);
  auto reply = redis.command(words, error);
  if (!reply) return std::nullopt;
  if (reply->type == RedisValue::Type::kError) {
    if (error) *error = reply->text;
    return std::nullopt;
  }
  return reply->type == RedisValue::Type::kInteger ? std::to_string(reply->integer) : reply->text;
}

}  // namespace

RedisClusterProcess::RedisClusterProcess(RedisClusterOptions options)
    : options_(std::move(options)) {}

RedisClusterProcess::~RedisClusterProcess() {
  stop();
}

std::vector<std::string> RedisClusterProcess::node_names() const {
  std::vector<std::string> names;
  for (size_t i = 0; i < nodes_.size(); ++i)
    names.push_back("n" + std::to_string(i + 1));
  return names;
}

int RedisClusterProcess::index_of(const std::string& name) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (name == "n" + std::to_string(i + 1) || name == std::to_string(nodes_[i]->port()))
      return static_cast<int>(i);
  }
  return -1;
}

adapter::RedisDeployment RedisClusterProcess::deployment() const {
  adapter::RedisDeployment deployment;
  deployment.kind = adapter::RedisDeployment::Kind::kCluster;
  for (const auto& node : nodes_)
    deployment.nodes.push_back(endpoint_at(node->port(), options_.password));
  return deployment;
}

void RedisClusterProcess::start() {
  if (!nodes_.empty()) return;
  if (options_.primaries < 3)
    throw std::runtime_error("a Redis Cluster needs at least 3 primaries (asked for " +
                             std::to_string(options_.primaries) + ")");
  if (options_.replicas < 0) throw std::runtime_error("replicas cannot be negative");
  try {
    start_nodes();
    create();
  } catch (...) {
    stop();
    throw;
  }
}

void RedisClusterProcess::start_nodes() {
  const int count = options_.primaries * (1 + options_.replicas);
  const uint16_t bus_offset[] = {kBusOffset};
  for (int i = 0; i < count; ++i) {
    for (int attempt = 1;; ++attempt) {
      const auto port = pick_free_port_in(kHost, kFirstPort, kLastPort, bus_offset);
      if (!port) {
        throw std::runtime_error("no free port pair (port, port + 10000) in " +
                                 std::to_string(kFirstPort) + "-" + std::to_string(kLastPort));
      }
      RedisProcessOptions node{.executable = options_.executable,
                               .bind_address = kHost,
                               .port = *port,
                               .password = options_.password};
      node.extra_args = {"--cluster-enabled",          "yes",
                         "--cluster-config-file",      "nodes.conf",
                         "--cluster-node-timeout",     std::to_string(options_.node_timeout_ms),
                         "--repl-diskless-sync-delay", "0"};
      if (!options_.password.empty())
        node.extra_args.insert(node.extra_args.end(), {"--masterauth", options_.password});
      auto process = std::make_unique<RedisProcess>(node);
      try {
        process->start();
      } catch (const std::runtime_error& error) {
        // Somebody took the port between our check and the node's bind: another pair.
        if (attempt < kPortAttempts &&
            std::string(error.what()).find("port is taken") != std::string::npos)
          continue;
        throw;
      }
      nodes_.push_back(std::move(process));
      break;
    }
  }
}

std::string RedisClusterProcess::node_id(size_t index) const {
  std::string error;
  auto id = ask(nodes_[index]->port(), options_.password, {"CLUSTER", "MYID"}, &error);
  if (!id) throw std::runtime_error("CLUSTER MYID on n" + std::to_string(index + 1) + ": " + error);
  return *id;
}

void RedisClusterProcess::create() {
  const auto primaries = static_cast<size_t>(options_.primaries);
  const auto deadline = steady_clock::now() + options_.start_timeout;
  auto must = [&](size_t index, const std::vector<std::string>& words) {
    std::string error;
    if (!ask(nodes_[index]->port(), options_.password, words, &error)) {
      throw std::runtime_error(words[0] + " " + words[1] + " on n" + std::to_string(index + 1) +
                               " failed: " + error);
    }
  };
  for (size_t i = 0; i < primaries; ++i) {
    const size_t first = i * adapter::kClusterSlots / primaries;
    const size_t last = (i + 1) * adapter::kClusterSlots / primaries - 1;
    must(i, {"CLUSTER", "ADDSLOTSRANGE", std::to_string(first), std::to_string(last)});
    must(i, {"CLUSTER", "SET-CONFIG-EPOCH", std::to_string(i + 1)});
  }
  for (size_t i = 1; i < nodes_.size(); ++i)
    must(0, {"CLUSTER", "MEET", kHost, std::to_string(nodes_[i]->port())});
  // Every node must know every other before a replica can name its primary.
  const std::string known = "cluster_known_nodes:" + std::to_string(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (;;) {
      auto info = ask(nodes_[i]->port(), options_.password, {"CLUSTER", "INFO"}, nullptr);
      if (info && info->find(known) != std::string::npos) break;
      if (steady_clock::now() > deadline)
        throw std::runtime_error("n" + std::to_string(i + 1) + " did not meet every node in time");
      std::this_thread::sleep_for(kPoll);
    }
  }
  for (size_t replica = primaries; replica < nodes_.size(); ++replica) {
    const std::string primary_id = node_id((replica - primaries) % primaries);
    for (;;) {
      std::string error;
      if (ask(nodes_[replica]->port(), options_.password, {"CLUSTER", "REPLICATE", primary_id},
              &error))
        break;
      if (steady_clock::now() > deadline) {
        throw std::runtime_error("n" + std::to_string(replica + 1) + " cannot replicate " +
                                 primary_id + ": " + error);
      }
      std::this_thread::sleep_for(kPoll);
    }
  }
  // A key in each primary's slots, for the writes below.
  std::vector<std::string> keys;
  for (size_t i = 0; i < primaries; ++i) {
    const size_t first = i * adapter::kClusterSlots / primaries;
    const size_t last = (i + 1) * adapter::kClusterSlots / primaries - 1;
    for (int n = 0;; ++n) {
      std::string key = "scaleout:cluster-ready:{" + std::to_string(n) + "}";
      const size_t slot = adapter::key_hash_slot(key);
      if (slot >= first && slot <= last) {
        keys.push_back(std::move(key));
        break;
      }
    }
  }
  std::string why;
  auto written = steady_clock::time_point();
  for (;;) {
    if (ready(&why)) return;
    // A replica at replication offset 0 is "loading" in CLUSTER SHARDS until a first write
    // reaches it or the replication PING (every 10 s) does. PUBLISH is not replicated in a
    // cluster: a SET and a DEL on each primary move the offsets on and leave no key. Again
    // every half second, since a replica still syncing misses what came before.
    if (why.find("loading") != std::string::npos && steady_clock::now() - written > 500ms) {
      for (size_t i = 0; i < primaries; ++i) {
        ask(nodes_[i]->port(), options_.password, {"SET", keys[i], "1"}, nullptr);
        ask(nodes_[i]->port(), options_.password, {"DEL", keys[i]}, nullptr);
      }
      written = steady_clock::now();
    }
    if (steady_clock::now() > deadline) {
      throw std::runtime_error("the Redis Cluster was not ready within " +
                               std::to_string(options_.start_timeout.count()) + " ms: " + why +
                               ". The log of n1 (" + nodes_[0]->directory() +
                               "/redis.log) says more.");
    }
    std::this_thread::sleep_for(kPoll);
  }
}

bool RedisClusterProcess::ready(std::string* why) const {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (nodes_.empty()) return fail("not started");
  const size_t primaries = static_cast<size_t>(options_.primaries);
  const size_t replicas = nodes_.size() - primaries;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const std::string name = "n" + std::to_string(i + 1);
    if (!nodes_[i]->running()) return fail(name + " is not running");
    std::string error;
    auto info = ask(nodes_[i]->port(), options_.password, {"CLUSTER", "INFO"}, &error);
    if (!info) return fail(name + " does not answer: " + error);
    auto fields = adapter::parse_redis_info(*info);
    if (fields["cluster_state"] != "ok")
      return fail(name + " says cluster_state:" + fields["cluster_state"]);
    if (fields["cluster_slots_assigned"] != "16384")
      return fail(name + " sees " + fields["cluster_slots_assigned"] + " slots assigned");
    if (fields["cluster_known_nodes"] != std::to_string(nodes_.size()))
      return fail(name + " knows " + fields["cluster_known_nodes"] + " nodes");
    auto nodes = ask(nodes_[i]->port(), options_.password, {"CLUSTER", "NODES"}, &error);
    if (!nodes) return fail(name + ": CLUSTER NODES: " + error);
    size_t masters = 0;
    size_t slaves = 0;
    for (const NodeLine& line : parse_cluster_nodes(*nodes)) {
      if (line.has("fail") || line.has("fail?")) return fail(name + " flags a node as failing");
      masters += line.has("master") ? 1 : 0;
      slaves += line.has("slave") ? 1 : 0;
    }
    if (masters != primaries || slaves != replicas) {
      return fail(name + " sees " + std::to_string(masters) + " primaries and " +
                  std::to_string(slaves) + " replicas");
    }
    // A replica (whichever node is one now: failovers swap them) must be linked to its primary.
    auto replication = ask(nodes_[i]->port(), options_.password, {"INFO", "replication"}, &error);
    if (!replication) return fail(name + ": INFO replication: " + error);
    auto role = adapter::parse_redis_info(*replication);
    if (role["role"] == "slave" && role["master_link_status"] != "up")
      return fail(name + "'s link to its primary is not up");
  }
  adapter::BlockingRedis redis(endpoint_at(nodes_[0]->port(), options_.password), kCommandTimeout);
  std::string error;
  auto shards = redis.command({"CLUSTER", "SHARDS"}, &error);
  if (!shards || shards->type != RedisValue::Type::kArray) return fail("CLUSTER SHARDS: " + error);
  for (const RedisValue& shard : shards->elements) {
    for (size_t f = 0; f + 1 < shard.elements.size(); f += 2) {
      if (shard.elements[f].text != "nodes") continue;
      for (const RedisValue& node : shard.elements[f + 1].elements) {
        for (size_t k = 0; k + 1 < node.elements.size(); k += 2) {
          if (node.elements[k].text == "health" && node.elements[k + 1].text != "online")
            return fail("a node is " + node.elements[k + 1].text + " in CLUSTER SHARDS");
        }
      }
    }
  }
  return true;
}

bool RedisClusterProcess::wait_ready(milliseconds timeout, std::string* why) const {
  const auto deadline = steady_clock::now() + timeout;
  while (!ready(why)) {
    if (steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(kPoll);
  }
  return true;
}

void apply_cluster_nodes(const std::string& cluster_nodes, std::vector<ClusterNodeStatus>& nodes) {
  for (const NodeLine& line : parse_cluster_nodes(cluster_nodes)) {
    for (auto& entry : nodes) {
      if (entry.port != line.port) continue;
      entry.id = line.id;
      entry.primary = line.has("master");
      entry.failed = line.has("fail") || line.has("fail?");
      entry.primary_id = line.primary_id;
      entry.slots = line.slots;
    }
  }
}

std::vector<ClusterNodeStatus> RedisClusterProcess::status() const {
  std::vector<ClusterNodeStatus> out;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    ClusterNodeStatus node;
    node.name = "n" + std::to_string(i + 1);
    node.port = nodes_[i]->port();
    node.running = nodes_[i]->running();
    out.push_back(std::move(node));
  }
  for (const auto& node : nodes_) {
    if (!node->running()) continue;
    auto text = ask(node->port(), options_.password, {"CLUSTER", "NODES"}, nullptr);
    if (!text) continue;
    apply_cluster_nodes(*text, out);
    break;
  }
  return out;
}

bool RedisClusterProcess::kill_node(const std::string& name, std::string* error) {
  const int index = index_of(name);
  if (index < 0) {
    if (error) *error = "no Redis node is named '" + name + "'";
    return false;
  }
  nodes_[static_cast<size_t>(index)]->kill();
  return true;
}

bool RedisClusterProcess::restart_node(const std::string& name, std::string* error) {
  const int index = index_of(name);
  if (index < 0) {
    if (error) *error = "no Redis node is named '" + name + "'";
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

bool RedisClusterProcess::failover(const std::string& name, std::string* error) {
  const int index = index_of(name);
  if (index < 0) {
    if (error) *error = "no Redis node is named '" + name + "'";
    return false;
  }
  const std::vector<ClusterNodeStatus> nodes = status();
  const ClusterNodeStatus& target = nodes[static_cast<size_t>(index)];
  const ClusterNodeStatus* replica = target.primary || target.id.empty() ? nullptr : &target;
  for (const auto& node : nodes) {
    if (!replica && node.running && !node.primary && !node.failed && !target.id.empty() &&
        node.primary_id == target.id)
      replica = &node;
  }
  if (!replica) {
    if (error) *error = name + " has no live replica to take over";
    return false;
  }
  std::string failure;
  if (!ask(replica->port, options_.password, {"CLUSTER", "FAILOVER"}, &failure)) {
    if (error) *error = "CLUSTER FAILOVER on " + replica->name + ": " + failure;
    return false;
  }
  return true;
}

void RedisClusterProcess::stop() {
  for (auto& node : nodes_)
    node->stop();
  nodes_.clear();
}

}  // namespace scaleout::sim
