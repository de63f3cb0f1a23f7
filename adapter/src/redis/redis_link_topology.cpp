// RedisLink's topology: the slot map (fixed for a standalone Redis, CLUSTER SHARDS for a cluster,
// Sentinel's primary), reloading it while something is lost, and the home node.
#include <random>

#include "redis/link_node.hpp"
#include "redis/sentinel_watch.hpp"
#include "scaleout/adapter/redis_link.hpp"

namespace scaleout::adapter {

void RedisLink::load_topology() {
  switch (deployment_.kind) {
    case RedisDeployment::Kind::kStandalone: {
      const RedisEndpoint& endpoint = deployment_.nodes.front();
      apply_map(SlotMap::single(endpoint.host, endpoint.port));
      return;
    }
    case RedisDeployment::Kind::kCluster:
      reload_cluster_map();
      return;
    case RedisDeployment::Kind::kSentinel: {
      std::vector<RedisEndpoint> sentinels = deployment_.nodes;
      for (auto& sentinel : sentinels) {
        sentinel.user.clear();
        sentinel.password = deployment_.sentinel_password;
      }
      sentinel_ = std::make_unique<SentinelWatch>(
          io_, std::move(sentinels), deployment_.master_name,
          [this](const std::string& host, uint16_t port) { on_sentinel_primary(host, port); },
          options_);
      sentinel_->start();
      return;
    }
  }
}

void RedisLink::schedule_reload() {
  if (!running_ || reload_scheduled_ || deployment_.kind == RedisDeployment::Kind::kStandalone)
    return;
  reload_scheduled_ = true;
  reload_timer_.expires_after(options_.cluster_retry);
  reload_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (error || !*alive) return;
    reload_scheduled_ = false;
    if (!running_) return;
    if (deployment_.kind == RedisDeployment::Kind::kSentinel) {
      sentinel_->ask();
    } else {
      reload_cluster_map();
    }
  });
}

void RedisLink::reload_cluster_map() {
  if (!running_ || reloading_) return;
  // Any node that answers will do: the home node first, then the others, then the seeds.
  LinkNode* from = nullptr;
  if (LinkNode* home = find_node(home_); home && home->commands_ready()) from = home;
  for (auto& [address, node] : nodes_) {
    if (!from && node->commands_ready()) from = node.get();
  }
  if (!from) {
    // Nobody to ask yet: connect to the next seed; its on_ready asks.
    reload_wanted_ = true;
    const RedisEndpoint& seed = deployment_.nodes[next_seed_++ % deployment_.nodes.size()];
    node(seed.host + ":" + std::to_string(seed.port));
    return;
  }
  reload_wanted_ = false;
  std::string_view args[] = {"CLUSTER", "SHARDS"};
  reloading_ = from->command(
      args, [this, alive = alive_, address = from->address()](const redisReply* reply) {
        if (*alive) on_cluster_shards(address, reply);
      });
  if (!reloading_) schedule_reload();
}

void RedisLink::on_cluster_shards(const std::string& from, const redisReply* reply) {
  reloading_ = false;
  if (!running_) return;
  std::string error = reply ? std::string() : "no answer to CLUSTER SHARDS";
  auto map = reply ? parse_cluster_shards(*reply, &error) : std::nullopt;
  if (!map || map->slots_served() == 0) {
    update_status(from + ": " + (map ? std::string("no slot is served") : error));
    schedule_reload();
    return;
  }
  apply_map(std::move(*map));
  // A subscription still without its node (a failover under way): look again shortly.
  if (any_lost()) schedule_reload();
}

void RedisLink::on_sentinel_primary(const std::string& host, uint16_t port) {
  if (!running_) return;
  const std::string address = host + ":" + std::to_string(port);
  if (address != home_) home_verified_ = false;
  apply_map(SlotMap::single(host, port));
  if (LinkNode* home = find_node(home_); home && home->commands_ready() && !home_verified_) {
    verify_sentinel_primary(*home);
  }
  // Still without its primary (Sentinel has not failed it over yet): ask again shortly, in case
  // the +switch-master event is missed.
  if (any_lost()) schedule_reload();
}

// Sentinel may name a node before it has turned into a primary, or a restarted old primary may
// still answer: only a node whose ROLE says master is used.
void RedisLink::verify_sentinel_primary(LinkNode& node) {
  std::string_view args[] = {"ROLE"};
  node.command(args, [this, alive = alive_, address = node.address()](const redisReply* reply) {
    if (!*alive || !running_ || address != home_) return;
    const bool primary =
        reply && reply->type == REDIS_REPLY_ARRAY && reply->elements > 0 &&
        reply->element[0]->type == REDIS_REPLY_STRING &&
        std::string_view(reply->element[0]->str, reply->element[0]->len) == "master";
    if (!primary) {
      update_status(address + " is not a primary (yet)");
      schedule_reload();
      return;
    }
    home_verified_ = true;
    place_all();
    update_status({});
  });
}

void RedisLink::apply_map(SlotMap map) {
  map_ = std::move(map);
  choose_home();
  // Every primary at once: SPUBLISH and keyed commands may go to any of them.
  if (is_cluster()) {
    for (const ClusterNode* primary : map_.primaries())
      node(primary->address());
  }
  place_all();
  forget_unused_nodes();
  update_status({});
}

void RedisLink::choose_home() {
  std::vector<std::string> candidates;
  for (const ClusterNode* primary : map_.primaries())
    candidates.push_back(primary->address());
  const auto usable = [&](const std::string& address) {
    LinkNode* existing = find_node(address);
    return !existing || !existing->down();
  };
  if (std::find(candidates.begin(), candidates.end(), home_) != candidates.end() && usable(home_))
    return;
  std::vector<std::string> preferred;
  for (const auto& candidate : candidates) {
    if (usable(candidate)) preferred.push_back(candidate);
  }
  if (preferred.empty()) preferred = candidates;
  if (preferred.empty()) return;
  // Like node-redis, any primary: the servers' classic subscriptions spread over the nodes.
  thread_local std::mt19937 generator{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, preferred.size() - 1);
  home_ = preferred[pick(generator)];
  home_verified_ = false;
  node(home_);
}

}  // namespace scaleout::adapter
