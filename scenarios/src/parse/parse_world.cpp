// The world section: servers and their adapters, Redis, the load balancer, bots, the clients
// connected before the first step, and the loss detector's settle time.
#include <cctype>

#include "parse/parse_parts.hpp"
#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::scenarios::parse {

namespace {

constexpr int kMaxServers = 16;

sim::AdapterKind adapter_kind(const YamlReader& reader, const YAML::Node& node) {
  const std::string text = reader.string(node, "redis, sharded or memory");
  auto kind = sim::parse_adapter(text);
  if (!kind) reader.refuse(node, "redis, sharded or memory");
  return *kind;
}

constexpr const char* kRedisForms =
    "embedded, sentinel, cluster:N, {cluster: N, replicas: R} or a "
    "redis://[[user]:password@]host[:port] URL";

// world.redis: an embedded Redis of some topology, or an external one by its URL.
void parse_redis(const YamlReader& reader, const YAML::Node& node, WorldSpec& world) {
  world.redis = "embedded";
  if (node.IsMap()) {
    MapFields fields(reader, node, "a Redis Cluster", {"cluster", "replicas"});
    world.redis_topology.kind = sim::RedisTopology::Kind::kCluster;
    world.redis_topology.primaries =
        reader.integer(fields.require("cluster"), 1, sim::kMaxRedisPrimaries);
    if (fields.has("replicas")) {
      world.redis_topology.replicas =
          reader.integer(fields.get("replicas"), 0, sim::kMaxRedisReplicas);
    }
    return;
  }
  const std::string text = reader.string(node, kRedisForms);
  if (auto topology = sim::parse_redis_topology(text)) {
    world.redis_topology = *topology;
    return;
  }
  std::string error;
  if (!adapter::parse_redis_url(text, &error)) reader.refuse(node, kRedisForms);
  world.redis = text;
}

sim::command::ConnectClients world_clients(const YamlReader& reader, const YAML::Node& node,
                                           const WorldSpec& world) {
  MapFields fields(reader, node, "a group of clients",
                   {"count", "room", "via", "name", "transport"});
  sim::command::ConnectClients connect;
  connect.count = reader.integer(fields.require("count"), 1, 1000);
  if (fields.has("room")) connect.room = reader.name(fields.get("room"), "a room");
  if (fields.has("via")) {
    connect.via = reader.name(fields.get("via"), "a server's name");
    bool known = false;
    for (int i = 1; i <= world.servers; ++i)
      known |= connect.via == "s" + std::to_string(i);
    if (!known) {
      reader.refuse(fields.get("via"),
                    "a server of this world (s1 to s" + std::to_string(world.servers) + ")");
    }
  } else if (!world.balancer) {
    reader.refuse(fields.key_mark("count"), "'via' (this world has no load balancer)", "no 'via'");
  }
  if (fields.has("name")) {
    connect.name = reader.name(fields.get("name"), "a name prefix");
    if (std::isdigit(static_cast<unsigned char>(connect.name.back()))) {
      reader.refuse(fields.get("name"), "a name prefix that does not end in a digit");
    }
  }
  if (fields.has("transport")) {
    auto transport = sim::parse_client_transport(fields.get("transport").Scalar());
    if (!transport) reader.refuse(fields.get("transport"), "websocket or polling");
    connect.transport = *transport;
  }
  return connect;
}

}  // namespace

WorldSpec parse_world(const YamlReader& reader, const YAML::Node& node) {
  MapFields fields(reader, node, "the world",
                   {"servers", "adapter", "redis", "balancer", "bots", "clients", "settle",
                    "memcached", "size"});
  WorldSpec world;
  world.mark = reader.mark(node);
  const bool adapter_given = fields.has("adapter");
  if (adapter_given) world.adapter = adapter_kind(reader, fields.get("adapter"));
  if (fields.has("size")) world.size = reader.integer(fields.get("size"), 0, sim::kMaxVcpus);

  const YAML::Node servers = fields.require("servers");
  if (servers.IsSequence()) {
    if (servers.size() == 0 || servers.size() > kMaxServers) {
      reader.refuse(servers, "a list of 1 to " + std::to_string(kMaxServers) + " servers");
    }
    for (const auto& server : servers) {
      MapFields server_fields(reader, server, "a server", {"adapter", "size"});
      world.server_adapters.push_back(server_fields.has("adapter")
                                          ? adapter_kind(reader, server_fields.get("adapter"))
                                          : world.adapter);
      world.server_sizes.push_back(
          server_fields.has("size") ? reader.integer(server_fields.get("size"), 0, sim::kMaxVcpus)
                                    : world.size);
    }
    world.servers = static_cast<int>(servers.size());
    // Servers added later take the adapter the list starts with, unless one was given.
    if (!adapter_given) world.adapter = world.server_adapters.front();
  } else {
    world.servers = reader.integer(servers, 1, kMaxServers);
  }

  if (fields.has("redis")) parse_redis(reader, fields.get("redis"), world);
  if (fields.has("balancer")) {
    const YAML::Node balancer = fields.get("balancer");
    const std::string text = reader.string(balancer,
                                           "none or a policy (round-robin, least-connections, "
                                           "sticky-sid, sticky-cookie)");
    if (text == "none") {
      world.balancer = std::nullopt;
    } else {
      world.balancer = sim::parse_balance_policy(text);
      if (!world.balancer) {
        reader.refuse(balancer,
                      "none or a policy (round-robin, least-connections, sticky-sid, "
                      "sticky-cookie)");
      }
    }
  }
  if (fields.has("bots")) {
    MapFields bots(reader, fields.get("bots"), "the bots", {"count", "rooms", "rate"});
    world.bots = reader.integer(bots.require("count"), 0, 10000);
    if (bots.has("rooms")) world.bot_rooms = reader.integer(bots.get("rooms"), 1, 1000);
    if (bots.has("rate")) world.bot_rate = reader.number(bots.get("rate"), 0, 100000);
    if (world.bots > 0 && !world.balancer) {
      reader.refuse(fields.key_mark("bots"), "bots in a world with a load balancer",
                    "balancer: none");
    }
  }
  if (fields.has("clients")) {
    const YAML::Node clients = fields.get("clients");
    if (!clients.IsSequence()) reader.refuse(clients, "a list of groups of clients");
    for (const auto& group : clients)
      world.clients.push_back(world_clients(reader, group, world));
  }
  if (fields.has("memcached")) world.memcached = reader.boolean(fields.get("memcached"));
  if (fields.has("settle")) {
    world.settle = reader.duration(fields.get("settle"), std::chrono::seconds(60));
    if (world.settle < Milliseconds(100)) {
      reader.refuse(fields.get("settle"), "a settle time of at least 100ms");
    }
  }
  return world;
}

}  // namespace scaleout::scenarios::parse
