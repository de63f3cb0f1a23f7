// `scaleout serve`: one Socket.IO server instance in this process, until Ctrl-C or SIGTERM.
#include <iostream>
#include <memory>
#include <optional>

#include "classroom_cli.hpp"
#include "commands.hpp"
#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/server/server_instance.hpp"
#include "scaleout/trace/trace_collector.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "scaleout/trace/trace_stats.hpp"
#include "server_options_cli.hpp"
#include "signals.hpp"
#include "stats_printer.hpp"

namespace scaleout::cli {

Command add_serve_command(CLI::App& app) {
  auto options = std::make_shared<sim::ServerOptions>();
  options->port = 3000;

  CLI::App* serve = app.add_subcommand(
      "serve", "Run one Socket.IO server (Engine.IO v4 / Socket.IO v5) until interrupted");
  serve->add_option("--port", options->port, "TCP port to listen on (0: any free port)")
      ->capture_default_str();
  serve->add_option("--name", options->name, "Server name, shown to clients in `welcome`/`said`")
      ->capture_default_str();
  auto redis_url = std::make_shared<std::string>();
  serve->add_option("--redis", *redis_url,
                    "Share rooms with every server on this Redis (the adapter becomes 'redis'): "
                    "redis://[[user]:password@]host[:port]");
  auto trace_path = std::make_shared<std::string>();
  auto stats = std::make_shared<bool>(false);
  serve->add_option("--trace", *trace_path,
                    "Record every hop as JSON lines in this file (see docs/trace-format.md)");
  serve->add_flag("--stats", *stats, "Print a status line for the server every second");
  add_server_options(*serve, *options);

  auto run = [options, redis_url, trace_path, stats]() -> int {
    if (!redis_url->empty()) {
      std::string error;
      auto endpoint = adapter::parse_redis_url(*redis_url, &error);
      if (!endpoint) {
        std::cerr << "scaleout serve: " << error << "\n";
        return kExitUsage;
      }
      options->adapter = sim::AdapterKind::kRedis;
      options->redis = *endpoint;
    }
    if (std::string problem = check_server_options(*options); !problem.empty()) {
      std::cerr << "scaleout serve: " << problem << "\n";
      return kExitUsage;
    }
    serve_page_if_installed(*options);
    block_stop_signals();
    // The trace runs when asked for, or to feed --stats.
    std::unique_ptr<sim::TraceCollector> collector;
    std::unique_ptr<sim::JsonlTraceWriter> writer;
    sim::TraceStats traffic;
    sim::ServerTrace trace;
    if (!trace_path->empty() || *stats) {
      // One server alone cannot tell what another server's members missed: no loss detection
      // here (the server still traces what it drops itself, e.g. a slow consumer's backlog).
      sim::TraceCollectorOptions trace_options;
      trace_options.detect_loss = false;
      collector = std::make_unique<sim::TraceCollector>(trace_options);
      if (!trace_path->empty()) {
        try {
          writer = std::make_unique<sim::JsonlTraceWriter>(*trace_path);
        } catch (const std::exception& error) {
          std::cerr << "scaleout serve: " << error.what() << "\n";
          return kExitFailure;
        }
        collector->add_sink(writer.get());
      }
      if (*stats) collector->add_sink(&traffic);
      trace = collector->register_server(options->name);
      collector->start();
    }
    sim::ServerInstance server(*options, trace);
    server.set_notice_handler([](const std::string& name, const std::string& text) {
      std::cerr << "scaleout: [" << name << "] " << text << std::endl;
    });
    try {
      server.start();
    } catch (const std::exception& error) {
      std::cerr << "scaleout serve: " << error.what() << "\n";
      return kExitFailure;
    }
    warn_if_exposed(options->bind_address);
    std::cout << "scaleout: server " << server.name() << " listening on " << server.url()
              << options->path << " (adapter: " << sim::to_string(options->adapter);
    if (options->adapter == sim::AdapterKind::kRedis) std::cout << ", " << options->redis.url();
    std::cout << ")" << std::endl;
    if (options->page) std::cout << "scaleout: chat page at " << server.url() << "/" << std::endl;
    std::optional<StatsPrinter> printer;
    if (*stats) {
      std::optional<adapter::RedisEndpoint> redis;
      if (options->adapter == sim::AdapterKind::kRedis) redis = options->redis;
      printer.emplace(
          [&server] {
            sim::WorldSnapshot world;
            world.servers.push_back(server.snapshot());
            return world;
          },
          traffic, redis);
    }
    int signal = wait_for_stop_signal(std::chrono::milliseconds(1000), [&] {
      if (printer) printer->print();
    });
    std::cout << "scaleout: stopping server " << server.name() << " (signal " << signal << ")"
              << std::endl;
    server.stop();
    if (collector) {
      collector->stop();
      if (writer) {
        std::cout << "scaleout: trace of " << writer->lines() << " events written to "
                  << *trace_path;
        if (collector->dropped()) std::cout << " (" << collector->dropped() << " dropped)";
        std::cout << std::endl;
      }
    }
    return kExitOk;
  };
  return {serve, run};
}

}  // namespace scaleout::cli
