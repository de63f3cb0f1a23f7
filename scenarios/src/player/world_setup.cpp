// world_options: a WorldSpec made into the options of a sim::World.
#include "player/world_setup.hpp"

#include <map>

namespace scaleout::scenarios {

sim::WorldOptions world_options(const WorldSpec& world) {
  sim::WorldOptions options;
  options.cluster.servers = world.servers;
  options.cluster.adapter = world.adapter;
  options.cluster.server_adapters = world.server_adapters;
  options.cluster.server.capacity.vcpus = world.size;
  options.cluster.server_sizes = world.server_sizes;
  options.cluster.want_redis = world.has_redis();
  options.cluster.embedded_redis = world.redis.empty() || world.redis == "embedded";
  options.cluster.redis_topology = world.redis_topology;
  if (!options.cluster.embedded_redis) {
    std::string error;
    if (auto endpoint = adapter::parse_redis_url(world.redis, &error)) {
      options.cluster.redis = *endpoint;
    }
  }
  options.cluster.balancer = world.balancer.has_value();
  if (world.balancer) options.cluster.policy = *world.balancer;
  options.bots.count = world.bots;
  options.bots.rooms = world.bot_rooms;
  options.bots.says_per_second = world.bot_rate;
  options.trace.loss_settle = world.settle;
  options.memcached = world.memcached;
  options.status_period = std::chrono::milliseconds(100);
  options.redis_poll_period = std::chrono::milliseconds(250);
  return options;
}

std::string describe_world(const WorldSpec& world) {
  std::string out = std::to_string(world.servers) + (world.servers == 1 ? " server" : " servers");
  if (world.server_adapters.empty()) {
    out += std::string(" (") + sim::to_string(world.adapter) + " adapter)";
  } else {
    out += " (";
    for (size_t i = 0; i < world.server_adapters.size(); ++i)
      out += (i ? ", " : "") + std::string(sim::to_string(world.server_adapters[i]));
    out += ")";
  }
  if (world.has_redis()) {
    if (world.redis_topology.kind != sim::RedisTopology::Kind::kSingle) {
      out += ", embedded Redis " + sim::describe(world.redis_topology);
    } else {
      out += world.redis.empty() || world.redis == "embedded" ? ", embedded Redis"
                                                              : ", Redis at " + world.redis;
    }
  }
  out += world.balancer ? std::string(", load balancer (") + sim::to_string(*world.balancer) + ")"
                        : std::string(", no load balancer");
  if (world.bots > 0) out += ", " + std::to_string(world.bots) + " bots";
  int clients = 0;
  for (const auto& group : world.clients)
    clients += group.count;
  if (clients > 0) out += ", " + std::to_string(clients) + (clients == 1 ? " client" : " clients");
  return out;
}

std::vector<std::pair<std::string, std::string>> world_client_names(const WorldSpec& world) {
  std::vector<std::pair<std::string, std::string>> names;
  std::map<std::string, int> next;
  for (const auto& group : world.clients) {
    for (int i = 0; i < group.count; ++i)
      names.emplace_back(group.name + std::to_string(++next[group.name]), group.room);
  }
  return names;
}

}  // namespace scaleout::scenarios
