// draw_lesson_panel: the Lesson tab. The lesson menu (the library in teaching order, the chosen
// lesson's summary, Open), then the lesson on screen: its steps with the current one marked
// (click a step to open the lesson there: the world is built again and fast-forwarded), what the
// current step's commands did, and every expectation as it is checked — what was expected, what
// was measured, passed or failed, in the step where it was checked.
#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

const std::string& in_language(const scenarios::Text& text) {
  return text.in(language() == Language::kKorean ? scenarios::Language::kKorean
                                                 : scenarios::Language::kEnglish);
}

void draw_menu(UiState& ui) {
  LessonUi& lesson = ui.lesson;
  if (lesson.menu.empty()) return;
  if (!ImGui::CollapsingHeader(tr(T::kLessons), lesson.view ? 0 : ImGuiTreeNodeFlags_DefaultOpen)) {
    return;
  }
  for (size_t i = 0; i < lesson.menu.size(); ++i) {
    const scenarios::LessonEntry& entry = lesson.menu[i];
    const std::string label = entry.name + "  " + in_language(entry.title);
    const std::string marked = (entry.path == lesson.path ? "> " : "  ") + label;
    if (ImGui::Selectable(marked.c_str(), static_cast<int>(i) == lesson.menu_selected,
                          ImGuiSelectableFlags_AllowDoubleClick)) {
      lesson.menu_selected = static_cast<int>(i);
      if (ImGui::IsMouseDoubleClicked(0)) lesson.controls.open_lesson = entry.path;
    }
  }
  if (lesson.menu_selected >= 0 && lesson.menu_selected < static_cast<int>(lesson.menu.size())) {
    const scenarios::LessonEntry& chosen = lesson.menu[static_cast<size_t>(lesson.menu_selected)];
    if (!chosen.error.empty()) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "%s", chosen.error.c_str());
    } else {
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(in_language(chosen.summary).c_str());
      ImGui::PopTextWrapPos();
      if (ImGui::Button(tr(T::kOpenLesson))) lesson.controls.open_lesson = chosen.path;
    }
  }
  if (!lesson.error.empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui.theme.loss), "%s", lesson.error.c_str());
  }
  ImGui::Separator();
}

// A step's row: its mark, number and caption wrapped over as many lines as it needs (a
// Selectable alone would cut it at the panel's edge), the whole row clickable.
bool step_row(size_t index, const std::string& text, bool current, ImU32 colour) {
  const float wrap = ImGui::GetContentRegionAvail().x;
  const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const bool clicked =
      ImGui::Selectable(("##step" + std::to_string(index)).c_str(), current, 0, ImVec2(0, size.y));
  ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, colour,
                                      text.c_str(), nullptr, wrap);
  return clicked;
}

void draw_steps(const scenarios::Scenario& scenario, const scenarios::PlayerView& view,
                UiState& ui) {
  const Theme& theme = ui.theme;
  ImGui::PushFont(ui.fonts.large);
  ImGui::Text("%s  %s", tr(T::kStepsTitle), lesson_progress(view).c_str());
  ImGui::PopFont();
  for (size_t i = 0; i < view.steps.size() && i < scenario.steps.size(); ++i) {
    const scenarios::StepView& step = view.steps[i];
    const bool current = static_cast<int>(i) == view.current_step;
    // ✓ done, ▶ running; a step that asks the class a question shows (?) before its caption.
    const char* mark = step.state == scenarios::StepState::kDone      ? "\u2713"
                       : step.state == scenarios::StepState::kRunning ? "\u25B6"
                                                                      : "  ";
    const std::string text = std::string(mark) + " " + std::to_string(i + 1) + ". " +
                             (scenario.steps[i].question ? "(?) " : "") +
                             in_language(scenario.steps[i].caption);
    const ImU32 colour = step.state == scenarios::StepState::kPending ? theme.muted : theme.text;
    if (step_row(i, text, current, colour)) ui.lesson.controls.open_step = static_cast<int>(i);
    if (current) {
      ImGui::Indent();
      ImGui::PushTextWrapPos(0);
      for (size_t c = 0; c < step.commands.size(); ++c) {
        ImGui::TextDisabled("%s", step.commands[c].c_str());
        if (c < step.outcomes.size()) ImGui::TextWrapped("-> %s", step.outcomes[c].c_str());
      }
      ImGui::PopTextWrapPos();
      ImGui::Unindent();
    }
  }
}

void draw_checks(const scenarios::PlayerView& view, UiState& ui) {
  const Theme& theme = ui.theme;
  char counts[128];
  std::snprintf(counts, sizeof counts, tr(T::kChecks), view.passed, view.failed, view.checking);
  ImGui::PushFont(ui.fonts.large);
  ImGui::TextUnformatted(counts);
  ImGui::PopFont();
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("checks", 4, kFlags)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 80 * theme.scale);
  ImGui::TableSetupColumn(tr(T::kStepColumn), ImGuiTableColumnFlags_WidthFixed, 90 * theme.scale);
  ImGui::TableSetupColumn(tr(T::kExpected));
  ImGui::TableSetupColumn(tr(T::kMeasured));
  ImGui::TableHeadersRow();
  for (const scenarios::CheckView& check : view.checks) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const ImU32 colour = check.state == scenarios::CheckState::kPassed   ? theme.ok
                         : check.state == scenarios::CheckState::kFailed ? theme.loss
                                                                         : theme.warning;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s",
                       check_state_label(check.state));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(check.step_id.c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(check.expected.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered() && !check.where.empty())
      ImGui::SetTooltip("%s", check.where.c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(check.measured.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

}  // namespace

std::string lesson_progress(const scenarios::PlayerView& view) {
  char text[64];
  std::snprintf(text, sizeof text, tr(T::kStepProgress), view.current_step + 1, view.step_count);
  return text;
}

const char* check_state_label(scenarios::CheckState state) {
  switch (state) {
    case scenarios::CheckState::kPassed:
      return tr(T::kCheckPassed);
    case scenarios::CheckState::kFailed:
      return tr(T::kCheckFailed);
    case scenarios::CheckState::kChecking:
      return tr(T::kCheckChecking);
  }
  return tr(T::kCheckChecking);
}

void draw_lesson_panel(ViewModel&, UiState& ui) {
  draw_menu(ui);
  const auto& view = ui.lesson.view;
  if (!view || !ui.lesson.scenario) return;
  const scenarios::Scenario& scenario = *ui.lesson.scenario;
  ImGui::PushFont(ui.fonts.large);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(in_language(scenario.title).c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s", in_language(scenario.summary).c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button(tr(T::kRestartLesson))) ui.lesson.controls.restart = true;
  ImGui::Separator();
  draw_steps(scenario, *view, ui);
  ImGui::Separator();
  draw_checks(*view, ui);
}

}  // namespace scaleout::gui
