// `scaleout observe --redis URL`: attaches read-only to a Redis used by Socket.IO servers (ours,
// Node's @socket.io/redis-adapter, @socket.io/redis-emitter) and prints one line per adapter
// message. It only PSUBSCRIBEs (pattern subscribers are not counted by PUBSUB NUMSUB, so Node's
// request counting is unaffected) and never publishes.
#include <unistd.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "scaleout/adapter/clock.hpp"
#include "scaleout/adapter/redis_link.hpp"
#include "scaleout/observe/observed_message.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "signals.hpp"

namespace scaleout::cli {
namespace {

std::string wall_clock() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const int millis = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S", &local);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03d", text, millis);
  return out;
}

}  // namespace

Command add_observe_command(CLI::App& app) {
  struct Options {
    std::string redis_url;
    std::string key = "socket.io";
    std::string trace_path;
    size_t width = 120;
    uint64_t count = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* observe = app.add_subcommand(
      "observe",
      "Watch what Socket.IO servers tell each other through a Redis (read-only: it only "
      "PSUBSCRIBEs)");
  observe->add_option("--redis", options->redis_url, "redis://[[user]:password@]host[:port]")
      ->required();
  observe->add_option("--key", options->key, "The adapter's channel prefix")->capture_default_str();
  observe->add_option("--trace", options->trace_path,
                      "Also record each message as a redis_recv line in this trace file");
  observe->add_option("--width", options->width, "Cut event arguments to this many characters")
      ->capture_default_str()
      ->check(CLI::Range(10, 100000));
  observe->add_option("--count", options->count, "Stop after this many messages (0: never)")
      ->capture_default_str();

  auto run = [options]() -> int {
    std::string error;
    auto endpoint = adapter::parse_redis_url(options->redis_url, &error);
    if (!endpoint) {
      std::cerr << "scaleout observe: " << error << "\n";
      return kExitUsage;
    }
    std::FILE* trace = nullptr;
    if (!options->trace_path.empty()) {
      trace = std::fopen(options->trace_path.c_str(), "w");
      if (!trace) {
        std::cerr << "scaleout observe: cannot write " << options->trace_path << "\n";
        return kExitFailure;
      }
    }
    block_stop_signals();
    boost::asio::io_context io(1);
    auto work = boost::asio::make_work_guard(io);
    uint64_t seen = 0;
    bool done = false;
    adapter::RedisLink::Events events;
    events.on_status = [](bool up, const std::string& reason) {
      // One write per line: the loop's thread and the main thread both print to stderr, and
      // std::cerr writes each << piece on its own.
      std::cerr << "scaleout observe: redis " + std::string(up ? "up: " : "down: ") + reason + "\n"
                << std::flush;
    };
    adapter::RedisLink link(io, *endpoint, std::move(events));
    const sim::ServerNames names = {"observe"};
    auto on_message = [&](std::string_view channel, std::string_view payload) {
      if (done) return;
      sim::ObservedLine line =
          sim::describe_adapter_message(options->key, channel, payload, options->width);
      std::printf("%s  %s\n", wall_clock().c_str(), line.text.c_str());
      std::fflush(stdout);
      if (trace) {
        sim::TraceEvent event;
        event.t_ns = adapter::monotonic_ns();
        event.kind = sim::TraceKind::kRedisRecv;
        event.nsp.assign(line.nsp);
        event.name.assign(channel);
        event.bytes = static_cast<uint32_t>(payload.size());
        event.origin.assign(line.origin);
        event.mid.assign(line.mid);
        std::string text;
        sim::append_trace_line(text, event, names);
        text += '\n';
        std::fwrite(text.data(), 1, text.size(), trace);
        std::fflush(trace);
      }
      if (options->count && ++seen >= options->count) {
        done = true;
        ::kill(::getpid(), SIGTERM);  // wakes the main thread's wait
      }
    };
    for (const std::string& pattern :
         {options->key + "#*", options->key + "-request#*", options->key + "-response#*"}) {
      link.psubscribe(pattern, on_message);
    }
    link.start();
    std::thread loop([&io] { io.run(); });
    std::cerr << "scaleout observe: watching " + endpoint->url() + " (key " + options->key + ")\n"
              << std::flush;
    wait_for_stop_signal();
    boost::asio::post(io, [&] {
      link.stop();
      work.reset();
      io.stop();
    });
    loop.join();
    if (trace) std::fclose(trace);
    return kExitOk;
  };
  return {observe, run};
}

}  // namespace scaleout::cli
