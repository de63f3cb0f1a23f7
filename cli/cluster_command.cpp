// `scaleout cluster`: a whole world in this process: an embedded (or external) Redis, N servers
// behind a load balancer, every hop through a link whose faults --link sets (on by default,
// --no-links takes them out), optionally bots chatting in a few rooms, --stats lines and a --trace
// file, until Ctrl-C or SIGTERM. Stops everything it started, the embedded redis-server
// included, whatever ends it.
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "commands.hpp"
#include "scaleout/sim/bots.hpp"
#include "scaleout/sim/cluster.hpp"
#include "scaleout/sim/link_faults.hpp"
#include "scaleout/sim/trace_file.hpp"
#include "scaleout/sim/trace_stats.hpp"
#include "server_options_cli.hpp"
#include "signals.hpp"
#include "stats_printer.hpp"

namespace scaleout::cli {

Command add_cluster_command(CLI::App& app) {
  struct Options {
    sim::ClusterOptions cluster;
    std::string redis = "embedded";
    std::string adapter = "redis";
    std::string policy = "sticky-sid";
    bool no_balancer = false;
    sim::BotOptions bots;
    bool stats = false;
    std::string trace_path;
    std::vector<std::string> links;
    bool no_links = false;
  };
  auto options = std::make_shared<Options>();
  options->bots.says_per_second = 2;
  CLI::App* cluster = app.add_subcommand(
      "cluster", "Run N Socket.IO servers joined through Redis, behind a load balancer");
  cluster->add_option("--servers", options->cluster.servers, "How many servers")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cluster
      ->add_option("--redis", options->redis,
                   "'embedded' (start a redis-server on a free loopback port, with a random "
                   "password) or redis://[[user]:password@]host[:port]")
      ->capture_default_str();
  cluster
      ->add_option("--adapter", options->adapter,
                   "redis (rooms span servers) or memory (each server alone: see what breaks)")
      ->capture_default_str()
      ->check(CLI::IsMember({"redis", "memory"}));
  cluster->add_option("--base-port", options->cluster.base_port,
                      "Server i listens on base-port + i - 1 (default: any free ports)");
  cluster->add_option("--balancer-port", options->cluster.balancer_port,
                      "The load balancer's port (default: any free port)");
  cluster
      ->add_option("--policy", options->policy,
                   "Load balancing: sticky-sid, sticky-cookie, round-robin, least-connections")
      ->capture_default_str()
      ->check(CLI::IsMember({"sticky-sid", "sticky-cookie", "round-robin", "least-connections"}));
  cluster->add_flag("--no-balancer", options->no_balancer, "Run the servers without a balancer");
  cluster
      ->add_option("--bots", options->bots.count,
                   "Clients inside the process that connect through the balancer and chat")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cluster->add_option("--rooms", options->bots.rooms, "Rooms the bots spread over")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cluster
      ->add_option("--rate", options->bots.says_per_second,
                   "What the bots say per second, all together")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  cluster->add_flag("--stats", options->stats, "Print a status line per server every second");
  cluster->add_option("--trace", options->trace_path,
                      "Record every hop as JSON lines in this file (docs/trace-format.md)");
  cluster
      ->add_option("--link", options->links,
                   "Faults on a link from the start: TARGET[:DIRECTION]=FAULT[,FAULT...] "
                   "(repeat; the syntax is below)")
      ->type_name("SETTING");
  cluster->add_flag("--no-links", options->no_links,
                    "Connect every hop directly, without links: no fault can be set");
  cluster->footer(std::string("\n") + sim::kLinkSyntaxHelp);
  add_server_options(*cluster, options->cluster.server);

  auto run = [options]() -> int {
    sim::ClusterOptions& config = options->cluster;
    config.adapter =
        options->adapter == "memory" ? sim::AdapterKind::kMemory : sim::AdapterKind::kRedis;
    config.embedded_redis = options->redis == "embedded";
    if (!config.embedded_redis) {
      std::string error;
      auto endpoint = adapter::parse_redis_url(options->redis, &error);
      if (!endpoint) {
        std::cerr << "scaleout cluster: " << error << "\n";
        return kExitUsage;
      }
      config.redis = *endpoint;
    }
    config.policy = *sim::parse_balance_policy(options->policy);
    config.balancer = !options->no_balancer;
    if (options->bots.count > 0 && options->no_balancer) {
      std::cerr << "scaleout cluster: bots connect through the balancer; drop --no-balancer\n";
      return kExitUsage;
    }
    if (std::string problem = check_server_options(config.server); !problem.empty()) {
      std::cerr << "scaleout cluster: " << problem << "\n";
      return kExitUsage;
    }
    config.links = !options->no_links;
    std::vector<sim::LinkSetting> link_settings;
    for (const auto& text : options->links) {
      std::string error;
      auto setting = sim::parse_link_setting(text, &error);
      if (!setting) {
        std::cerr << "scaleout cluster: --link: " << error << "\n\n"
                  << sim::kLinkSyntaxHelp << "\n";
        return kExitUsage;
      }
      link_settings.push_back(std::move(*setting));
    }
    if (!link_settings.empty() && options->no_links) {
      std::cerr << "scaleout cluster: --link needs links: drop --no-links\n";
      return kExitUsage;
    }
    block_stop_signals();

    sim::TraceCollector collector;
    sim::TraceStats traffic;
    std::unique_ptr<sim::JsonlTraceWriter> writer;
    const bool tracing = options->stats || !options->trace_path.empty();
    if (tracing) {
      if (!options->trace_path.empty()) {
        try {
          writer = std::make_unique<sim::JsonlTraceWriter>(options->trace_path);
        } catch (const std::exception& error) {
          std::cerr << "scaleout cluster: " << error.what() << "\n";
          return kExitFailure;
        }
        collector.add_sink(writer.get());
      }
      if (options->stats) collector.add_sink(&traffic);
      config.trace = &collector;
      collector.start();
    }

    sim::Cluster world(config);
    auto print_lock = std::make_shared<std::mutex>();
    world.set_notice_handler([print_lock](const std::string& server, const std::string& text) {
      std::lock_guard lock(*print_lock);
      std::cerr << "scaleout: [" << server << "] " << text << std::endl;
    });
    try {
      world.start();
    } catch (const std::exception& error) {
      std::cerr << "scaleout cluster: " << error.what() << "\n";
      return kExitFailure;
    }
    warn_if_exposed(config.server.bind_address);
    if (auto* redis = world.embedded_redis()) {
      std::cout << "scaleout: embedded redis-server (pid " << redis->pid() << ") on "
                << world.redis_endpoint().url() << std::endl;
    } else if (config.adapter == sim::AdapterKind::kRedis) {
      std::cout << "scaleout: redis " << world.redis_endpoint().url() << std::endl;
    }
    for (const auto& name : world.server_names()) {
      auto* server = world.server(name);
      std::cout << "scaleout: server " << name << " on " << server->url() << " (adapter "
                << sim::to_string(server->options().adapter) << ")" << std::endl;
    }
    if (auto* balancer = world.balancer()) {
      std::cout << "scaleout: load balancer on " << balancer->url() << " ("
                << sim::to_string(balancer->policy()) << ")" << std::endl;
    }
    if (auto* network = world.network()) {
      std::string names;
      for (const auto& link : network->snapshot())
        names += (names.empty() ? "" : ", ") + link.name;
      std::cout << "scaleout: links " << names << " (faults: --link, docs/network-links.md)"
                << std::endl;
    }
    for (const auto& setting : link_settings) {
      std::string error;
      if (!world.apply_link_setting(setting, &error)) {
        std::cerr << "scaleout cluster: --link " << sim::to_string(setting) << ": " << error
                  << "\n";
        world.stop();
        return kExitUsage;
      }
      std::cout << "scaleout: link " << sim::to_string(setting) << std::endl;
    }

    std::unique_ptr<sim::Bots> bots;
    if (options->bots.count > 0) {
      options->bots.port = world.balancer()->port();
      options->bots.host = "127.0.0.1";
      bots = std::make_unique<sim::Bots>(options->bots);
      bots->start();
      std::cout << "scaleout: " << options->bots.count << " bots chatting in "
                << options->bots.rooms << " rooms, " << options->bots.says_per_second << " says/s"
                << std::endl;
    }
    const std::string entry = world.balancer() ? world.balancer()->url()
                                               : world.server(world.server_names().front())->url();
    std::cout << "\nConnect a client:  node -e 'require(\"socket.io-client\").io(\"" << entry
              << "\").on(\"welcome\", console.log).on(\"said\", console.log)'\n";
    if (config.adapter == sim::AdapterKind::kRedis) {
      std::cout << "Watch Redis:       scaleout observe --redis "
                << world.redis_endpoint().url(/*show_password=*/true) << "\n";
    }
    std::cout << "Stop:              Ctrl-C\n" << std::endl;

    std::optional<StatsPrinter> printer;
    if (options->stats) {
      std::optional<adapter::RedisEndpoint> redis;
      if (config.adapter == sim::AdapterKind::kRedis) redis = world.redis_endpoint();
      printer.emplace([&world] { return world.snapshot(); }, traffic, redis);
    }
    int signal = wait_for_stop_signal(std::chrono::milliseconds(1000), [&] {
      if (!printer) return;
      std::lock_guard lock(*print_lock);
      printer->print();
      if (bots) {
        std::printf("[bots] %zu of %d connected, said %lu, heard %lu\n", bots->connected(),
                    options->bots.count, bots->said(), bots->heard());
        std::fflush(stdout);
      }
    });
    std::cout << "scaleout: stopping (signal " << signal << ")" << std::endl;
    if (bots) bots->stop();
    world.stop();
    if (tracing) collector.stop();
    if (writer) {
      std::cout << "scaleout: trace of " << writer->lines() << " events written to "
                << options->trace_path;
      if (collector.dropped()) std::cout << " (" << collector.dropped() << " dropped)";
      std::cout << std::endl;
    }
    return kExitOk;
  };
  return {cluster, run};
}

}  // namespace scaleout::cli
