// Classroom mode on the command line.
#include "classroom_cli.hpp"

#include <unistd.h>

#include <iostream>

#include "commands.hpp"

namespace scaleout::cli {

void add_classroom_options(CLI::App& command, ClassroomCli& options) {
  CLI::Option* classroom = command.add_flag(
      "--classroom", options.enabled,
      "Let students' browsers join: the load balancer listens on this machine's network "
      "address and serves the chat page, the servers stay on 127.0.0.1, and the classroom's "
      "limits apply. Prints the URL and its QR code");
  command
      .add_option("--classroom-address", options.address,
                  "With --classroom: the address or interface students reach this machine on "
                  "(default: the first non-loopback IPv4 address; 127.0.0.1 to try it alone)")
      ->needs(classroom);
  command
      .add_option("--limit-connections", options.max_connections,
                  "With --classroom: connections one student address may hold at once (0: any)")
      ->needs(classroom)
      ->check(CLI::Range(size_t{0}, size_t{100000}));
  command
      .add_option("--limit-sessions", options.sessions_per_second,
                  "With --classroom: new sessions per second one student address may open "
                  "(bursts of 20 times as many; 0: any)")
      ->needs(classroom)
      ->check(CLI::Range(0.0, 1e6));
  command
      .add_option("--limit-messages", options.messages_per_second,
                  "With --classroom: messages per second one student address may send (bursts "
                  "of 3 times as many; 0: any)")
      ->needs(classroom)
      ->check(CLI::Range(0.0, 1e6));
}

void serve_page_if_installed(sim::ServerOptions& server) {
  server.page = sim::ClassroomPage::load(sim::ClassroomPage::default_dir(), nullptr);
}

int choose_classroom(const ClassroomCli& options, std::string_view command, ClassroomSetup* setup) {
  std::string error;
  auto address = sim::choose_classroom_address(options.address, &error);
  if (!address) {
    std::cerr << command << ": " << error << "\n";
    return kExitUsage;
  }
  auto page = sim::ClassroomPage::load(sim::ClassroomPage::default_dir(), &error);
  if (!page) {
    std::cerr << command << ": " << error << "\n";
    return kExitFailure;
  }
  setup->address = address->address;
  setup->page = std::move(page);
  setup->settings = sim::classroom_settings();
  sim::ClassroomSettings& settings = setup->settings;
  if (options.max_connections) settings.per_address.max_connections = *options.max_connections;
  if (options.sessions_per_second) {
    settings.per_address.sessions_per_second = *options.sessions_per_second;
    settings.per_address.session_burst = *options.sessions_per_second * 20;
  }
  if (options.messages_per_second) {
    settings.chat.messages_per_second = *options.messages_per_second;
    settings.chat.message_burst = *options.messages_per_second * 3;
  }
  return kExitOk;
}

int prepare_classroom(const ClassroomCli& options, sim::ClusterOptions& cluster,
                      std::string_view command) {
  if (!options.enabled) {
    serve_page_if_installed(cluster.server);
    return kExitOk;
  }
  if (!cluster.balancer) {
    std::cerr << command << ": --classroom needs the load balancer; drop --no-balancer\n";
    return kExitUsage;
  }
  if (cluster.server.bind_address != "127.0.0.1") {
    std::cerr << command
              << ": --classroom keeps the servers on 127.0.0.1 (students reach "
                 "them through the balancer); drop --bind\n";
    return kExitUsage;
  }
  ClassroomSetup setup;
  if (int code = choose_classroom(options, command, &setup); code != kExitOk) return code;
  sim::apply_classroom(cluster, setup.address, std::move(setup.page), setup.settings);
  return kExitOk;
}

void print_classroom(const sim::ClusterOptions& cluster, uint16_t port) {
  const std::string url = sim::classroom_url(cluster.balancer_bind_address, port);
  std::cout << "\n";
  for (const auto& line : sim::classroom_notice(url, cluster))
    std::cout << "scaleout: " << line << "\n";
  std::string error;
  if (auto code = sim::make_qr_code(url, &error)) {
    std::cout << "\n" << sim::qr_code_for_terminal(*code, isatty(STDOUT_FILENO) == 1);
  } else {
    std::cerr << "scaleout: " << error << "\n";
  }
  std::cout << "\nscaleout: classroom page at " << url << std::endl;
}

}  // namespace scaleout::cli
