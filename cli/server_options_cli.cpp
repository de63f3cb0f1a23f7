// Server options on the command line.
#include "server_options_cli.hpp"

#include <iostream>

namespace scaleout::cli {

void add_server_options(CLI::App& command, sim::ServerOptions& options) {
  command
      .add_option_function<std::string>(
          "--subscription-mode",
          [&options](const std::string& mode) {
            options.subscription_mode = *adapter::parse_subscription_mode(mode);
          },
          "The sharded adapter's subscriptionMode: static (two channels per namespace), "
          "dynamic (a channel per room with a member here) or dynamic-private (one per "
          "socket too)")
      ->default_str(adapter::to_string(options.subscription_mode))
      ->check(CLI::IsMember({"static", "dynamic", "dynamic-private"}));
  command
      .add_option("--bind", options.bind_address,
                  "Address to listen on; anything but 127.0.0.1 lets other machines in")
      ->capture_default_str();
  command.add_option("--path", options.path, "HTTP path of the Socket.IO endpoint")
      ->capture_default_str();
  command
      .add_option("--namespace", options.namespaces,
                  "Namespaces the app serves (repeat the option for several)")
      ->capture_default_str();
  command
      .add_option("--ping-interval", options.ping_interval_ms,
                  "Milliseconds between the server's pings")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600000));
  command
      .add_option("--ping-timeout", options.ping_timeout_ms,
                  "Milliseconds a client has to answer a ping")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600000));
  command
      .add_option("--max-payload", options.max_payload,
                  "Largest message or polling body a client may send, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{64}, int64_t{1} << 30));
  // Flow control, docs/flow-control.md. Sizes take units: 512KB, 1MB, 32MB (K = 1024).
  command
      .add_option("--buffer-soft", options.soft_buffered_bytes,
                  "Bytes waiting for one client over which it is slow: while it reads, the clients "
                  "whose messages add to its queue are not read (back-pressure) until it is down "
                  "to half")
      ->default_str("1MB")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1024}, size_t{1} << 32));
  command
      .add_option("--buffer-hard,--max-buffered", options.max_buffered_bytes,
                  "Bytes waiting for one client over which it is dropped at once as a slow "
                  "consumer (Redis' pub/sub hard limit; --max-buffered is the old name)")
      ->default_str("32MB")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{4096}, size_t{1} << 32));
  command
      .add_option("--stall-timeout", options.stall_timeout_ms,
                  "Milliseconds a slow client (over --buffer-soft) may take no bytes before it is "
                  "dropped as a slow consumer; after a fifth of that it holds nobody back")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600000));
  command.add_option("--max-clients", options.max_clients, "Connections a server accepts at most")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{10000000}));
  command
      .add_option("--max-room-name", options.max_room_name_bytes,
                  "Longest room name a client may join, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  command
      .add_option("--max-rooms", options.max_rooms_per_socket, "Rooms one socket may be in at most")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  command
      .add_option("--http-timeout", options.http_timeout_ms,
                  "Milliseconds a connection may take to send a request, or stay idle between two")
      ->capture_default_str()
      ->check(CLI::Range(100, 3600000));
  command
      .add_option("--redis-key", options.redis_key,
                  "Channel prefix of the Redis adapter (Node's `key` option)")
      ->capture_default_str();
  command.add_flag("!--no-polling", options.allow_polling,
                   "Refuse HTTP long-polling (WebSocket only)");
  command.add_flag("!--no-websocket", options.allow_websocket,
                   "Refuse WebSocket (long-polling only)");
}

std::string check_server_options(const sim::ServerOptions& options) {
  for (const auto& nsp : options.namespaces) {
    if (nsp.empty() || nsp[0] != '/') return "namespace '" + nsp + "' must start with '/'";
  }
  if (options.path.empty() || options.path[0] != '/') return "--path must start with '/'";
  if (!options.allow_polling && !options.allow_websocket) {
    return "--no-polling and --no-websocket together leave no transport";
  }
  return {};
}

void warn_if_exposed(const std::string& bind_address) {
  if (bind_address == "127.0.0.1" || bind_address == "::1") return;
  std::cerr << "scaleout: WARNING: listening on " << bind_address
            << ": other machines can connect to these servers\n";
}

}  // namespace scaleout::cli
