// RedisLink: its nodes, what they report, and the link's status.
#include "scaleout/adapter/redis_link.hpp"

#include <boost/asio/post.hpp>
#include <stdexcept>

#include "redis/link_node.hpp"
#include "redis/sentinel_watch.hpp"

namespace scaleout::adapter {

namespace asio = boost::asio;

RedisLink::RedisLink(asio::io_context& io, RedisDeployment deployment, Events events,
                     RedisLinkOptions options)
    : io_(io),
      deployment_(std::move(deployment)),
      events_(std::move(events)),
      options_(options),
      reload_timer_(io) {
  if (!events_.on_status) {
    throw std::invalid_argument("RedisLink needs an on_status handler: outages must be handled");
  }
  if (deployment_.nodes.empty()) {
    throw std::invalid_argument("RedisLink needs a node, a seed or a sentinel to start from");
  }
}

RedisLink::RedisLink(asio::io_context& io, RedisEndpoint endpoint, Events events,
                     RedisLinkOptions options)
    : RedisLink(io, RedisDeployment::standalone(std::move(endpoint)), std::move(events), options) {}

RedisLink::~RedisLink() {
  *alive_ = false;
  stop();
}

void RedisLink::start() {
  if (running_) return;
  running_ = true;
  load_topology();
}

void RedisLink::stop() {
  running_ = false;
  up_ = false;
  reload_timer_.cancel();
  reload_scheduled_ = false;
  reloading_ = false;
  sentinel_.reset();
  nodes_.clear();
  map_ = SlotMap();
  home_.clear();
  home_verified_ = false;
  for (auto& table : subscriptions_) {
    for (auto& [name, subscription] : table) {
      subscription.node.clear();
      subscription.sent = subscription.active = subscription.lost = false;
    }
  }
}

LinkNode* RedisLink::find_node(const std::string& address) {
  auto found = nodes_.find(address);
  return found == nodes_.end() ? nullptr : found->second.get();
}

LinkNode& RedisLink::node(const std::string& address) {
  if (LinkNode* existing = find_node(address)) return *existing;
  RedisEndpoint endpoint;
  if (deployment_.kind == RedisDeployment::Kind::kStandalone) {
    endpoint = deployment_.nodes.front();
  } else {
    const auto colon = address.rfind(':');
    endpoint = deployment_.endpoint_of(address.substr(0, colon),
                                       static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
  }
  LinkNode::Events events;
  events.on_ready = [this](LinkNode& node) { on_node_ready(node); };
  events.on_lost = [this](LinkNode& node, const std::string& reason) {
    on_node_lost(node, reason);
  };
  events.on_push = [this](LinkNode& node, const RedisPush& push) { on_push(node, push); };
  events.on_command = events_.on_command;
  auto created =
      std::make_unique<LinkNode>(io_, address, std::move(endpoint), std::move(events), options_);
  LinkNode& result = *created;
  nodes_.emplace(address, std::move(created));
  result.open();
  return result;
}

void RedisLink::on_node_ready(LinkNode& node) {
  if (!running_) return;
  if (deployment_.kind == RedisDeployment::Kind::kSentinel && node.address() == home_ &&
      !home_verified_) {
    verify_sentinel_primary(node);
    return;
  }
  if (deployment_.kind == RedisDeployment::Kind::kCluster && (map_.empty() || reload_wanted_)) {
    reload_cluster_map();
  }
  place_all();
  update_status({});
}

void RedisLink::on_node_lost(LinkNode& node, const std::string& reason) {
  if (!running_) return;
  drop_placements_on(node.address(), /*lost=*/true);
  if (node.address() == home_) home_verified_ = false;
  // With several nodes the reason says which one (the trace keeps 63 characters of it).
  update_status(deployment_.kind == RedisDeployment::Kind::kStandalone
                    ? reason
                    : node.address() + " " + reason);
  // A cluster or Sentinel may have another node for what this one served: ask again. A
  // standalone Redis is only waited for (the node reconnects by itself).
  schedule_reload();
}

void RedisLink::on_push(LinkNode& node, const RedisPush& push) {
  if (push.kind == RedisPush::Kind::kMessage) {
    ++messages_received_;
    bytes_received_ += push.channel.size() + push.payload.size();
    SubscriptionTable& subscriptions = table(push.subscription);
    auto found = subscriptions.find(push.subscription == SubscriptionKind::kPattern ? push.pattern
                                                                                    : push.channel);
    if (found != subscriptions.end()) found->second.handler(push.channel, push.payload);
    return;
  }
  if (push.kind != RedisPush::Kind::kUnsubscribed) return;
  SubscriptionTable& subscriptions = table(push.subscription);
  auto found = subscriptions.find(push.channel);
  if (found == subscriptions.end() || found->second.node != node.address()) return;
  Subscription& subscription = found->second;
  subscription.sent = subscription.active = false;
  subscription.lost = true;
  update_status(node.address() + " dropped the subscription to " + std::string(push.channel) +
                " (its slot is served elsewhere now)");
  schedule_reload();
}

bool RedisLink::healthy() const {
  if (!running_ || map_.empty() || home_.empty()) return false;
  auto home = nodes_.find(home_);
  if (home == nodes_.end() || !home->second->commands_ready()) return false;
  if (deployment_.kind == RedisDeployment::Kind::kSentinel && !home_verified_) return false;
  return !any_lost();
}

void RedisLink::update_status(const std::string& reason) {
  if (!running_) return;
  const bool now = healthy();
  if (now == up_) {
    // Never up yet and failing: say so once, so that an unreachable Redis at start is seen.
    if (!now && !reported_down_ && !reason.empty()) {
      reported_down_ = true;
      events_.on_status(false, reason);
    }
    return;
  }
  up_ = now;
  if (!now) {
    ++outages_;
    reported_down_ = true;
    events_.on_status(false, reason.empty() ? "subscriptions lost" : reason);
    return;
  }
  reported_down_ = false;
  size_t subscriptions = 0;
  for (const auto& table : subscriptions_)
    subscriptions += table.size();
  std::string where = deployment_.kind == RedisDeployment::Kind::kStandalone
                          ? deployment_.nodes.front().url()
                          : deployment_.describe() + ", home node " + home_;
  if (deployment_.kind == RedisDeployment::Kind::kCluster) {
    where += ", " + std::to_string(map_.primaries().size()) + " primaries";
  }
  events_.on_status(
      true, "connected to " + where + ", " + std::to_string(subscriptions) + " subscriptions");
}

void RedisLink::forget_unused_nodes() {
  std::vector<std::string> unused;
  for (const auto& [address, node] : nodes_) {
    if (address == home_) continue;
    bool in_map = false;
    for (const ClusterNode* known : map_.nodes())
      in_map = in_map || known->address() == address;
    bool placed = false;
    for (const auto& table : subscriptions_) {
      for (const auto& [name, subscription] : table)
        placed = placed || subscription.node == address;
    }
    if (!in_map && !placed) unused.push_back(address);
  }
  if (unused.empty()) return;
  // Possibly called from one of these nodes' own callbacks: forget them after it returns.
  asio::post(io_, [this, alive = alive_, unused] {
    if (!*alive) return;
    for (const auto& address : unused) {
      auto found = nodes_.find(address);
      if (found == nodes_.end() || address == home_) continue;
      std::unique_ptr<LinkNode> node = std::move(found->second);
      nodes_.erase(found);
      node->abandon();
    }
  });
}

}  // namespace scaleout::adapter
