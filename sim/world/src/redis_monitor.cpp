// RedisMonitor: INFO and SLOWLOG GET, once a period, on a thread of its own.
#include "redis_monitor.hpp"

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/adapter/clock.hpp"

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

RedisMonitor::RedisMonitor(adapter::RedisEndpoint endpoint, std::chrono::milliseconds period)
    : endpoint_(std::move(endpoint)), period_(period) {
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

void RedisMonitor::poll_once() {
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
