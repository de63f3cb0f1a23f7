// GuiApp::serve_control_lines: the window driven line by line (`scaleout gui --control-stdin`),
// for scripts and tests that cannot press its keys: a lesson's controls, what it shows (summary,
// a screenshot), quitting, and any world command, exactly as the command bar takes it.
#include <iostream>

#include "app/gui_app.hpp"
#include "scaleout/world/world_command.hpp"

namespace scaleout::gui {

void GuiApp::serve_control_lines() {
  if (!control_lines_) return;
  for (const std::string& line : control_lines_()) {
    LessonControls& lesson = ui_.lesson.controls;
    const bool playing = ui_.lesson.view && ui_.lesson.view->playing;
    if (line.empty()) continue;
    if (line == "continue") {
      lesson.next = true;
    } else if (line == "back") {
      lesson.back = true;
    } else if (line == "restart") {
      lesson.restart = true;
    } else if (line == "play" || line == "pause") {
      lesson.toggle_play = playing != (line == "play");
    } else if (line == "summary") {
      summary_asked_ = true;
    } else if (line.rfind("screenshot ", 0) == 0) {
      ui_.png_request = PngRequest{line.substr(11), std::nullopt};
    } else if (line == "quit") {
      quit_asked_ = true;
    } else if (auto command = sim::parse_world_command(line)) {
      ui_.commands.push_back(std::move(*command));
    } else {
      std::cerr << "scaleout gui: '" << line << "': not a control (continue, back, play, pause, "
                << "restart, summary, screenshot FILE, quit) nor a world command ("
                << command.error().message << ")" << std::endl;
    }
  }
}

}  // namespace scaleout::gui
