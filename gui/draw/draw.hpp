// The window's draw functions: one per window part, each a plain function over the view model
// and the UI state (as in imgui_demo.cpp), in its own file. None touches a server: what the user
// asks for goes into UiState::commands.
#pragma once

#include "draw/ui_state.hpp"
#include "model/strings.hpp"
#include "model/view_model.hpp"

namespace scaleout::gui {

// The whole window: toolbar, canvas, panels, status bar.
void draw_main_window(ViewModel& model, UiState& ui);

void draw_toolbar(ViewModel& model, UiState& ui);
void draw_topology(ViewModel& model, UiState& ui);
void draw_panels(ViewModel& model, UiState& ui);
void draw_status_bar(ViewModel& model, UiState& ui);

void draw_servers_panel(ViewModel& model, UiState& ui);
void draw_rooms_panel(ViewModel& model, UiState& ui);
void draw_channels_panel(ViewModel& model, UiState& ui);
void draw_clients_panel(ViewModel& model, UiState& ui);
void draw_redis_panel(ViewModel& model, UiState& ui);
void draw_event_log(ViewModel& model, UiState& ui);
void draw_metrics(ViewModel& model, UiState& ui);
void draw_message_panel(ViewModel& model, UiState& ui);
void draw_classroom_panel(ViewModel& model, UiState& ui);
void draw_timeline(ViewModel& model, UiState& ui);
void draw_lesson_panel(ViewModel& model, UiState& ui);
// The lesson's comparison: its table side by side and its runs' plots overlaid.
void draw_compare_panel(ViewModel& model, UiState& ui);
void draw_stores_panel(ViewModel& model, UiState& ui);
void draw_autoscaler_panel(ViewModel& model, UiState& ui);
// A lesson step's question for the class, with the live tally of the votes, above the canvas;
// its height at this width (0 while no question is on show).
void draw_question_card(ViewModel& model, UiState& ui);
float question_card_height(const ViewModel& model, const UiState& ui, float width);
// The lesson being played, above the canvas; its height (0 without a lesson).
void draw_lesson_bar(ViewModel& model, UiState& ui);
float lesson_bar_height(const UiState& ui);

// "step 3/8" in the window's language, and a check's state as a word of it.
std::string lesson_progress(const scenarios::PlayerView& view);
const char* check_state_label(scenarios::CheckState state);

// Opens a message's sequence diagram and moves the moment shown to its start.
void select_message(ViewModel& model, UiState& ui, const std::string& mid);

// The right-click menu of a server (canvas and Servers panel).
void draw_server_menu(const std::string& server, ViewModel& model, UiState& ui);

}  // namespace scaleout::gui
