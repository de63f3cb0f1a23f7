// draw_lesson_bar: the lesson being played, across the top of the window: Back, Play/Pause and
// Continue at fixed places (they never move, whatever the caption's length), the pace, the
// progress ("step 3/8") and the lesson's title, then the current step's caption in large text,
// and what happens next. The keys do the same as the buttons: Right or Page Down continues, Left
// or Page Up goes back, Space plays or pauses (not while text is being typed).
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

const std::string& in_language(const scenarios::Text& text) {
  return text.in(language() == Language::kKorean ? scenarios::Language::kKorean
                                                 : scenarios::Language::kEnglish);
}

void take_keys(LessonControls& controls) {
  if (ImGui::GetIO().WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGuiKey_RightArrow, false) ||
      ImGui::IsKeyPressed(ImGuiKey_PageDown, false)) {
    controls.next = true;
  }
  if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow, false) ||
      ImGui::IsKeyPressed(ImGuiKey_PageUp, false)) {
    controls.back = true;
  }
  if (ImGui::IsKeyPressed(ImGuiKey_Space, false)) controls.toggle_play = true;
}

// What happens next, in a few words.
std::string next_line(const scenarios::PlayerView& view) {
  char text[160];
  switch (view.phase) {
    case scenarios::PlayerPhase::kStarting:
      return tr(T::kBuildingWorld);
    case scenarios::PlayerPhase::kFailed:
      std::snprintf(text, sizeof text, tr(T::kLessonFailed), view.error.c_str());
      return text;
    case scenarios::PlayerPhase::kFinished:
      return tr(T::kLessonFinished);
    case scenarios::PlayerPhase::kRunning:
      break;
  }
  if (view.question == scenarios::QuestionState::kAsking) return tr(T::kQuestionAsking);
  if (view.question == scenarios::QuestionState::kRevealed) return tr(T::kQuestionAnswered);
  if (view.playing && view.next_step_in_s >= 0) {
    std::snprintf(text, sizeof text, tr(T::kNextStepIn),
                  std::ceil(std::max(0.0, view.next_step_in_s - view.clock_s)));
    return text;
  }
  return tr(T::kPressContinue);
}

// The caption on show: the step started last, or the lesson's summary before the first.
const std::string& shown_caption(const UiState& ui) {
  const scenarios::Scenario& scenario = *ui.lesson.scenario;
  const int step = ui.lesson.view->current_step;
  return step >= 0 && step < static_cast<int>(scenario.steps.size())
             ? in_language(scenario.steps[static_cast<size_t>(step)].caption)
             : in_language(scenario.summary);
}

// At most this many lines of the caption are shown (the whole text is in the Lesson panel).
constexpr float kCaptionLines = 4;

}  // namespace

float lesson_bar_height(const UiState& ui) {
  if (!ui.lesson.view || !ui.lesson.scenario) return 0;
  // The caption wraps over as many lines as it takes at this width (up to kCaptionLines), so
  // that the line under it is never cut.
  ImFont* large = ui.fonts.large;
  const float width = ImGui::GetContentRegionAvail().x;
  const float caption =
      large->CalcTextSizeA(large->FontSize, FLT_MAX, width, shown_caption(ui).c_str()).y;
  const float line = large->FontSize * 1.15f;
  return ImGui::GetFrameHeightWithSpacing() + std::clamp(caption, line, line * kCaptionLines) +
         ImGui::GetTextLineHeightWithSpacing() + 8 * ui.theme.scale;
}

void draw_lesson_bar(ViewModel&, UiState& ui) {
  const auto& view = ui.lesson.view;
  if (!view || !ui.lesson.scenario) return;
  const scenarios::Scenario& scenario = *ui.lesson.scenario;
  const Theme& theme = ui.theme;
  LessonControls& controls = ui.lesson.controls;
  take_keys(controls);

  // The buttons first, each with a fixed width, so that they stay where the hand expects them.
  const float button = 130 * theme.scale;
  if (ImGui::Button(tr(T::kBack), ImVec2(button, 0))) controls.back = true;
  ImGui::SameLine();
  if (ImGui::Button(view->playing ? tr(T::kPause) : tr(T::kPlay), ImVec2(button * 0.8f, 0)))
    controls.toggle_play = true;
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, with_alpha(theme.ok, 0.85f));
  if (ImGui::Button(tr(T::kContinue), ImVec2(button * 1.2f, 0))) controls.next = true;
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110 * theme.scale);
  float speed = static_cast<float>(view->speed);
  if (ImGui::SliderFloat("##lesson pace", &speed, 0.1f, 10.0f, "%.1fx",
                         ImGuiSliderFlags_Logarithmic)) {
    controls.speed = speed;
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", tr(T::kLessonSpeed));
  ImGui::SameLine();
  ImGui::PushFont(ui.fonts.large);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.warning), "%s",
                     lesson_progress(*view).c_str());
  ImGui::SameLine();
  ImGui::TextUnformatted(in_language(scenario.title).c_str());
  ImGui::PopFont();

  const std::string& caption = shown_caption(ui);
  ImGui::PushFont(ui.fonts.large);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(caption.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();

  const ImU32 colour = view->phase == scenarios::PlayerPhase::kFailed ? theme.loss : theme.muted;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s", next_line(*view).c_str());
  ImGui::SameLine();
  char checks[128];
  std::snprintf(checks, sizeof checks, tr(T::kChecks), view->passed, view->failed, view->checking);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(view->failed > 0 ? theme.loss : theme.ok),
                     "   %s", checks);
  ImGui::SameLine();
  ImGui::TextDisabled("   %s", tr(T::kLessonKeys));
}

}  // namespace scaleout::gui
