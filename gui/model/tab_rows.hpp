// Tab rows: where the panel tabs go when they do not fit one row. Every tab keeps its whole label
// (a tab cut to "Ser…" is of no use at a projector): a row takes as many tabs, in order, as fit
// its width, and the next row takes the rest. Plain arithmetic over the labels' widths, so that
// the layout is tested without a window.
#pragma once

#include <vector>

namespace scaleout::gui {

struct TabPlace {
  int row = 0;
  float x = 0;      // from the row's left edge
  float width = 0;  // the label's own width, never less
  // The tab ends within the width given (false only for a label wider than the whole row).
  bool fits = true;
};

// `widths`: each tab's width with its label whole; `available`: a row's width; `spacing`: the gap
// between two tabs of a row.
std::vector<TabPlace> wrap_tabs(const std::vector<float>& widths, float available, float spacing);

// How many rows `places` take.
int tab_row_count(const std::vector<TabPlace>& places);

}  // namespace scaleout::gui
