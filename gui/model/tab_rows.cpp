// wrap_tabs: greedy rows, in the tabs' own order (the order the user learned stays put).
#include "model/tab_rows.hpp"

namespace scaleout::gui {

std::vector<TabPlace> wrap_tabs(const std::vector<float>& widths, float available, float spacing) {
  std::vector<TabPlace> places;
  places.reserve(widths.size());
  int row = 0;
  float x = 0;
  for (float width : widths) {
    // A tab starts a new row when it would end past the edge; the first of a row never does.
    if (x > 0 && x + spacing + width > available) {
      ++row;
      x = 0;
    }
    const float start = x > 0 ? x + spacing : 0;
    places.push_back(TabPlace{row, start, width, start + width <= available});
    x = start + width;
  }
  return places;
}

int tab_row_count(const std::vector<TabPlace>& places) {
  return places.empty() ? 0 : places.back().row + 1;
}

}  // namespace scaleout::gui
