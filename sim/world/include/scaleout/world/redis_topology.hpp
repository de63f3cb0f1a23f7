// RedisTopology: which Redis a world starts for itself, as `--redis` and a scenario's
// `world.redis` spell it. Apart from the Cluster so that the command and scenario parsers need
// nothing else of the world.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scaleout::sim {

// The Redis a world starts for itself: one redis-server, a Redis Cluster (N primaries, R replicas
// of each), or a primary and a replica watched by three sentinels.
struct RedisTopology {
  enum class Kind { kSingle, kCluster, kSentinel };
  Kind kind = Kind::kSingle;
  int primaries = 3;  // cluster
  int replicas = 0;   // cluster: per primary
};
constexpr int kMaxRedisPrimaries = 9;
constexpr int kMaxRedisReplicas = 2;
// "embedded" (one redis-server), "cluster" or "cluster:N" (N primaries, 3 by default),
// "sentinel"; nullopt for anything else (a URL is not a topology).
std::optional<RedisTopology> parse_redis_topology(std::string_view text);
// "embedded", "cluster:3", "cluster:3 (1 replicas each)", "sentinel".
std::string describe(const RedisTopology& topology);
// The nodes world commands name (kill-redis NODE): n1.. of a cluster (primaries first, then
// replicas), r1 and r2 with Sentinel, none for one redis-server.
std::vector<std::string> redis_node_names(const RedisTopology& topology);

}  // namespace scaleout::sim
