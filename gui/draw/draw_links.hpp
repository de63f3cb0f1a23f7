// The network's links on the topology canvas: their faults drawn on their edges, the tooltip of
// the edge under the mouse, and the right-click menu that sets a link's faults. draw_topology
// calls these with the edges of this frame's layout (model/link_edges.hpp).
#pragma once

#include <imgui.h>

#include <vector>

#include "draw/canvas_view.hpp"
#include "draw/ui_state.hpp"
#include "model/link_edges.hpp"
#include "model/view_model.hpp"

namespace scaleout::gui {

// How near an edge (in screen pixels) the mouse must be to point at it.
inline constexpr float kLinkHitPixels = 6;

// Draws each faulty link's look on its edges; returns the edge under the mouse, if any.
const LinkEdge* draw_link_faults(ImDrawList* draw, const CanvasView& view,
                                 const std::vector<LinkEdge>& edges, ViewModel& model, UiState& ui);
// The link's name and faults, per direction, under the mouse.
void draw_link_tooltip(const LinkEdge& edge, ViewModel& model, UiState& ui);
// Opens the menu of `hovered` on a right-click (a live world with controls only) and draws the
// open menu: each item submits a `link` command.
void draw_link_menu(const LinkEdge* hovered, ViewModel& model, UiState& ui);

}  // namespace scaleout::gui
