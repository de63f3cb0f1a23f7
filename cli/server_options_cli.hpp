// The options every server takes, shared by `serve` and `cluster`: where it listens, the
// Socket.IO path and namespaces, heartbeat, payload size, transports, the adapter's key.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "scaleout/server/server_options.hpp"

namespace scaleout::cli {

void add_server_options(CLI::App& command, sim::ServerOptions& options);
// What is wrong with the options, or "".
std::string check_server_options(const sim::ServerOptions& options);
// Says so on stderr when the servers can be reached from other machines.
void warn_if_exposed(const std::string& bind_address);

}  // namespace scaleout::cli
