// RedisLink: one server's link to its broker, as the adapters and the app need it, whatever the
// broker is: one Redis, a Redis Cluster, or a primary watched by Sentinel (RedisDeployment). It
// lives on the server's io_context, with a command connection and (once a subscription needs one)
// a subscriber connection per node it uses (LinkNode).
//
// - Classic subscriptions (SUBSCRIBE, PSUBSCRIBE) and PUBLISH go to one node, the home node: any
//   node of a cluster hears every classic PUBLISH over the cluster bus.
// - Sharded subscriptions go one channel per SSUBSCRIBE to the primary serving the channel's slot;
//   SPUBLISH goes there too.
// - Keyed commands (HSET, GET...) go to the primary of their key's slot. MOVED updates the slot and
//   reloads the map, ASK sends ASKING first, CLUSTERDOWN and TRYAGAIN back off 100 ms and reload
//   the map through another node, a bounded number of times.
// - It keeps every subscription: when a node goes away (killed, failed over, paused, cut off) or
//   Redis drops a sharded subscription by itself (its slot moved: a `sunsubscribe` push), it
//   reports the outage once through on_status, finds the subscription's owner again (the map
//   reloaded, or Sentinel asked), subscribes there, and reports that it is back.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_connection.hpp"
#include "scaleout/adapter/redis_deployment.hpp"
#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/adapter/slot_map.hpp"

namespace scaleout::adapter {

class LinkNode;
class SentinelWatch;

struct RedisLinkOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds health_interval{1000};
  std::chrono::milliseconds unresponsive_after{3000};
  std::chrono::milliseconds min_backoff{50};
  std::chrono::milliseconds max_backoff{500};
  // Between tries while a cluster is down or a slot's owner is not found (CLUSTERDOWN, TRYAGAIN,
  // a failover under way).
  std::chrono::milliseconds cluster_retry{100};
  // Redirects and retries of one command before it fails.
  int max_redirects = 5;
  // Unanswered commands beyond this are refused rather than queued without bound.
  size_t max_pending_commands = 200000;
};

// Where one subscription is now, for the world's picture.
struct LinkSubscription {
  SubscriptionKind kind = SubscriptionKind::kChannel;
  std::string name;
  std::string node;     // host:port of the node it is placed on; empty while it has none
  bool active = false;  // confirmed by that node
};

class RedisLink {
 public:
  using MessageHandler = std::function<void(std::string_view channel, std::string_view payload)>;
  // `total` counts what every primary answered; `complete` is false when some did not.
  using CountCallback = std::function<void(size_t total, bool complete)>;

  struct Events {
    // Required: the owner must hear about outages. up=false carries the reason.
    std::function<void(bool up, const std::string& reason)> on_status;
    // Optional: each command's round trip.
    RedisConnection::CommandTimer on_command;
  };

  // Throws std::invalid_argument when events.on_status is empty or the deployment names no node.
  RedisLink(boost::asio::io_context& io, RedisDeployment deployment, Events events,
            RedisLinkOptions options = {});
  RedisLink(boost::asio::io_context& io, RedisEndpoint endpoint, Events events,
            RedisLinkOptions options = {});
  ~RedisLink();
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  void start();
  void stop();
  bool up() const { return up_; }
  const RedisDeployment& deployment() const { return deployment_; }
  bool is_cluster() const { return deployment_.kind == RedisDeployment::Kind::kCluster; }
  boost::asio::io_context& io() { return io_; }
  uint64_t outages() const { return outages_; }
  // Every message Redis pushed on the subscriber connections, whether or not anybody here wanted
  // it (a room with no member here still arrives with the classic adapter: redis-adapter #510),
  // and its bytes (channel and payload).
  uint64_t messages_received() const { return messages_received_; }
  uint64_t bytes_received() const { return bytes_received_; }

  // Subscriptions are remembered and made again after every outage, wherever their owner is then.
  void subscribe(const std::string& channel, MessageHandler handler);
  void psubscribe(const std::string& pattern, MessageHandler handler);
  void ssubscribe(const std::string& channel, MessageHandler handler);
  void unsubscribe(const std::string& channel);
  void punsubscribe(const std::string& pattern);
  void sunsubscribe(const std::string& channel);

