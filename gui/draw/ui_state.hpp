// UiState: what the window remembers between frames that is not the world: which panel is open,
// the canvas' pan and zoom (and its cached layout), the selected client, text being typed, and
// the commands the user asked for this frame. The draw_* functions read the view model and this,
// and write only this; the app submits `commands` to the world after the frame.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "draw/fonts.hpp"
#include "draw/theme.hpp"
#include "model/topology_layout.hpp"
#include "scaleout/sim/world_command.hpp"

namespace scaleout::gui {

enum class Panel { kServers, kRooms, kChannels, kClients, kRedis, kEventLog, kMetrics };

struct CanvasState {
  float zoom = 1.0f;
  Vec2 pan;
  Layout layout;
  uint64_t layout_version = UINT64_MAX;  // the world model's version it was made from
  Vec2 layout_size;
  float layout_zoom = 0;
  std::string hovered_server;  // for the context menu
};

struct UiState {
  Theme theme;
  Fonts fonts;
  bool live = true;  // false: a recording (no controls)
  std::string recording_name;

  Panel panel = Panel::kServers;
  bool panel_requested = false;  // select `panel` on the next frame (set by --panel)
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

  // Replies to commands, newest last, for the status bar.
  std::string last_outcome;
  bool last_outcome_ok = true;

  // Output of this frame.
  std::vector<sim::WorldCommand> commands;

  // The display clock of this frame (monotonic when live, the playback clock for a recording).
  int64_t now_ns = 0;
  // Frame time, for the status bar.
  float frame_ms = 0;
};

}  // namespace scaleout::gui
