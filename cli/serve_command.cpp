// `scaleout serve`: one Socket.IO server instance in this process, until Ctrl-C or SIGTERM.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "scaleout/sim/server_instance.hpp"
#include "signals.hpp"

namespace scaleout::cli {

Command add_serve_command(CLI::App& app) {
  auto options = std::make_shared<sim::ServerOptions>();
  options->port = 3000;
  auto no_polling = std::make_shared<bool>(false);
  auto no_websocket = std::make_shared<bool>(false);

  CLI::App* serve = app.add_subcommand(
      "serve", "Run one Socket.IO server (Engine.IO v4 / Socket.IO v5) until interrupted");
  serve->add_option("--port", options->port, "TCP port to listen on (0: any free port)")
      ->capture_default_str();
  serve->add_option("--name", options->name, "Server name, shown to clients in `welcome`/`said`")
      ->capture_default_str();
  serve
      ->add_option("--bind", options->bind_address,
                   "Address to listen on; anything but 127.0.0.1 opens the server to others")
      ->capture_default_str();
  serve->add_option("--path", options->path, "HTTP path of the Socket.IO endpoint")
      ->capture_default_str();
  serve
      ->add_option("--namespace", options->namespaces,
                   "Namespaces the app serves (repeat the option for several)")
      ->capture_default_str();
  serve
      ->add_option("--ping-interval", options->ping_interval_ms,
                   "Milliseconds between the server's pings")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600000));
  serve
      ->add_option("--ping-timeout", options->ping_timeout_ms,
                   "Milliseconds a client has to answer a ping")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600000));
  serve
      ->add_option("--max-payload", options->max_payload,
                   "Largest message or polling body a client may send, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{64}, int64_t{1} << 30));
  serve->add_flag("--no-polling", *no_polling, "Refuse HTTP long-polling (WebSocket only)");
  serve->add_flag("--no-websocket", *no_websocket, "Refuse WebSocket (long-polling only)");

  auto run = [options, no_polling, no_websocket]() -> int {
    options->allow_polling = !*no_polling;
    options->allow_websocket = !*no_websocket;
    for (const auto& nsp : options->namespaces) {
      if (nsp.empty() || nsp[0] != '/') {
        std::cerr << "scaleout serve: namespace '" << nsp << "' must start with '/'\n";
        return kExitUsage;
      }
    }
    block_stop_signals();
    sim::ServerInstance server(*options);
    try {
      server.start();
    } catch (const std::exception& error) {
      std::cerr << "scaleout serve: " << error.what() << "\n";
      return kExitFailure;
    }
    if (options->bind_address != "127.0.0.1") {
      std::cerr << "scaleout serve: warning: listening on " << options->bind_address
                << ", not only on this machine\n";
    }
    std::cout << "scaleout: server " << server.name() << " listening on " << server.url()
              << options->path << std::endl;
    int signal = wait_for_stop_signal();
    std::cout << "scaleout: stopping server " << server.name() << " (signal " << signal << ")"
              << std::endl;
    server.stop();
    return kExitOk;
  };
  return {serve, run};
}

}  // namespace scaleout::cli
