// The names of the world's own small enums as commands, scenarios, the trace and views spell
// them (the server's and the stores' are with them). Apart from the classes they belong to, so
// that the command and scenario parsers (and their fuzz target) need nothing else of the world.
#include <charconv>

#include "scaleout/world/client_fleet.hpp"
#include "scaleout/world/redis_topology.hpp"

namespace scaleout::sim {

const char* to_string(ClientTransport transport) {
  return transport == ClientTransport::kPolling ? "polling" : "websocket";
}

std::optional<ClientTransport> parse_client_transport(std::string_view text) {
  if (text == "websocket") return ClientTransport::kWebSocket;
  if (text == "polling") return ClientTransport::kPolling;
  return std::nullopt;
}

const char* to_string(StateStore store) {
  return store == StateStore::kMemory ? "memory" : "redis";
}

std::optional<StateStore> parse_state_store(std::string_view text) {
  if (text == "redis") return StateStore::kRedis;
  if (text == "memory") return StateStore::kMemory;
  return std::nullopt;
}

std::optional<RedisTopology> parse_redis_topology(std::string_view text) {
  RedisTopology topology;
  if (text == "embedded") return topology;
  if (text == "sentinel") {
    topology.kind = RedisTopology::Kind::kSentinel;
    return topology;
  }
  if (!text.starts_with("cluster")) return std::nullopt;
  topology.kind = RedisTopology::Kind::kCluster;
  text.remove_prefix(7);
  if (text.empty()) return topology;
  if (!text.starts_with(':')) return std::nullopt;
  text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), topology.primaries);
  if (error != std::errc() || end != text.data() + text.size() || topology.primaries < 1 ||
      topology.primaries > kMaxRedisPrimaries) {
    return std::nullopt;
  }
  return topology;
}

std::string describe(const RedisTopology& topology) {
  switch (topology.kind) {
    case RedisTopology::Kind::kCluster: {
      std::string text = "cluster:" + std::to_string(topology.primaries);
      if (topology.replicas > 0)
        text += " (" + std::to_string(topology.replicas) + " replicas each)";
      return text;
    }
    case RedisTopology::Kind::kSentinel:
      return "sentinel";
    case RedisTopology::Kind::kSingle:
      break;
  }
  return "embedded";
}

std::vector<std::string> redis_node_names(const RedisTopology& topology) {
  std::vector<std::string> names;
  if (topology.kind == RedisTopology::Kind::kSentinel) return {"r1", "r2"};
  if (topology.kind != RedisTopology::Kind::kCluster) return names;
  for (int i = 1; i <= topology.primaries * (1 + topology.replicas); ++i)
    names.push_back("n" + std::to_string(i));
  return names;
}

}  // namespace scaleout::sim
