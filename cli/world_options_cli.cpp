// The world's command-line options.
#include "world_options_cli.hpp"

#include "server_options_cli.hpp"

namespace scaleout::cli {

void add_world_options(CLI::App& command, WorldCli& options) {
  sim::ClusterOptions& cluster = options.world.cluster;
  command.add_option("--servers", cluster.servers, "How many servers")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  CLI::Option* redis =
      command
          .add_option("--redis", options.redis,
                      "'embedded' (start a redis-server on a free loopback port, with a random "
                      "password), 'cluster:N' (start a Redis Cluster of N primaries, 3 without "
                      ":N; nodes n1.., primaries first), 'sentinel' (start a primary r1, a "
                      "replica r2 and three sentinels), or redis://[[user]:password@]host[:port]")
          ->capture_default_str();
  command
      .add_option("--redis-replicas", options.redis_replicas,
                  "With --redis cluster:N: replicas of each primary")
      ->capture_default_str()
      ->check(CLI::Range(0, sim::kMaxRedisReplicas));
  command
      .add_option("--redis-cluster", options.redis_cluster,
                  "Join this existing Redis Cluster, found through seed nodes: "
                  "[redis://][[user]:password@]host:port[,host:port...] (the password once, for "
                  "every node)")
      ->excludes(redis);
  command
      .add_option("--adapter", options.adapter,
                  "redis (rooms span servers: classic PUBLISH/PSUBSCRIBE), sharded (Redis 7 "
                  "SPUBLISH/SSUBSCRIBE, as @socket.io/redis-adapter's createShardedAdapter) or "
                  "memory (each server alone: see what breaks)")
      ->capture_default_str()
      ->check(CLI::IsMember({"redis", "sharded", "memory"}));
  command.add_option("--base-port", cluster.base_port,
                     "Server i listens on base-port + i - 1 (default: any free ports)");
  command.add_option("--balancer-port", cluster.balancer_port,
                     "The load balancer's port (default: any free port)");
  command
      .add_option("--policy", options.policy,
                  "Load balancing: sticky-sid, sticky-cookie, round-robin, least-connections")
      ->capture_default_str()
      ->check(CLI::IsMember({"sticky-sid", "sticky-cookie", "round-robin", "least-connections"}));
  command.add_flag("--no-balancer", options.no_balancer, "Run the servers without a balancer");
  command
      .add_option("--bots", options.world.bots.count,
                  "Clients inside the process that connect through the balancer and chat")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  command.add_option("--rooms", options.world.bots.rooms, "Rooms the bots spread over")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  command
      .add_option("--rate", options.world.bots.says_per_second,
                  "What the bots say per second, all together")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  command
      .add_option("--do", options.commands,
                  std::string("A command to run once the world is up (repeatable, in order):\n") +
                      sim::world_command_syntax())
      ->type_name("COMMAND");
  command
      .add_option("--link", options.links,
                  "Faults on a network link from the start: TARGET[:DIRECTION]=FAULT[,FAULT...] "
                  "(repeatable; the syntax is below; the same as --do 'link ...')")
      ->type_name("SETTING");
  command.add_flag("--no-links", options.no_links,
                   "Connect every hop directly, without links: no network fault can be set");
  command.footer(std::string("\n") + sim::kLinkSyntaxHelp);
  add_server_options(command, cluster.server);
}

std::string finish_world_options(WorldCli& options, std::vector<sim::WorldCommand>& commands) {
  sim::ClusterOptions& config = options.world.cluster;
  config.adapter = *sim::parse_adapter(options.adapter);
  if (!options.redis_cluster.empty()) {
    std::string error;
    auto seeds = adapter::parse_redis_cluster_seeds(options.redis_cluster, &error);
    if (!seeds) return "--redis-cluster: " + error;
    config.embedded_redis = false;
    config.redis_cluster = std::move(*seeds);
  } else if (auto topology = sim::parse_redis_topology(options.redis)) {
    config.embedded_redis = true;
    config.redis_topology = *topology;
    config.redis_topology.replicas = options.redis_replicas;
  } else {
    std::string error;
    auto endpoint = adapter::parse_redis_url(options.redis, &error);
    if (!endpoint) {
      return "--redis: " + error + " (or embedded, cluster:N with N from 1 to " +
             std::to_string(sim::kMaxRedisPrimaries) + ", sentinel)";
    }
    config.embedded_redis = false;
    config.redis = *endpoint;
  }
  if (options.redis_replicas > 0 &&
      config.redis_topology.kind != sim::RedisTopology::Kind::kCluster) {
    return "--redis-replicas goes with --redis cluster:N";
  }
  config.policy = *sim::parse_balance_policy(options.policy);
  config.balancer = !options.no_balancer;
  if (options.world.bots.count > 0 && options.no_balancer) {
    return "bots connect through the balancer; drop --no-balancer";
  }
  if (std::string problem = check_server_options(config.server); !problem.empty()) return problem;
  config.links = !options.no_links;
  if (!options.links.empty() && options.no_links) return "--link needs links: drop --no-links";
  for (const auto& text : options.links) {
    std::string error;
    auto setting = sim::parse_link_setting(text, &error);
    if (!setting) return "--link: " + error + "\n\n" + sim::kLinkSyntaxHelp;
    commands.push_back(sim::command::SetLink{std::move(*setting)});
  }
  for (const auto& line : options.commands) {
    auto command = sim::parse_world_command(line);
    if (!command) return "--do '" + line + "': " + command.error().message;
    commands.push_back(std::move(*command));
  }
  return {};
}

}  // namespace scaleout::cli
