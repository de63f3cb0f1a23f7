// RedisDeployment: what a RedisLink connects to, and how it finds the nodes:
//   standalone  one Redis at a fixed address (redis://[[user]:password@]host[:port])
//   cluster     a Redis Cluster found through seed nodes (CLUSTER SHARDS on any of them)
//   sentinel    a primary found through Sentinel (SENTINEL get-master-addr-by-name), followed
//               when Sentinel fails it over (+switch-master)
// and, for a world that puts its link relays in front of every node, where to connect for the
// node a cluster or Sentinel names.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

struct RedisDeployment {
  enum class Kind { kStandalone, kCluster, kSentinel };
  Kind kind = Kind::kStandalone;
  // standalone: the one node; cluster: seed nodes; sentinel: the sentinels. The credentials of
  // the data nodes are those of the first entry.
  std::vector<RedisEndpoint> nodes;
  std::string master_name = "mymaster";  // sentinel: the name Sentinel monitors the primary by
  std::string sentinel_password;         // sentinel: the sentinels' own, when they have one
  // Where to connect for the data node a cluster or Sentinel calls host:port; empty: there.
  // Called on the link's thread.
  std::function<RedisEndpoint(const std::string& host, uint16_t port)> reach;

  static RedisDeployment standalone(RedisEndpoint endpoint);
  // The endpoint of host:port with the data nodes' credentials, through `reach` when set.
  RedisEndpoint endpoint_of(const std::string& host, uint16_t port) const;
  // For messages: redis://127.0.0.1:6379, cluster 127.0.0.1:20001,..., sentinel mymaster via ...
  std::string describe() const;
};

// The seeds of --redis-cluster: [redis://][[user]:password@]host:port[,host:port...], the
// credentials given once (they apply to every node). nullopt with `error` set otherwise.
std::optional<RedisDeployment> parse_redis_cluster_seeds(std::string_view text, std::string* error);

}  // namespace scaleout::adapter
