// Command line of scaleout-loadgen (CLI11).
#include "options.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <regex>

namespace scaleout::bench {

namespace {

// http://HOST:PORT[/path/]
bool parse_url(const std::string& text, ServerUrl& url) {
  static const std::regex kUrl(R"(^(?:https?://)?([^/:]+):(\d{1,5})(/.*)?$)");
  std::smatch match;
  if (!std::regex_match(text, match, kUrl)) return false;
  url.host = match[1];
  const int port = std::stoi(match[2]);
  if (port <= 0 || port > 65535) return false;
  url.port = static_cast<uint16_t>(port);
  if (match[3].matched && match[3].length() > 1) url.path = match[3];
  return true;
}

}  // namespace

LoadgenOptions parse_options(int argc, char** argv) {
  LoadgenOptions options;
  std::vector<std::string> urls;
  std::vector<int> pids;
  int redis_pid = 0;

  CLI::App app{
      "scaleout-loadgen: fan-out load on Socket.IO servers (ours or Node's). Connects --clients "
      "spread evenly over the --server URLs, client i joins room i % rooms, then publishers `say` "
      "at each rate in turn; counting clients scan `said` frames, live clients time them. "
      "Prints one JSON object per line on stdout (connected, step..., done); progress on "
      "stderr. Exit codes: 0 done, 1 failed (a connection or a server failed), 2 bad command "
      "line."};
  app.add_option("--server", urls, "Server URL http://HOST:PORT[/socket.io/] (repeat)")->required();
  app.add_option("--server-pid", pids, "PID of a server process to sample CPU and RSS of (repeat)");
  app.add_option("--redis-pid", redis_pid, "PID of redis-server to sample CPU of");
  app.add_option("--clients", options.clients, "Clients in all")->capture_default_str();
  app.add_option("--rooms", options.rooms, "Rooms; client i joins room i % rooms")
      ->capture_default_str();
  app.add_option("--publishers", options.publishers,
                 "Publishing clients (client k publishes to room k % rooms); 0: one per room")
      ->capture_default_str();
  app.add_option("--live-clients", options.live_clients,
                 "Clients that parse and time every `said` they get; 0: two per room")
      ->capture_default_str();
  app.add_option("--payload", options.payload_bytes, "Bytes of padding in every `say`")
      ->capture_default_str();
  app.add_option("--rates", options.rates, "Says per second of each step, in order")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--step-seconds", options.step_seconds, "Duration of a step")
      ->capture_default_str();
  app.add_option("--drain-seconds", options.drain_seconds,
                 "How long to wait for late deliveries after a step before counting them lost")
      ->capture_default_str();
  app.add_option("--p99-limit-ms", options.p99_limit_ms,
                 "A step whose p99 latency exceeds this, or that lost anything, is saturated")
      ->capture_default_str();
  app.add_flag("--keep-going", options.keep_going, "Run every rate, even after saturation");
  app.add_option("--threads", options.threads, "io threads (thread 0: publishers, live clients)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option(
         "--batch-ms", options.batch_ms,
         "Threads of counting clients handle their sockets once per period, sleeping outside "
         "epoll_wait in between, so servers do not pay for waking them; 0: as data comes")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  app.add_option("--connect-window", options.connect_window, "Connections in flight at once")
      ->capture_default_str();
  app.add_option("--connect-timeout", options.connect_timeout_s,
                 "Seconds allowed to connect (and join) every client")
      ->capture_default_str();
  app.add_flag("--connect-only", options.connect_only,
               "Only connect the clients (no rooms, no steps): report the time and server RSS");
  app.add_flag("--wait-for-go", options.wait_for_go,
               "Wait for a line on stdin before each step, and after the `done` line for another "
               "before disconnecting (so that a caller can measure exactly the steps it wants, "
               "e.g. with callgrind's instrumentation)");
  app.add_option("--room-prefix", options.room_prefix, "Room names are prefix + number")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    std::exit(app.exit(error) == 0 ? 0 : 2);
  }
  for (const auto& text : urls) {
    ServerUrl url;
    if (!parse_url(text, url)) {
      std::cerr << "scaleout-loadgen: bad --server URL '" << text << "'\n";
      std::exit(2);
    }
    options.servers.push_back(url);
  }
  for (int pid : pids)
    options.server_pids.push_back(static_cast<pid_t>(pid));
  options.redis_pid = static_cast<pid_t>(redis_pid);
  if (options.clients == 0 || options.rooms == 0 || options.rooms > options.clients) {
    std::cerr << "scaleout-loadgen: need 1 <= --rooms <= --clients\n";
    std::exit(2);
  }
  if (options.publishers == 0) options.publishers = options.rooms;
  if (options.publishers > options.clients) options.publishers = options.clients;
  if (options.live_clients == 0) options.live_clients = 2 * options.rooms;
  options.live_clients = std::min(options.live_clients, options.clients - options.publishers);
  for (double rate : options.rates) {
    if (!(rate > 0)) {
      std::cerr << "scaleout-loadgen: rates must be positive\n";
      std::exit(2);
    }
  }
  return options;
}

}  // namespace scaleout::bench
