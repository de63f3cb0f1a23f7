// GuiApp: the window itself — GLFW and OpenGL 3 set up, fonts and theme, and the frame loop that
// feeds the view model (trace events, the world's status, the clock), draws it, and hands the
// commands the user asked for to the world. It never waits on the world: status() and submit()
// return at once.
//
// It draws less when nothing changes: while dots move or events arrive it renders up to 60 frames
// a second; otherwise it sleeps until input arrives or a quarter of a second passes (the status
// refreshes that often). Each frame's time (from waking to the buffer swap, the software
// rasteriser's work included) is measured; --frame-stats prints p50/p99 at exit.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "app/lesson_host.hpp"
#include "draw/ui_state.hpp"
#include "model/playback_clock.hpp"
#include "model/replay_source.hpp"
#include "model/strings.hpp"
#include "model/view_model.hpp"
#include "scaleout/world/world.hpp"

namespace scaleout::gui {

struct GuiOptions {
  int width = 1600;
  int height = 900;
  float font_scale = 1.0f;
  bool dark = true;
  Language language = Language::kEnglish;
  std::optional<Panel> panel;
  int hop_ms = 450;
  std::string screenshot;  // render `frames` frames, save the last as this PNG, and exit
  int frames = 0;
  bool frame_stats = false;
  // A recording: start this many seconds in, and open this message's sequence diagram.
  double seek_seconds = 0;
  std::string select_mid;
  bool paused = false;  // a recording starts paused
};

// One part of the frame, or a size: its median and 99th percentile over the steady frames.
struct Spread {
  double p50 = 0;
  double p99 = 0;
};

struct FrameStats {
  size_t frames = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  // Where a frame goes: the view model (trace events taken in, animations moved on), the ImGui
  // build (draw_* functions to ImGui::Render), and the OpenGL part (clear, draw lists, buffer
  // swap: the software rasteriser's work lands here); and how big the draw lists were.
  Spread model_ms;
  Spread build_ms;
  Spread render_ms;
  Spread vertices;
  Spread indices;
  Spread draw_commands;
};

// Whether a display is there to open a window on (X11 or Wayland).
bool display_available();
// Wakes a frame loop that sleeps for want of activity; safe from any thread.
void wake_frame_loop();

class GuiApp {
 public:
  GuiApp(GuiOptions options, EventFeed& feed);

  // A live world (commands on), a deployment observed (live, commands off) or a recording
  // (commands off); set one before run().
  void show_world(sim::World& world) { world_ = &world; }
  // Classroom mode: the Classroom panel shows where students join, and opens first.
  void show_classroom(ClassroomView classroom) {
    classroom_ = std::move(classroom);
    if (!options_.panel) options_.panel = Panel::kClassroom;
  }
  void show_observed(const std::string& source) {
    observing_ = true;
    source_name_ = source;
  }
  // A lesson played on its own worlds (the host's player builds them, and builds them again for
  // Back and Restart); `menu` offers the library's other lessons in the Lesson panel.
  void show_lessons(LessonHost& host, std::vector<scenarios::LessonEntry> menu, int selected) {
    lessons_ = &host;
    ui_.lesson.menu = std::move(menu);
    ui_.lesson.menu_selected = selected;
    if (!options_.panel) options_.panel = Panel::kLesson;
  }
  // Loads the recording into the view model (building its checkpoints) and shows its start.
  void show_recording(ReplaySource& replay);
  // Lines to obey each frame (`scaleout gui --control-stdin`, control_lines.cpp): lesson controls
  // (continue, back, play, pause, restart), summary, screenshot FILE, quit, or a world command.
  void take_control_lines(std::function<std::vector<std::string>()> source) {
    control_lines_ = std::move(source);
  }

  // Opens the window and runs until it is closed, `stop` becomes true, or the screenshot is
  // taken. Returns 0, or 1 with `error` set when the window or the screenshot failed.
  int run(const std::atomic<bool>& stop, std::string* error);

  FrameStats frame_stats() const;
  // What the window shows, as one JSON object (for scripts and tests).
  std::string summary() const;
  // One line about a stored message ("message s1-5: 12 hops, 9 delivered, 0 lost"), or "" when
  // no event of it is kept.
  std::string describe_message(const std::string& mid) const;

 private:
  void feed_model(int64_t wall_ns);
  // Follows the lesson's player: its view, and the world it runs now.
  void follow_lesson();
  void serve_lesson_controls();
  // A new world: the view starts afresh.
  void reset_view();
  void move_moment();
  void take_outcomes();
  // What the user asked for besides world commands: saving, instant replay.
  void serve_requests(int width, int height);
  // Builds the font atlas again when a client's name needs glyphs it lacks.
  void cover_new_names();
  // Obeys the control lines that came since the last frame (control_lines.cpp).
  void serve_control_lines();

  GuiOptions options_;
  EventFeed& feed_;
  sim::World* world_ = nullptr;
  ReplaySource* replay_ = nullptr;
  LessonHost* lessons_ = nullptr;
  std::shared_ptr<sim::World> lesson_world_;  // keeps the world shown alive while it is shown
  std::string lesson_texts_;                  // the lesson whose texts the font atlas has
  uint64_t feed_generation_ = 0;
  bool observing_ = false;
  std::optional<ClassroomView> classroom_;
  std::string source_name_;
  ViewModel model_;
  UiState ui_;
  EventBatch batch_;
  uint64_t outcomes_seen_ = 0;
  uint64_t names_version_ = 0;
  std::vector<std::string> names_in_atlas_;
  // Per frame: its time in ms, its parts, and its draw lists' sizes (see FrameStats).
  struct FrameSample {
    float total_ms = 0;
    float model_ms = 0;
    float build_ms = 0;
    float render_ms = 0;
    int vertices = 0;
    int indices = 0;
    int draw_commands = 0;
  };
  std::vector<FrameSample> frames_;
  std::function<std::vector<std::string>()> control_lines_;
  bool summary_asked_ = false;  // print the summary after this frame is drawn
  bool quit_asked_ = false;
};

}  // namespace scaleout::gui
