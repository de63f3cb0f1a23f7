// Classroom mode on the command line (`scaleout cluster --classroom`), and the chat page for
// every other run: the options, checking them against the rest of the command line, and what is
// printed for the teacher (the URL, its QR code, who can join and under which limits).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "scaleout/world/classroom.hpp"

namespace scaleout::cli {

struct ClassroomCli {
  bool enabled = false;
  std::string address;  // --classroom-address: an address or interface; empty: the first one
  std::optional<size_t> max_connections;
  std::optional<double> sessions_per_second;
  std::optional<double> messages_per_second;
};

void add_classroom_options(CLI::App& command, ClassroomCli& options);

// What --classroom chose: the address students reach, the page, and the limits (the command
// line's own over the classroom's), for sim::apply_classroom.
struct ClassroomSetup {
  std::string address;
  std::shared_ptr<const sim::ClassroomPage> page;
  sim::ClassroomSettings settings;
};

// The setup for --classroom; an exit code other than kExitOk (after saying why on stderr,
// after `command`) when there is no such address or no page.
int choose_classroom(const ClassroomCli& options, std::string_view command, ClassroomSetup* setup);

// With --classroom: chooses the address, loads the page and sets `cluster` up for the class
// (apply_classroom, then the limits given on the command line). Otherwise serves the page too,
// when it is installed. Returns an exit code: kExitOk, or the code to stop with after printing
// why on stderr, after `command` ("scaleout cluster").
int prepare_classroom(const ClassroomCli& options, sim::ClusterOptions& cluster,
                      std::string_view command);

// The URL, its QR code and the notice, once the balancer listens on `port`.
void print_classroom(const sim::ClusterOptions& cluster, uint16_t port);

// For `scaleout serve` and a cluster without --classroom: the page when it is installed, quietly
// nothing otherwise (GET / then answers 404).
void serve_page_if_installed(sim::ServerOptions& server);

}  // namespace scaleout::cli