  // What this link subscribes to, whether or not it is up now.
  std::vector<std::string> channels() const;
  std::vector<std::string> patterns() const;
  std::vector<std::string> shard_channels() const;
  std::vector<LinkSubscription> placements() const;
  // The slot map in use (a single shard for a standalone Redis or Sentinel's primary).
  const SlotMap& slot_map() const { return map_; }
  // Reads the slot map again soon (a cluster, or Sentinel's answer): for whoever suspects that it
  // is stale, e.g. a primary it names does not answer.
  void refresh_topology() { schedule_reload(); }
  // The node classic subscriptions and PUBLISH use; empty until there is one.
  const std::string& home_node() const { return home_; }

  // false when the message cannot be sent now (the node is down or saturated).
  bool publish(std::string_view channel, std::string_view payload);
  bool spublish(std::string_view channel, std::string_view payload);
  // A command, sent to the node of its key (args[1]) unless the command takes none (PING, INFO,
  // PUBLISH, PUBSUB...). false when it cannot be sent now; the callback then is not called.
  bool command(std::span<const std::string_view> args, RedisConnection::ReplyCallback callback);
  // PUBSUB NUMSUB (kChannel) or SHARDNUMSUB (kShard) of `channel`, added up over the primaries,
  // as @socket.io/redis-adapter counts servers on a cluster.
  void count_subscribers(SubscriptionKind kind, const std::string& channel, CountCallback done);

 private:
  struct Subscription {
    MessageHandler handler;
    std::string node;      // where it is placed (or being placed); empty: nowhere yet
    bool sent = false;     // a subscribe is on its way to `node`
    bool active = false;   // `node` confirmed it
    bool lost = false;     // it was dropped and is not back yet: the link is down meanwhile
    uint64_t attempt = 0;  // which subscribe a confirmation answers
  };
  using SubscriptionTable = std::map<std::string, Subscription, std::less<>>;
  struct RoutedCommand;

  // redis_link.cpp: nodes and status.
  LinkNode& node(const std::string& address);
  LinkNode* find_node(const std::string& address);
  void on_node_ready(LinkNode& node);
  void on_node_lost(LinkNode& node, const std::string& reason);
  void on_push(LinkNode& node, const RedisPush& push);
  void update_status(const std::string& reason);
  bool healthy() const;
  void forget_unused_nodes();

  // redis_link_subscriptions.cpp
  SubscriptionTable& table(SubscriptionKind kind) { return subscriptions_[static_cast<int>(kind)]; }
  void add_subscription(SubscriptionKind kind, const std::string& name, MessageHandler handler);
  void remove_subscription(SubscriptionKind kind, const std::string& name);
  // The node `name` belongs on now; empty when none is known.
  std::string placement(SubscriptionKind kind, const std::string& name) const;
  void place(SubscriptionKind kind, const std::string& name, Subscription& subscription);
  void place_all();
  void on_subscribed(SubscriptionKind kind, const std::string& name, uint64_t attempt,
                     const redisReply* reply);
  void drop_placements_on(const std::string& address, bool lost);
  bool any_lost() const;

  // redis_link_commands.cpp
  void route(std::shared_ptr<RoutedCommand> command);
  void on_routed_reply(std::shared_ptr<RoutedCommand> command, const redisReply* reply);
  void retry_later(std::shared_ptr<RoutedCommand> command);
  // The node for a command on `slot` (the home node when the command has no key).
  std::string node_for_slot(std::optional<uint16_t> slot) const;

  // redis_link_topology.cpp: the slot map and the home node.
  void load_topology();
  void reload_cluster_map();
  void on_cluster_shards(const std::string& from, const redisReply* reply);
  void on_sentinel_primary(const std::string& host, uint16_t port);
  void verify_sentinel_primary(LinkNode& node);
  void apply_map(SlotMap map);
  void choose_home();
  void schedule_reload();

  boost::asio::io_context& io_;
  RedisDeployment deployment_;
  Events events_;
  RedisLinkOptions options_;
  SlotMap map_;
  std::string home_;
  std::map<std::string, std::unique_ptr<LinkNode>> nodes_;  // by address
  std::unique_ptr<SentinelWatch> sentinel_;
  SubscriptionTable subscriptions_[3];
  boost::asio::steady_timer reload_timer_;
  bool reloading_ = false;
  bool reload_scheduled_ = false;
  bool reload_wanted_ = false;  // a reload waits for a node to answer
  bool home_verified_ = false;  // Sentinel's primary said ROLE master
  size_t next_seed_ = 0;
  bool running_ = false;
  bool up_ = false;
  bool reported_down_ = false;
  uint64_t outages_ = 0;
  uint64_t messages_received_ = 0;
  uint64_t bytes_received_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
