// RedisDeployment: constructors, endpoints of named nodes, and the --redis-cluster syntax.
#include "scaleout/adapter/redis_deployment.hpp"

namespace scaleout::adapter {

RedisDeployment RedisDeployment::standalone(RedisEndpoint endpoint) {
  RedisDeployment deployment;
  deployment.nodes.push_back(std::move(endpoint));
  return deployment;
}

RedisEndpoint RedisDeployment::endpoint_of(const std::string& host, uint16_t port) const {
  RedisEndpoint endpoint;
  if (reach) {
    endpoint = reach(host, port);
  } else {
    endpoint.host = host;
    endpoint.port = port;
  }
  if (!nodes.empty()) {
    endpoint.user = nodes.front().user;
    endpoint.password = nodes.front().password;
  }
  return endpoint;
}

std::string RedisDeployment::describe() const {
  std::string addresses;
  for (const auto& node : nodes) {
    addresses += (addresses.empty() ? "" : ",") + node.host + ":" + std::to_string(node.port);
  }
  switch (kind) {
    case Kind::kCluster:
      return "cluster " + addresses;
    case Kind::kSentinel:
      return "sentinel " + master_name + " via " + addresses;
    case Kind::kStandalone:
      break;
  }
  return nodes.empty() ? std::string("redis (none)") : nodes.front().url();
}

std::optional<RedisDeployment> parse_redis_cluster_seeds(std::string_view text,
                                                         std::string* error) {
  auto fail = [&](const std::string& message) -> std::optional<RedisDeployment> {
    if (error) {
      *error = "bad Redis Cluster seeds '" + std::string(text) + "': " + message +
               " (expected [redis://][[user]:password@]host:port[,host:port...])";
    }
    return std::nullopt;
  };
  RedisDeployment deployment;
  deployment.kind = RedisDeployment::Kind::kCluster;
  std::string_view rest = text;
  if (rest.starts_with("redis://")) rest.remove_prefix(8);
  std::string credentials;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    credentials = std::string(rest.substr(0, at + 1));
    rest.remove_prefix(at + 1);
  }
  size_t start = 0;
  for (;;) {
    const size_t comma = rest.find(',', start);
    const std::string_view seed = rest.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (seed.empty()) return fail("an empty seed");
    if (seed.find(':') == std::string_view::npos)
      return fail("seed '" + std::string(seed) + "' has no port");
    std::string url_error;
    auto endpoint = parse_redis_url("redis://" + credentials + std::string(seed), &url_error);
    if (!endpoint) return fail(url_error);
    deployment.nodes.push_back(std::move(*endpoint));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return deployment;
}

}  // namespace scaleout::adapter
