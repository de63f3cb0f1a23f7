// Where a command finds Redis: `--redis URL` (one Redis) or `--redis-cluster SEEDS` (a Redis
// Cluster). For the observers a URL naming a node of a cluster is taken as a seed of that
// cluster (asked with INFO cluster), since watching one node would miss the other shards.
#pragma once

#include <optional>
#include <string>

#include "scaleout/adapter/redis_deployment.hpp"

namespace scaleout::cli {

// nullopt with `error` set when neither parses. `seeds` wins when both are given.
std::optional<adapter::RedisDeployment> redis_target(const std::string& url,
                                                     const std::string& seeds, bool detect_cluster,
                                                     std::string* error);

// --observe's value: a redis:// URL, or seeds (host:port[,host:port...]).
std::optional<adapter::RedisDeployment> observe_target(const std::string& text, std::string* error);

}  // namespace scaleout::cli
