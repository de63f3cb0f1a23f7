// redis_target and observe_target: URL or seeds, and a cluster node's URL taken as a seed.
#include "redis_target_cli.hpp"

#include "scaleout/adapter/blocking_redis.hpp"

namespace scaleout::cli {

std::optional<adapter::RedisDeployment> redis_target(const std::string& url,
                                                     const std::string& seeds, bool detect_cluster,
                                                     std::string* error) {
  if (!seeds.empty()) return adapter::parse_redis_cluster_seeds(seeds, error);
  auto endpoint = adapter::parse_redis_url(url, error);
  if (!endpoint) return std::nullopt;
  auto deployment = adapter::RedisDeployment::standalone(*endpoint);
  if (detect_cluster) {
    adapter::BlockingRedis redis(*endpoint, std::chrono::milliseconds(1000));
    auto info = redis.command({"INFO", "cluster"}, nullptr);
    if (info && info->type == adapter::RedisValue::Type::kString &&
        adapter::parse_redis_info(info->text)["cluster_enabled"] == "1") {
      deployment.kind = adapter::RedisDeployment::Kind::kCluster;
    }
  }
  return deployment;
}

std::optional<adapter::RedisDeployment> observe_target(const std::string& text,
                                                       std::string* error) {
  const bool url = text.starts_with("redis://") && text.find(',') == std::string::npos;
  return url ? redis_target(text, {}, /*detect_cluster=*/true, error)
             : redis_target({}, text, false, error);
}

}  // namespace scaleout::cli
