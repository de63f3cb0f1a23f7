// scaleout: the command-line entry point of Scaleout Sandbox. Subcommands:
//   serve    one Socket.IO server instance
//   cluster  N servers joined through Redis, behind a load balancer, with bots
//   replay   the world rebuilt from trace files
//   observe  a read-only view of the adapter traffic on any Redis
//   play     a scenario played headless, with its expectations checked
//   gui      the window, on a live world, a lesson or a recording (`scaleout` alone: the
//            window with the lesson menu)
// Exit codes: 0 done, 1 failed, 2 bad command line.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "scaleout/base/descriptor_limit.hpp"

int main(int argc, char** argv) {
  using namespace scaleout::cli;
  // A server with thousands of clients needs a descriptor each.
  scaleout::sim::raise_descriptor_limit();
  CLI::App app{
      "Scaleout Sandbox: Socket.IO servers that scale out through a real Redis, made visible."};
  // With no subcommand, the window on the default world.
  app.require_subcommand(0, 1);
  app.set_help_all_flag("--help-all", "Show the help of every subcommand");
  std::vector<Command> commands = {add_serve_command(app),  add_cluster_command(app),
                                   add_replay_command(app), add_observe_command(app),
                                   add_play_command(app),   add_gui_command(app)};
  try {
    if (argc == 1) {
      // `scaleout` alone: the window with the lesson menu.
      std::vector<std::string> lesson_menu = {"--lessons", "gui"};  // CLI11 takes them reversed
      app.parse(lesson_menu);
    } else {
      app.parse(argc, argv);
    }
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    std::cerr << "scaleout: " << error.what() << "\nRun 'scaleout --help' for usage.\n";
    return kExitUsage;
  }
  for (const auto& command : commands) {
    if (command.subcommand->parsed()) return command.run();
  }
  return commands.back().run();  // gui
}
