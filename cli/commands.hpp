// The subcommands of `scaleout`. Each adds itself to the CLI11 app and returns the function that
// runs it once the command line has been parsed; that function returns the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace scaleout::cli {

// Exit codes that mean something to scripts.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command could not do its job (e.g. port in use)
inline constexpr int kExitUsage = 2;    // the command line was wrong

struct Command {
  CLI::App* subcommand;
  std::function<int()> run;
};

Command add_serve_command(CLI::App& app);
Command add_cluster_command(CLI::App& app);
Command add_replay_command(CLI::App& app);
Command add_observe_command(CLI::App& app);
Command add_play_command(CLI::App& app);
Command add_gui_command(CLI::App& app);

// How to run this program again from a shell: "scaleout" when the PATH leads here, otherwise the
// binary's full path.
std::string self_command();

}  // namespace scaleout::cli
