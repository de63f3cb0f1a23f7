// `scaleout cluster`: a whole world in this process — an embedded (or external) Redis, N servers
// behind a load balancer, every hop through a network link (--link sets faults from the start),
// optionally bots chatting in a few rooms, --stats lines and a --trace file, until Ctrl-C or
// SIGTERM. --do runs world commands (the GUI's and the scenarios' vocabulary) once it is up. Stops
// everything it started, the embedded redis-server included, whatever ends it.
#include <algorithm>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "classroom_cli.hpp"
#include "commands.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "server_options_cli.hpp"
#include "signals.hpp"
#include "stats_printer.hpp"
#include "world_options_cli.hpp"

namespace scaleout::cli {

namespace {

void print_world(sim::World& world) {
  sim::Cluster& cluster = world.cluster();
  if (auto* redis = cluster.embedded_redis()) {
    std::cout << "scaleout: embedded redis-server (pid " << redis->pid() << ") on "
              << cluster.redis_endpoint().url() << std::endl;
  } else if (world.options().cluster.adapter == sim::AdapterKind::kRedis) {
    std::cout << "scaleout: redis " << cluster.redis_endpoint().url() << std::endl;
  }
  for (const auto& name : cluster.server_names()) {
    auto* server = cluster.server(name);
    std::cout << "scaleout: server " << name << " on " << server->url() << " (adapter "
              << sim::to_string(server->options().adapter) << ")" << std::endl;
  }
  if (auto* balancer = cluster.balancer()) {
    std::cout << "scaleout: load balancer on " << balancer->url() << " ("
              << sim::to_string(balancer->policy()) << ")" << std::endl;
  }
  if (auto* network = cluster.network()) {
    std::string names;
    for (const auto& link : network->snapshot())
      names += (names.empty() ? "" : ", ") + link.name;
    std::cout << "scaleout: links " << names << " (faults: --link, docs/network-links.md)"
              << std::endl;
  }
  const auto& bots = world.options().bots;
  if (bots.count > 0) {
    std::cout << "scaleout: " << bots.count << " bots chatting in " << bots.rooms << " rooms, "
              << bots.says_per_second << " says/s" << std::endl;
  }
}

// Waits for the outcomes of the --link commands `ids` (the first commands: they run at once)
// and prints them; false when one was refused (a link this world does not have).
bool links_applied(sim::World& world, const std::vector<uint64_t>& ids) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::vector<sim::CommandOutcome> done;
  for (;;) {
    done.clear();
    for (auto& outcome : world.outcomes_since(0)) {
      if (std::find(ids.begin(), ids.end(), outcome.id) != ids.end()) done.push_back(outcome);
    }
    if (done.size() == ids.size() || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  bool all = done.size() == ids.size();
  for (const auto& outcome : done) {
    if (outcome.ok) {
      std::cout << "scaleout: " << outcome.message << std::endl;
    } else {
      std::cerr << "scaleout cluster: --" << outcome.command << ": " << outcome.message << "\n";
      all = false;
    }
  }
  return all;
}

}  // namespace

Command add_cluster_command(CLI::App& app) {
  struct Options {
    WorldCli world;
    bool stats = false;
    std::string trace_path;
    ClassroomCli classroom;
  };
  auto options = std::make_shared<Options>();
  options->world.world.bots.says_per_second = 2;
  CLI::App* cluster = app.add_subcommand(
      "cluster", "Run N Socket.IO servers joined through Redis, behind a load balancer");
  add_world_options(*cluster, options->world);
  cluster->add_flag("--stats", options->stats, "Print a status line per server every second");
  cluster->add_option("--trace", options->trace_path,
                      "Record every hop as JSON lines in this file (docs/trace-format.md)");
  add_classroom_options(*cluster, options->classroom);

  auto run = [options]() -> int {
    std::vector<sim::WorldCommand> commands;
    if (std::string problem = finish_world_options(options->world, commands); !problem.empty()) {
      std::cerr << "scaleout cluster: " << problem << "\n";
      return kExitUsage;
    }
    sim::WorldOptions config = options->world.world;
    config.record_trace = options->stats || !options->trace_path.empty();
    if (int code = prepare_classroom(options->classroom, config.cluster, "scaleout cluster");
        code != kExitOk) {
      return code;
    }
    block_stop_signals();

    std::unique_ptr<sim::JsonlTraceWriter> writer;
    if (!options->trace_path.empty()) {
      try {
        writer = std::make_unique<sim::JsonlTraceWriter>(options->trace_path);
      } catch (const std::exception& error) {
        std::cerr << "scaleout cluster: " << error.what() << "\n";
        return kExitFailure;
      }
    }
    sim::World world(config);
    if (writer) world.add_trace_sink(writer.get());
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
    warn_if_exposed(config.cluster.server.bind_address);
    print_world(world);
    sim::Cluster& cluster = world.cluster();
    const std::string entry = cluster.balancer()
                                  ? cluster.balancer()->url()
                                  : cluster.server(cluster.server_names().front())->url();
    std::cout << "\n";
    if (config.cluster.server.page) std::cout << "Chat page:         " << entry << "/\n";
    std::cout << "Connect a client:  node -e 'require(\"socket.io-client\").io(\"" << entry
              << "\").on(\"welcome\", console.log).on(\"said\", console.log)'\n";
    if (config.cluster.adapter == sim::AdapterKind::kRedis) {
      std::cout << "Watch Redis:       " << self_command() << " observe --redis "
                << cluster.redis_endpoint().url(/*show_password=*/true) << "\n";
    }
    std::cout << "Stop:              Ctrl-C\n" << std::endl;
    if (options->classroom.enabled) print_classroom(config.cluster, cluster.balancer()->port());
    // The --link settings come first in `commands`.
    std::vector<uint64_t> link_ids;
    for (size_t i = 0; i < commands.size(); ++i) {
      const uint64_t id = world.submit(std::move(commands[i]));
      if (i < options->world.links.size()) link_ids.push_back(id);
    }
    if (!links_applied(world, link_ids)) {
      world.stop();
      return kExitUsage;
    }

    std::optional<StatsPrinter> printer;
    if (options->stats) {
      std::optional<adapter::RedisEndpoint> redis;
      if (config.cluster.adapter == sim::AdapterKind::kRedis) redis = cluster.redis_endpoint();
      printer.emplace(
          [&world] {
            auto status = world.status();
            return status ? status->world : sim::WorldSnapshot{};
          },
          world.stats(), redis);
    }
    int signal = wait_for_stop_signal(std::chrono::milliseconds(1000), [&] {
      if (!printer) return;
      std::lock_guard lock(*print_lock);
      printer->print();
      if (auto status = world.status(); status && status->bots.count > 0) {
        std::printf("[bots] %zu of %d connected, said %lu, heard %lu\n", status->bots.connected,
                    status->bots.count, status->bots.said, status->bots.heard);
        std::fflush(stdout);
      }
    });
    std::cout << "scaleout: stopping (signal " << signal << ")" << std::endl;
    world.stop();
    if (writer) {
      std::cout << "scaleout: trace of " << writer->lines() << " events written to "
                << options->trace_path;
      if (world.trace().dropped()) std::cout << " (" << world.trace().dropped() << " dropped)";
      std::cout << std::endl;
    }
    return kExitOk;
  };
  return {cluster, run};
}

}  // namespace scaleout::cli
