// The panel tabs' rows: every tab keeps its whole label; tabs fill a row in order and wrap to the
// next; a label wider than the row gets a row of its own and says it does not fit. The window's
// own drawing of the rows at 1600x900 is checked by Gui.screenshot (its summary's tabs).
#include <gtest/gtest.h>

#include "model/tab_rows.hpp"

namespace scaleout::gui {
namespace {

TEST(TabRows, TabsThatFitShareOneRowInOrder) {
  const auto places = wrap_tabs({50, 60, 70}, 300, 10);
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(tab_row_count(places), 1);
  EXPECT_EQ(places[0].x, 0);
  EXPECT_EQ(places[1].x, 60);
  EXPECT_EQ(places[2].x, 130);
  for (const auto& place : places)
    EXPECT_TRUE(place.fits);
}

TEST(TabRows, ATabThatWouldEndPastTheEdgeStartsTheNextRowWhole) {
  // 100 + 10 + 100 = 210 fits in 250; the third would end at 320.
  const auto places = wrap_tabs({100, 100, 100, 40}, 250, 10);
  EXPECT_EQ(tab_row_count(places), 2);
  EXPECT_EQ(places[1].row, 0);
  EXPECT_EQ(places[2].row, 1);
  EXPECT_EQ(places[2].x, 0);
  EXPECT_EQ(places[2].width, 100);  // never shrunk to fit
  EXPECT_EQ(places[3].row, 1);
  EXPECT_EQ(places[3].x, 110);
}

TEST(TabRows, ElevenPanelLabelsAt1600x900TakeTwoRowsAndAllFit) {
  // The English labels' widths at the default font (17 px DejaVu Sans, 8 px padding each side)
  // in the panels' 40% of a 1600 px window: about 620 px.
  const std::vector<float> widths = {66, 75, 63, 88, 70, 60, 88, 75, 88, 69, 103};
  const auto places = wrap_tabs(widths, 620, 10);
  EXPECT_EQ(tab_row_count(places), 2);
  for (const auto& place : places) {
    EXPECT_TRUE(place.fits);
    EXPECT_LE(place.x + place.width, 620);
  }
}

TEST(TabRows, ALabelWiderThanTheRowHasARowOfItsOwnAndSaysSo) {
  const auto places = wrap_tabs({40, 300, 40}, 200, 10);
  EXPECT_EQ(tab_row_count(places), 3);
  EXPECT_TRUE(places[0].fits);
  EXPECT_FALSE(places[1].fits);
  EXPECT_EQ(places[1].x, 0);
  EXPECT_TRUE(places[2].fits);
}

TEST(TabRows, NoTabsNoRows) {
  EXPECT_EQ(tab_row_count(wrap_tabs({}, 100, 10)), 0);
}

}  // namespace
}  // namespace scaleout::gui
