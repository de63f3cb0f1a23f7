// The world's command-line options.
#include "world_options_cli.hpp"

#include "server_options_cli.hpp"

namespace scaleout::cli {

void add_world_options(CLI::App& command, WorldCli& options) {
  sim::ClusterOptions& cluster = options.world.cluster;
  command.add_option("--servers", cluster.servers, "How many servers")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  command
      .add_option("--redis", options.redis,
                  "'embedded' (start a redis-server on a free loopback port, with a random "
                  "password) or redis://[[user]:password@]host[:port]")
      ->capture_default_str();
  command
      .add_option("--adapter", options.adapter,
                  "redis (rooms span servers) or memory (each server alone: see what breaks)")
      ->capture_default_str()
      ->check(CLI::IsMember({"redis", "memory"}));
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
  config.adapter =
      options.adapter == "memory" ? sim::AdapterKind::kMemory : sim::AdapterKind::kRedis;
  config.embedded_redis = options.redis == "embedded";
  if (!config.embedded_redis) {
    std::string error;
    auto endpoint = adapter::parse_redis_url(options.redis, &error);
    if (!endpoint) return error;
    config.redis = *endpoint;
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
