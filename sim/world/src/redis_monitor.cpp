// RedisMonitor: INFO and SLOWLOG GET, once a period, on a thread of its own.
#include "redis_monitor.hpp"

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/adapter/clock.hpp"
#include "scaleout/process/redis_cluster_process.hpp"

namespace scaleout::sim {

namespace {

constexpr auto kTimeout = std::chrono::milliseconds(300);
constexpr int kSlowlogEntries = 10;

int64_t to_int(const std::map<std::string, std::string>& info, const std::string& field) {
  auto found = info.find(field);
  if (found == info.end()) return 0;
  try {
    return std::stoll(found->second);
  } catch (const std::exception&) {
    return 0;
  }
}

// "db0:keys=12,expires=0,avg_ttl=0" lines, summed.
int64_t count_keys(const std::map<std::string, std::string>& info) {
  int64_t keys = 0;
  for (const auto& [field, value] : info) {
    if (field.rfind("db", 0) != 0 || value.rfind("keys=", 0) != 0) continue;
    try {
      keys += std::stoll(value.substr(5));
    } catch (const std::exception&) {
    }
  }
  return keys;
}

std::vector<SlowlogEntry> to_slowlog(const adapter::RedisValue& reply) {
  using Type = adapter::RedisValue::Type;
  std::vector<SlowlogEntry> entries;
  for (const auto& item : reply.elements) {
    if (item.type != Type::kArray || item.elements.size() < 4) continue;
    SlowlogEntry entry;
    entry.id = item.elements[0].integer;
    entry.unix_time = item.elements[1].integer;
    entry.duration_us = item.elements[2].integer;
    for (const auto& word : item.elements[3].elements) {
      if (!entry.command.empty()) entry.command += ' ';
      entry.command += word.text;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

RedisMonitor::RedisMonitor(adapter::RedisEndpoint endpoint, std::chrono::milliseconds period,
                           RedisNodesToWatch nodes)
    : endpoint_(std::move(endpoint)), period_(period), watched_(std::move(nodes)) {
  latest_.present = true;
  latest_.url = endpoint_.url();
  thread_ = std::thread([this] { run(); });
}

RedisMonitor::~RedisMonitor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

RedisStatus RedisMonitor::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

void RedisMonitor::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    poll_once();
    lock.lock();
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

std::vector<RedisNodeStatus> RedisMonitor::poll_nodes() {
  using Type = adapter::RedisValue::Type;
  std::vector<RedisNodeStatus> nodes;
  if (watched_.kind == RedisNodesToWatch::Kind::kNone) return nodes;
  std::vector<ClusterNodeStatus> view;
  std::string cluster_nodes;
  for (const auto& [name, port] : watched_.nodes) {
    adapter::RedisEndpoint endpoint = endpoint_;
    endpoint.port = port;
    adapter::BlockingRedis redis(endpoint, kTimeout);
    RedisNodeStatus node;
    node.name = name;
    node.port = port;
    if (watched_.kind == RedisNodesToWatch::Kind::kSentinel) {
      auto role = redis.command({"ROLE"}, nullptr);
      node.reachable = role && role->type == Type::kArray && !role->elements.empty();
      node.primary = node.reachable && role->elements[0].text == "master";
    } else {
      auto info = redis.command({"CLUSTER", "INFO"}, nullptr);
      node.reachable = info && info->type == Type::kString;
      if (node.reachable) {
        auto fields = adapter::parse_redis_info(info->text);
        node.bus_messages_sent =
            static_cast<uint64_t>(to_int(fields, "cluster_stats_messages_sent"));
        node.bus_messages_received =
            static_cast<uint64_t>(to_int(fields, "cluster_stats_messages_received"));
        if (cluster_nodes.empty()) {
          auto reply = redis.command({"CLUSTER", "NODES"}, nullptr);
          if (reply && reply->type == Type::kString) cluster_nodes = reply->text;
        }
      }
    }
    ClusterNodeStatus entry;
    entry.name = name;
    entry.port = port;
    view.push_back(entry);
    nodes.push_back(std::move(node));
  }
  if (!cluster_nodes.empty()) {
    apply_cluster_nodes(cluster_nodes, view);
    for (size_t i = 0; i < nodes.size(); ++i) {
      nodes[i].primary = view[i].primary;
      nodes[i].failed = view[i].failed;
      nodes[i].slots = view[i].slots;
      for (const auto& other : view) {
        if (!view[i].primary_id.empty() && other.id == view[i].primary_id)
          nodes[i].primary_of = other.name;
      }
    }
  }
  const auto polled = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(polled - last_nodes_at_).count();
  last_nodes_at_ = polled;
  for (auto& node : nodes) {
    for (const auto& before : last_nodes_) {
      if (before.name != node.name) continue;
      const uint64_t now_total = node.bus_messages_sent + node.bus_messages_received;
      const uint64_t before_total = before.bus_messages_sent + before.bus_messages_received;
      if (seconds > 0 && now_total >= before_total && before.reachable) {
        node.bus_messages_per_second = static_cast<double>(now_total - before_total) / seconds;
      }
      // A node that answered as a replica and now answers as the primary took over.
      if (before.reachable && node.reachable && !before.primary && node.primary) {
        std::string from = before.primary_of;
        if (from.empty()) {
          for (const auto& other : last_nodes_) {
            if (other.primary && other.name != node.name) from = other.name;
          }
        }
        failovers_.push_back({adapter::monotonic_ns(), node.name, from});
        if (failovers_.size() > RedisStatus::kKeptFailovers) failovers_.erase(failovers_.begin());
      }
    }
  }
  last_nodes_ = nodes;
  return nodes;
}

void RedisMonitor::poll_once() {
  std::vector<RedisNodeStatus> nodes = poll_nodes();
  adapter::BlockingRedis redis(endpoint_, kTimeout);
  RedisStatus status;
  status.present = true;
  status.taken_ns = adapter::monotonic_ns();
  status.url = endpoint_.url();
  std::string error;
  auto info_reply = redis.command({"INFO"}, &error);
  const auto now = std::chrono::steady_clock::now();
  if (!info_reply || info_reply->type != adapter::RedisValue::Type::kString) {
    status.error = info_reply ? info_reply->text : error;
    status.nodes = std::move(nodes);
    status.failovers = failovers_;
    std::lock_guard lock(mutex_);
    latest_ = std::move(status);
    last_commands_ = 0;
    return;
  }
  auto info = adapter::parse_redis_info(info_reply->text);
  status.reachable = true;
  status.used_memory = static_cast<uint64_t>(to_int(info, "used_memory"));
  status.used_memory_human = info["used_memory_human"];
  status.connected_clients = to_int(info, "connected_clients");
  status.pubsub_channels = to_int(info, "pubsub_channels");
  status.pubsub_patterns = to_int(info, "pubsub_patterns");
  status.latest_fork_usec = to_int(info, "latest_fork_usec");
  status.keys = count_keys(info);
  auto slowlog = redis.command({"SLOWLOG", "GET", std::to_string(kSlowlogEntries)}, &error);
  if (slowlog && slowlog->type == adapter::RedisValue::Type::kArray) {
    status.slowlog = to_slowlog(*slowlog);
  }
  const auto commands = static_cast<uint64_t>(to_int(info, "total_commands_processed"));
  status.nodes = std::move(nodes);
  status.failovers = failovers_;
  std::lock_guard lock(mutex_);
  const double seconds = std::chrono::duration<double>(now - last_poll_).count();
  if (last_commands_ && seconds > 0 && commands >= last_commands_) {
    status.ops_per_second = static_cast<double>(commands - last_commands_) / seconds;
  }
  last_commands_ = commands;
  last_poll_ = now;
  latest_ = std::move(status);
}

}  // namespace scaleout::sim
