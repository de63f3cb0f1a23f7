// ShardMonitor: a MONITOR connection per primary, checked once a second.
#include "scaleout/adapter/shard_monitor.hpp"

#include <algorithm>

#include "scaleout/adapter/monitor_line.hpp"

namespace scaleout::adapter {

namespace {
constexpr std::chrono::milliseconds kCheckEvery{1000};
constexpr std::chrono::milliseconds kConnectTimeout{2000};
}  // namespace

ShardMonitor::ShardMonitor(RedisLink& link, std::string prefix, Handler handler)
    : link_(link), prefix_(std::move(prefix)), handler_(std::move(handler)), timer_(link.io()) {}

ShardMonitor::~ShardMonitor() {
  *alive_ = false;
  stop();
}

void ShardMonitor::start() {
  if (running_) return;
  running_ = true;
  check();
}

void ShardMonitor::stop() {
  running_ = false;
  timer_.cancel();
  monitors_.clear();
}

void ShardMonitor::check() {
  if (!running_) return;
  std::vector<std::string> primaries;
  for (const ClusterNode* primary : link_.slot_map().primaries())
    primaries.push_back(primary->address());
  // Connections to nodes that are no longer primaries, or that were lost, go; missing ones come.
  for (auto it = monitors_.begin(); it != monitors_.end();) {
    const bool wanted = std::find(primaries.begin(), primaries.end(), it->first) != primaries.end();
    it = wanted && !lost_.contains(it->first) ? std::next(it) : monitors_.erase(it);
  }
  lost_.clear();
  bool missing = false;
  for (const std::string& address : primaries) {
    if (monitors_.contains(address)) continue;
    missing = true;
    const auto colon = address.rfind(':');
    RedisEndpoint endpoint = link_.deployment().kind == RedisDeployment::Kind::kStandalone
                                 ? link_.deployment().nodes.front()
                                 : link_.deployment().endpoint_of(
                                       address.substr(0, colon),
                                       static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    RedisConnection::Handlers handlers;
    handlers.on_ready = [this, address] {
      if (auto found = monitors_.find(address); found != monitors_.end()) found->second->monitor();
    };
    handlers.on_push = [this, address](const RedisPush& push) {
      if (push.kind == RedisPush::Kind::kMonitor) on_line(address, push.channel);
    };
    // Forgotten at the next check (not here: the connection is still on the stack).
    handlers.on_lost = [this, alive = alive_, address](const std::string&) {
      if (*alive) lost_.insert(address);
    };
    auto& connection = monitors_[address];
    connection = std::make_unique<RedisConnection>(link_.io(), std::move(endpoint), "monitor",
                                                   std::move(handlers), kConnectTimeout);
    connection->open();
  }
  // A primary the map still names but that does not answer: the map may be stale.
  if (missing) link_.refresh_topology();
  timer_.expires_after(kCheckEvery);
  timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (!error && *alive) check();
  });
}

void ShardMonitor::on_line(const std::string& node, std::string_view line) {
  auto words = parse_monitor_line(line);
  if (!words || words->size() != 3) return;
  std::string& command = (*words)[0];
  std::transform(command.begin(), command.end(), command.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (command != "SPUBLISH" || !(*words)[1].starts_with(prefix_)) return;
  handler_(node, (*words)[1], (*words)[2]);
}

}  // namespace scaleout::adapter
