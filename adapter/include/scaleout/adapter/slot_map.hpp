// SlotMap: which node serves each of Redis Cluster's 16384 slots, read from CLUSTER SHARDS
// (Redis 7): per shard its slot ranges and its nodes (primary and replicas, with their health).
// A standalone Redis, or the primary Sentinel names, is a map of one shard that holds every slot,
// so that the link routes the same way whatever it is connected to.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scaleout/adapter/cluster_slot.hpp"

struct redisReply;

namespace scaleout::adapter {

struct ClusterNode {
  std::string id;  // CLUSTER MYID; empty for a standalone node
  std::string host;
  uint16_t port = 0;
  bool primary = true;
  std::string health = "online";  // online, fail or loading
  long long replication_offset = 0;

  std::string address() const { return host + ":" + std::to_string(port); }
};

struct SlotRange {
  uint16_t first = 0;
  uint16_t last = 0;  // inclusive
};

struct ClusterShard {
  std::vector<SlotRange> slots;
  std::vector<ClusterNode> nodes;
  // The online primary, or nullptr while the shard has none (its primary failed, no replica
  // promoted yet).
  const ClusterNode* primary() const;
};

class SlotMap {
 public:
  SlotMap();
  // One node serving every slot.
  static SlotMap single(const std::string& host, uint16_t port);
  explicit SlotMap(std::vector<ClusterShard> shards);

  const std::vector<ClusterShard>& shards() const { return shards_; }
  bool empty() const { return shards_.empty(); }
  // nullptr for a slot no shard serves.
  const ClusterShard* shard_of(uint16_t slot) const;
  const ClusterNode* primary_of(uint16_t slot) const;
  // The online primaries, one per shard that has one, in shard order.
  std::vector<const ClusterNode*> primaries() const;
  // Every node, for the connections a link may need.
  std::vector<const ClusterNode*> nodes() const;
  // Slots that have a shard.
  size_t slots_served() const;
  // A MOVED reply: `slot` is served by host:port now (a full reload follows; until then the
  // slot points at that node, a primary of a shard of its own if the map does not know it).
  void move_slot(uint16_t slot, const std::string& host, uint16_t port);

 private:
  void index();

  std::vector<ClusterShard> shards_;
  std::array<int16_t, kClusterSlots> owner_;  // shard index per slot, -1 for none
};

// CLUSTER SHARDS' reply in RESP2 (maps as flat key/value arrays). nullopt, with `error` saying
// what is wrong, for anything else (an error reply, another shape).
std::optional<SlotMap> parse_cluster_shards(const redisReply& reply, std::string* error);

// "MOVED 3999 127.0.0.1:6381" / "ASK 3999 127.0.0.1:6381" (hiredis strips the '-').
struct Redirect {
  bool ask = false;
  uint16_t slot = 0;
  std::string host;
  uint16_t port = 0;
};
std::optional<Redirect> parse_redirect(std::string_view error);

}  // namespace scaleout::adapter
