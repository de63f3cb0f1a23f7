// ShardedRedisAdapter: the rooms of one namespace shared over Redis 7's sharded pub/sub,
// wire-compatible with @socket.io/redis-adapter 8.3's createShardedAdapter
// (shared/adapter-variants-facts.md section 1). The ClusterAdapter protocol travels on shard
// channels: SPUBLISH to P#nsp# (every server), P#nsp#room# (a room's servers, in the dynamic
// modes) and P#nsp#uid# (one server's responses); serverCount is PUBSUB SHARDNUMSUB of P#nsp#
// added up over the primaries. On a cluster each channel lives in the shard of its slot, so room
// traffic spreads over the shards and reaches only the servers that subscribe to it; on one
// Redis 7 it behaves like plain pub/sub. The link resubscribes after a failover or a slot move.
#pragma once

#include <chrono>
#include <set>
#include <string>

#include "scaleout/adapter/cluster_adapter.hpp"
#include "scaleout/adapter/redis_link.hpp"
#include "scaleout/adapter/subscription_mode.hpp"

namespace scaleout::adapter {

struct ShardedAdapterOptions {
  std::string channel_prefix = "socket.io";
  SubscriptionMode mode = SubscriptionMode::kDynamic;
  std::chrono::milliseconds requests_timeout{5000};
};

class ShardedRedisAdapter : public ClusterAdapter {
 public:
  ShardedRedisAdapter(NamespacePort& nsp, RedisLink& link, AdapterObserver& observer,
                      ShardedAdapterOptions options = {});
  ~ShardedRedisAdapter() override;

  std::string_view kind() const override { return "sharded"; }
  SubscriptionMode mode() const { return options_.mode; }
  const std::string& channel() const { return channel_; }
  const std::string& response_channel() const { return response_channel_; }
  std::string room_channel(const Room& room) const { return channel_ + room + "#"; }

  void server_count(ServerCountCallback done) override;
  void close() override;

 protected:
  Published do_publish(const protocol::ClusterMessage& message) override;
  Published do_publish_response(const std::string& requester,
                                const protocol::ClusterMessage& response) override;
  void on_room_created(const Room& room) override;
  void on_room_deleted(const Room& room) override;

 private:
  std::string compute_channel(const protocol::ClusterMessage& message) const;
  bool has_own_channel(const Room& room) const;
  Published send(const std::string& channel, const protocol::ClusterMessage& message);

  RedisLink& link_;
  ShardedAdapterOptions options_;
  std::string channel_;           // P#nsp#
  std::string response_channel_;  // P#nsp#uid#
  std::set<Room> room_channels_;  // rooms whose channel this server subscribes to
  bool closed_ = false;
};

}  // namespace scaleout::adapter
