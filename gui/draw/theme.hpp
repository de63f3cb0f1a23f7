// Theme: the window's colours and sizes. Two palettes (dark, light) with the same meanings; room
// colours come from RoomColours (Okabe-Ito), loss is vermillion and always drawn with an X too.
// `scale` multiplies every size (fonts, lines, dots) for a projector.
#pragma once

#include <imgui.h>

#include <cstdint>

namespace scaleout::gui {

struct Theme {
  bool dark = true;
  float scale = 1.0f;

  ImU32 background;
  ImU32 text;
  ImU32 muted;
  ImU32 box;  // a server's box
  ImU32 box_border;
  ImU32 box_down;  // a server that is down
  ImU32 redis_box;
  ImU32 band;      // the load balancer
  ImU32 edge;      // a link that is up
  ImU32 loss;      // vermillion
  ImU32 ok;        // bluish green
  ImU32 warning;   // orange
  ImU32 link_cut;  // a partitioned link: hot pink, apart from the rooms, loss and down (vermillion)
  ImU32 link_slow;  // a link's latency or bandwidth: violet, apart from the rooms' colours
  ImU32 selection;
};

Theme make_theme(bool dark, float scale);
// Sets ImGui's own colours and sizes to match.
void apply_theme(const Theme& theme);
// 0xRRGGBB -> ImU32, with an alpha.
ImU32 rgb(uint32_t colour, float alpha = 1.0f);
// The same colour with another alpha.
inline ImU32 with_alpha(ImU32 colour, float alpha) {
  return (colour & 0x00FFFFFF) | (static_cast<ImU32>(alpha * 255) << 24);
}

}  // namespace scaleout::gui
