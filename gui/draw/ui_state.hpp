// UiState: what the window remembers between frames that is not the world: which panel is open,
// the canvas' pan and zoom (and its cached layout), the selected client, text being typed, and
// the commands the user asked for this frame. The draw_* functions read the view model and this,
// and write only this; the app submits `commands` to the world after the frame.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "draw/fonts.hpp"
#include "draw/theme.hpp"
#include "model/playback_clock.hpp"
#include "model/topology_layout.hpp"
#include "scaleout/scenarios/lesson_library.hpp"
#include "scaleout/scenarios/player.hpp"
#include "scaleout/world/world_command.hpp"

namespace scaleout::gui {

enum class Panel {
  kServers,
  kRooms,
  kChannels,
  kClients,
  kRedis,
  kEventLog,
  kMetrics,
  kMessage,
  kClassroom,
  kLesson,
  kCompare,
  kStores,
  kAutoscaler
};

// Classroom mode: where students join, for the Classroom panel.
struct ClassroomView {
  std::string url;
  std::vector<std::string> notice;
  int qr_size = 0;                  // modules per side
  std::vector<uint8_t> qr_modules;  // row by row, 1 dark
};

// What the lesson bar and the Lesson panel asked the lesson's player for this frame.
struct LessonControls {
  bool toggle_play = false;
  bool next = false;  // Continue
  bool back = false;
  bool restart = false;
  std::optional<int> open_step;  // a step clicked in the list
  std::optional<double> speed;
  std::string open_lesson;  // a lesson file chosen in the menu

  bool any() const {
    return toggle_play || next || back || restart || open_step || speed || !open_lesson.empty();
  }
};

// A lesson on screen: its player's latest view and the scenario it plays, the lesson menu.
struct LessonUi {
  std::shared_ptr<const scenarios::PlayerView> view;  // null: no lesson
  const scenarios::Scenario* scenario = nullptr;
  std::string path;
  std::vector<scenarios::LessonEntry> menu;  // the library, when the menu is offered
  int menu_selected = 0;
  std::string error;        // a lesson that could not be opened
  LessonControls controls;  // output of this frame
};

struct TimelineState {
  int64_t view_start_ns = 0;  // the visible range, trace time
  int64_t view_end_ns = 0;
  bool follow = true;  // the range follows the shown moment (the present when live)
  bool selecting = false;
  std::optional<std::pair<int64_t, int64_t>> selection;
};

// A picture of the window (or of a part of it) to save after the next frame is drawn.
struct PngRequest {
  std::string path;
  std::optional<Rect> region;  // in window pixels; the whole window when empty
};

// A panel tab as the last frame drew it (the window's summary reports them: a test reads that
// every label was drawn whole).
struct TabShown {
  std::string label;
  int row = 0;
  bool fits = true;  // as wide as its label needs, and inside the panels' width
};

struct CanvasState {
  float zoom = 1.0f;
  Vec2 pan;
  Layout layout;
  uint64_t layout_version = UINT64_MAX;  // the world model's version it was made from
  Vec2 layout_size;
  float layout_zoom = 0;
  std::string hovered_server;  // for the context menu
  std::string menu_link;       // the link whose right-click menu is open
};

struct UiState {
  Theme theme;
  Fonts fonts;
  bool live = true;         // a live stream (a world, or a deployment observed); false: a recording
  bool controls = true;     // the world can be acted on (false: a recording, or observing)
  std::string source_name;  // the recording's files, or the Redis observed

  Panel panel = Panel::kServers;
  std::vector<TabShown> tabs_shown;
  TimelineState timeline;
  PlaybackClock clock;  // the moment shown when it is not the present

  // The message whose sequence diagram is open.
  std::string selected_mid;
  char mid_input[64] = "";
  std::set<std::string> story_hidden_servers;
  bool story_logical_order = false;

  std::optional<ClassroomView> classroom;
  LessonUi lesson;

  std::optional<PngRequest> png_request;
  // Where to write the trace when asked to save it (set by the app; empty: no saving).
  std::string save_message;
  CanvasState canvas;
  std::string selected_client;  // socket id

  // Typed text.
  char command_line[256] = "";
  char log_filter[256] = "";
  std::string log_filter_error;
  char client_filter[128] = "";
  char say_text[256] = "hello";
  char room_text[64] = "lobby";
  int add_count = 5;
  float bot_rate = 0;
  int hop_ms = 450;
  int metrics_server = -1;  // -1: all servers
  char emit_to[64] = "lobby";
  char emit_event[64] = "said";
  char emit_text[128] = "from the teacher";

  // Replies to commands, newest last, for the status bar.
  std::string last_outcome;
  bool last_outcome_ok = true;

  // Output of this frame.
  std::vector<sim::WorldCommand> commands;

  // The display clock of this frame (monotonic when live, the playback clock for a recording),
  // and the monotonic clock (for the instant replay).
  int64_t now_ns = 0;
  int64_t wall_ns = 0;
  std::string instant_replay;  // a message to animate again, asked for this frame
  // Frame time, for the status bar.
  float frame_ms = 0;
};

}  // namespace scaleout::gui
