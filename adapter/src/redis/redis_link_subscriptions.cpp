// RedisLink's subscriptions: where each belongs, placing it there, and finding it a new place
// when its node goes away or Redis drops it.
#include <span>

#include "redis/link_node.hpp"
#include "scaleout/adapter/cluster_slot.hpp"
#include "scaleout/adapter/redis_link.hpp"

namespace scaleout::adapter {

void RedisLink::subscribe(const std::string& channel, MessageHandler handler) {
  add_subscription(SubscriptionKind::kChannel, channel, std::move(handler));
}

void RedisLink::psubscribe(const std::string& pattern, MessageHandler handler) {
  add_subscription(SubscriptionKind::kPattern, pattern, std::move(handler));
}

void RedisLink::ssubscribe(const std::string& channel, MessageHandler handler) {
  add_subscription(SubscriptionKind::kShard, channel, std::move(handler));
}

void RedisLink::unsubscribe(const std::string& channel) {
  remove_subscription(SubscriptionKind::kChannel, channel);
}

void RedisLink::punsubscribe(const std::string& pattern) {
  remove_subscription(SubscriptionKind::kPattern, pattern);
}

void RedisLink::sunsubscribe(const std::string& channel) {
  remove_subscription(SubscriptionKind::kShard, channel);
}

namespace {

template <class Table>
std::vector<std::string> names_of(const Table& table) {
  std::vector<std::string> out;
  out.reserve(table.size());
  for (const auto& [name, subscription] : table)
    out.push_back(name);
  return out;
}

}  // namespace

std::vector<std::string> RedisLink::channels() const {
  return names_of(subscriptions_[static_cast<int>(SubscriptionKind::kChannel)]);
}

std::vector<std::string> RedisLink::patterns() const {
  return names_of(subscriptions_[static_cast<int>(SubscriptionKind::kPattern)]);
}

std::vector<std::string> RedisLink::shard_channels() const {
  return names_of(subscriptions_[static_cast<int>(SubscriptionKind::kShard)]);
}

std::vector<LinkSubscription> RedisLink::placements() const {
  std::vector<LinkSubscription> out;
  for (auto kind :
       {SubscriptionKind::kChannel, SubscriptionKind::kPattern, SubscriptionKind::kShard}) {
    for (const auto& [name, subscription] : subscriptions_[static_cast<int>(kind)]) {
      out.push_back(LinkSubscription{kind, name, subscription.node, subscription.active});
    }
  }
  return out;
}

void RedisLink::add_subscription(SubscriptionKind kind, const std::string& name,
                                 MessageHandler handler) {
  auto [entry, added] = table(kind).try_emplace(name);
  entry->second.handler = std::move(handler);
  if (added) place(kind, name, entry->second);
}

void RedisLink::remove_subscription(SubscriptionKind kind, const std::string& name) {
  SubscriptionTable& subscriptions = table(kind);
  auto found = subscriptions.find(name);
  if (found == subscriptions.end()) return;
  const Subscription subscription = std::move(found->second);
  subscriptions.erase(found);
  // A subscribe still on its way is followed by this unsubscribe on the same connection.
  if (!subscription.sent && !subscription.active) return;
  if (LinkNode* node = find_node(subscription.node); node && node->subscriber()) {
    node->subscriber()->unsubscribe(kind, std::span<const std::string>(&name, 1));
  }
  // A lost one no longer holds the link down.
  if (subscription.lost) update_status({});
}

std::string RedisLink::placement(SubscriptionKind kind, const std::string& name) const {
  if (kind != SubscriptionKind::kShard || !is_cluster()) return home_;
  const ClusterNode* primary = map_.primary_of(key_hash_slot(name));
  return primary ? primary->address() : std::string();
}

void RedisLink::place(SubscriptionKind kind, const std::string& name, Subscription& subscription) {
  if (!running_) return;
  const std::string target = placement(kind, name);
  if (target != subscription.node) {
    if (subscription.sent || subscription.active) {
      // It moves (its slot went to another node, the home node changed): leave the old node if
      // it still listens; messages published in between are missed, so it counts as lost.
      if (LinkNode* old = find_node(subscription.node); old && old->subscriber()) {
        old->subscriber()->unsubscribe(kind, std::span<const std::string>(&name, 1));
      }
      subscription.lost = subscription.lost || subscription.active;
      subscription.sent = subscription.active = false;
    }
    subscription.node = target;
  }
  if (target.empty() || subscription.sent || subscription.active) return;
  LinkNode& node = this->node(target);
  node.want_subscriber();
  RedisConnection* connection = node.subscriber();
  if (!connection) {
    // Placed once the node is ready. Meanwhile its messages are missed if it is down.
    if (node.down()) subscription.lost = true;
    return;
  }
  const uint64_t attempt = ++subscription.attempt;
  subscription.sent =
      connection->subscribe(kind, std::span<const std::string>(&name, 1),
                            [this, alive = alive_, kind, name, attempt](const redisReply* reply) {
                              if (*alive) on_subscribed(kind, name, attempt, reply);
                            });
}

void RedisLink::place_all() {
  for (auto kind :
       {SubscriptionKind::kChannel, SubscriptionKind::kPattern, SubscriptionKind::kShard}) {
    for (auto& [name, subscription] : table(kind))
      place(kind, name, subscription);
  }
}

void RedisLink::on_subscribed(SubscriptionKind kind, const std::string& name, uint64_t attempt,
                              const redisReply* reply) {
  SubscriptionTable& subscriptions = table(kind);
  auto found = subscriptions.find(name);
  if (found == subscriptions.end() || found->second.attempt != attempt) return;
  Subscription& subscription = found->second;
  subscription.sent = false;
  if (!reply) {
    // The connection went first: on_node_lost places it again.
    subscription.lost = true;
    return;
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string error(reply->str, reply->len);
    subscription.lost = true;
    if (auto redirect = parse_redirect(error); redirect && !redirect->ask) {
      map_.move_slot(redirect->slot, redirect->host, redirect->port);
      place(kind, name, subscription);
    }
    update_status(subscription.node + " refused the subscription to " + name + ": " + error);
    schedule_reload();
    return;
  }
  subscription.active = true;
  subscription.lost = false;
  update_status({});
}

void RedisLink::drop_placements_on(const std::string& address, bool lost) {
  for (auto& table : subscriptions_) {
    for (auto& [name, subscription] : table) {
      if (subscription.node != address || (!subscription.sent && !subscription.active)) continue;
      subscription.lost = subscription.lost || lost;
      subscription.sent = subscription.active = false;
    }
  }
}

bool RedisLink::any_lost() const {
  for (const auto& table : subscriptions_) {
    for (const auto& [name, subscription] : table) {
      if (subscription.lost) return true;
    }
  }
  return false;
}

}  // namespace scaleout::adapter
