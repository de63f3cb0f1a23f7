// CanvasView: how the topology canvas maps its units (pixels at zoom 1, as the layout computes
// them) to the screen, with the user's pan and zoom, and the shapes its drawing files share.
// Used by draw_topology (boxes, edges, messages) and draw_link_faults (the links' faults).
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "model/geometry.hpp"

namespace scaleout::gui {

struct CanvasView {
  ImVec2 origin;
  Vec2 pan;
  float zoom = 1;
  float scale = 1;  // the theme's, for line widths and dots

  ImVec2 at(Vec2 p) const {
    return ImVec2(origin.x + pan.x + p.x * zoom, origin.y + pan.y + p.y * zoom);
  }
  // The canvas point under a screen position (the mouse's).
  Vec2 point_at(ImVec2 screen) const {
    return {(screen.x - origin.x - pan.x) / zoom, (screen.y - origin.y - pan.y) / zoom};
  }
  float len(float units) const { return units * zoom; }
};

inline void dashed_line(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness,
                        float dash) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1) return;
  for (float d = 0; d < length; d += 2 * dash) {
    const float e = std::min(d + dash, length);
    draw->AddLine(ImVec2(a.x + dx * d / length, a.y + dy * d / length),
                  ImVec2(a.x + dx * e / length, a.y + dy * e / length), colour, thickness);
  }
}

inline void cross(ImDrawList* draw, ImVec2 centre, float r, ImU32 colour, float thickness) {
  draw->AddLine(ImVec2(centre.x - r, centre.y - r), ImVec2(centre.x + r, centre.y + r), colour,
                thickness);
  draw->AddLine(ImVec2(centre.x - r, centre.y + r), ImVec2(centre.x + r, centre.y - r), colour,
                thickness);
}

}  // namespace scaleout::gui
