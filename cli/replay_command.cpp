// `scaleout replay FILE.jsonl... --at SECONDS | --summary`: the world rebuilt from trace files
// alone, at any moment of the recording, or the totals of the whole run.
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "scaleout/trace/trace_stats.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::cli {
namespace {

void print_world(const sim::WorldModel& world, double at_seconds, size_t events) {
  std::printf("world at %.3f s (%zu events applied)\n", at_seconds, events);
  std::printf("servers:\n");
  for (const auto& [name, server] : world.servers()) {
    std::printf("  %-6s port %-5u adapter %-6s %s", name.c_str(), server.port,
                server.adapter.c_str(), server.up ? "up" : "down");
    if (!server.up && !server.down_reason.empty()) std::printf(" (%s)", server.down_reason.c_str());
    if (server.redis_known) std::printf("  redis %s", server.redis_up ? "up" : "down");
    std::printf("\n");
  }
  auto clients = world.clients();
  std::printf("clients (%zu):\n", clients.size());
  for (const auto* client : clients) {
    std::string rooms;
    for (const auto& room : client->rooms)
      rooms += (rooms.empty() ? "" : ", ") + room;
    std::printf("  %s  %-6s %-6s %-9s rooms: %s\n", client->socket.c_str(), client->server.c_str(),
                client->nsp.c_str(), client->transport.c_str(),
                rooms.empty() ? "-" : rooms.c_str());
  }
  std::printf("rooms:\n");
  for (const auto& [nsp, rooms] : world.rooms()) {
    for (const auto& [room, servers] : rooms) {
      std::printf("  %s %s:", nsp.c_str(), room.c_str());
      for (const auto& [server, sockets] : servers) {
        std::printf(" %s[%zu]", server.c_str(), sockets.size());
      }
      std::printf("\n");
    }
  }
  std::printf("channels:\n");
  for (const auto& [server, channels] : world.channels()) {
    for (const auto& channel : channels)
      std::printf("  %-6s %s\n", server.c_str(), channel.c_str());
  }
  if (!world.links().empty()) std::printf("link faults:\n");
  for (const auto& [name, link] : world.links()) {
    const std::string up = sim::to_string(link.faults[0]);
    const std::string down = sim::to_string(link.faults[1]);
    std::printf("  %-10s upstream %s, downstream %s\n", name.c_str(), up.empty() ? "-" : up.c_str(),
                down.empty() ? "-" : down.c_str());
  }
  std::printf("messages in flight (%zu):\n", world.in_flight().size());
  for (const auto& [mid, message] : world.in_flight()) {
    std::printf("  %s from %s to %s %s: %zu of %zu delivered\n", mid.c_str(),
                message.server.c_str(), message.nsp.c_str(),
                message.room.empty() ? "(everybody)" : message.room.c_str(),
                message.delivered_count, message.owed.size());
  }
}

void print_summary(const sim::StatsSnapshot& stats, double seconds) {
  std::printf("run of %.3f s\n", seconds);
  std::printf("%-8s %9s %9s %9s %10s %8s %9s %9s\n", "server", "received", "published",
              "from-redis", "delivered", "dropped", "p50-ms", "p99-ms");
  for (const auto& [name, server] : stats.servers) {
    const auto& c = server.counters;
    std::printf("%-8s %9lu %9lu %9lu %10lu %8lu %9.2f %9.2f\n", name.c_str(), c.received,
                c.published, c.from_redis, c.delivered, c.dropped,
                server.latency.quantile_ns(0.5) / 1e6, server.latency.quantile_ns(0.99) / 1e6);
  }
  std::printf("%-24s %9s %10s %8s %9s %9s\n", "room", "messages", "delivered", "dropped", "p50-ms",
              "p99-ms");
  for (const auto& [name, room] : stats.rooms) {
    const auto& c = room.counters;
    std::printf("%-24s %9lu %10lu %8lu %9.2f %9.2f\n", name.c_str(), c.received, c.delivered,
                c.dropped, room.latency.quantile_ns(0.5) / 1e6,
                room.latency.quantile_ns(0.99) / 1e6);
  }
}

}  // namespace

Command add_replay_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    double at_seconds = -1;
    bool summary = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* replay = app.add_subcommand(
      "replay", "Rebuild the world from trace files (--trace of serve/cluster) and print it");
  replay
      ->add_option("files", options->files, "Trace files (JSON lines); several are merged by time")
      ->required()
      ->check(CLI::ExistingFile);
  auto* at = replay->add_option("--at", options->at_seconds,
                                "Print the world at this many seconds after the first event");
  auto* summary = replay->add_flag("--summary", options->summary,
                                   "Print per-server and per-room totals of the whole run");
  at->excludes(summary);
  summary->excludes(at);

  auto run = [options]() -> int {
    sim::TraceFileContents contents;
    try {
      contents = sim::read_trace_files(options->files);
    } catch (const std::exception& error) {
      std::cerr << "scaleout replay: " << error.what() << "\n";
      return kExitFailure;
    }
    if (contents.events.empty()) {
      std::cerr << "scaleout replay: the trace holds no events\n";
      return kExitFailure;
    }
    const int64_t start = contents.events.front().t_ns;
    const double length = (contents.events.back().t_ns - start) / 1e9;
    if (options->summary || options->at_seconds < 0) {
      sim::TraceStats stats;
      stats.on_events(contents.events, contents.names);
      print_summary(stats.snapshot(), length);
      return kExitOk;
    }
    const int64_t until = start + static_cast<int64_t>(options->at_seconds * 1e9);
    sim::WorldModel world;
    size_t applied = 0;
    for (const auto& event : contents.events) {
      if (event.t_ns > until) break;
      world.apply(event, contents.names);
      ++applied;
    }
    print_world(world, options->at_seconds, applied);
    return kExitOk;
  };
  return {replay, run};
}

}  // namespace scaleout::cli
