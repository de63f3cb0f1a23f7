// draw_compare_panel: the Compare tab of a lesson that compares (its `compare` section): the
// table side by side (each row a figure, each column a run; a figure of the model says so on its
// row, in orange), then the runs' p99 latency and deliveries per
// second overlaid, each from its own start, in one colour per run. The player works the table
// out on its own thread twice a second (PlayerView::compare); this only draws it.
#include <algorithm>

#include "draw/draw.hpp"
#include "draw/plot.hpp"
#include "scaleout/scenarios/compare.hpp"

namespace scaleout::gui {

namespace {

const std::string& in_language(const scenarios::Text& text) {
  return text.in(language() == Language::kKorean ? scenarios::Language::kKorean
                                                 : scenarios::Language::kEnglish);
}

// One colour per run (Okabe-Ito, without vermillion: that one means loss).
ImU32 run_colour(size_t run) {
  static const uint32_t kColours[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
                                      0x56B4E9, 0xF0E442, 0x000000, 0x999999};
  return rgb(kColours[run % 8]);
}

std::string column_title(const scenarios::CompareColumnResult& column) {
  const std::string& name = in_language(column.name);
  if (column.state != scenarios::StepState::kRunning) return name;
  char text[256];
  std::snprintf(text, sizeof text, tr(T::kCompareRunning), name.c_str());
  return text;
}

void draw_table(const scenarios::CompareResult& compare, UiState& ui) {
  const Theme& theme = ui.theme;
  const int columns = static_cast<int>(compare.columns.size()) + 1;
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("compare table", columns, kFlags)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.2f);
  for (size_t i = 0; i < compare.columns.size(); ++i)
    ImGui::TableSetupColumn(column_title(compare.columns[i]).c_str(),
                            ImGuiTableColumnFlags_WidthStretch, 1.0f);

  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::TableNextColumn();
  for (size_t i = 0; i < compare.columns.size(); ++i) {
    ImGui::TableNextColumn();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(run_colour(i)), "%s",
                       column_title(compare.columns[i]).c_str());
  }

  for (const auto& row : compare.rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (row.modelled) {  // a figure of the model, not a measurement: said on the row itself
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.warning), "%s (%s)",
                         in_language(row.label).c_str(), tr(T::kModel));
    } else {
      ImGui::TextUnformatted(in_language(row.label).c_str());
    }
    for (const auto& cell : row.cells) {
      ImGui::TableNextColumn();
      if (cell.known) {
        ImGui::TextUnformatted(cell.text.c_str());
      } else {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.muted), "%s", cell.text.c_str());
      }
    }
  }
  ImGui::EndTable();
}

void draw_plots(const scenarios::CompareResult& compare, UiState& ui) {
  std::vector<XySeries> latency, rate;
  double x_max = 0;
  for (size_t i = 0; i < compare.columns.size(); ++i) {
    const auto& column = compare.columns[i];
    if (column.from_s < 0) continue;
    x_max = std::max(x_max, column.to_s - column.from_s);
    const std::string name = in_language(column.name);
    latency.push_back({name, run_colour(i), column.p99_ms, compare.slice_s});
    rate.push_back({name, run_colour(i), column.deliveries_per_s, compare.slice_s});
  }
  if (latency.empty()) return;
  // Side by side, in view under the table however tall it is.
  const float height = std::max(100.0f * ui.theme.scale, ImGui::GetContentRegionAvail().y -
                                                             ImGui::GetTextLineHeightWithSpacing() -
                                                             ImGui::GetStyle().CellPadding.y * 2);
  if (!ImGui::BeginTable("compare plots", 2)) return;
  ImGui::TableNextColumn();
  draw_xy_plot(tr(T::kCompareLatencyPlot), latency, x_max, tr(T::kSecondsUnit), height, ui.theme);
  ImGui::TableNextColumn();
  draw_xy_plot(tr(T::kCompareRatePlot), rate, x_max, tr(T::kSecondsUnit), height, ui.theme);
  ImGui::EndTable();
}

}  // namespace

void draw_compare_panel(ViewModel&, UiState& ui) {
  const auto& view = ui.lesson.view;
  const scenarios::Scenario* scenario = ui.lesson.scenario;
  if (!scenario || !scenario->compare) return;
  ImGui::PushFont(ui.fonts.large);
  ImGui::PushTextWrapPos(0);
  const std::string& title = in_language(scenario->compare->title);
  ImGui::TextUnformatted(title.empty() ? tr(T::kComparePanel) : title.c_str());
  ImGui::PopTextWrapPos();
  if (!view || !view->compare) {
    ImGui::PopFont();
    ImGui::TextUnformatted(tr(T::kCompareFillsIn));
    return;
  }
  const bool any_modelled =
      std::any_of(view->compare->rows.begin(), view->compare->rows.end(),
                  [](const scenarios::CompareRowResult& row) { return row.modelled; });
  ImGui::PopFont();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.muted), "%s",
                     any_modelled ? tr(T::kSomeModelled) : tr(T::kAllMeasured));
  // A small table (two runs, a few rows) in the large font; a bigger one in the regular font, so
  // that the plots stay in view under it.
  const bool large = view->compare->columns.size() <= 2 && view->compare->rows.size() <= 5;
  if (large) ImGui::PushFont(ui.fonts.large);
  draw_table(*view->compare, ui);
  if (large) ImGui::PopFont();
  ImGui::Spacing();
  draw_plots(*view->compare, ui);
}

}  // namespace scaleout::gui
