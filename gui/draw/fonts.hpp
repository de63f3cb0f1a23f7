// Fonts: DejaVu Sans for Latin text with NanumGothic merged in for Korean, at the size the scale
// asks for (built at that size, not stretched, so text stays sharp on a projector). Only the
// Hangul glyphs that the string table and the names seen so far use are put in the atlas: the
// full Hangul range would be a 2048x4096 texture at 18 px.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace scaleout::gui {

struct Fonts {
  ImFont* regular = nullptr;
  ImFont* large = nullptr;  // titles: server names, Redis, captions
  ImFont* huge = nullptr;   // a lesson's question for the class, read from the back of the room
  ImFont* small = nullptr;  // dense labels on the canvas
  bool korean = false;      // NanumGothic was found
  std::string problem;      // what was missing, if anything
};

// Builds the atlas (before the renderer uploads it). `extra_text` adds its glyphs (names of
// clients seen so far, in any script the fonts have).
Fonts build_fonts(float scale, const std::vector<std::string>& extra_text = {});

// Whether every character of `text` has a glyph in the atlas (a Korean name typed by a student
// may not: the window then builds the atlas again with it).
bool fonts_cover(const Fonts& fonts, const std::string& text);

}  // namespace scaleout::gui
