// draw_question_card: a lesson step's question, above the canvas while the class answers it and
// once its step has played (predict, then watch). The question in the window's largest type, for
// the back of the room; each choice with a bar of its votes that fills as they arrive (from the
// servers' own tallies, model/class_tally.hpp), the count and the share; once revealed, the right
// choice marked (a tick and green, never by colour alone), the explanation, and what the step's
// checks measured, next to what the class predicted. When the servers counted different votes
// (no adapter, Redis down, a partition) each choice shows one bar per server, and a line says
// that each server counted only the votes that reached it.
#include <algorithm>
#include <cstdio>

#include "draw/draw.hpp"
#include "model/class_tally.hpp"

namespace scaleout::gui {

namespace {

const std::string& in_language(const scenarios::Text& text) {
  return text.in(language() == Language::kKorean ? scenarios::Language::kKorean
                                                 : scenarios::Language::kEnglish);
}

// The question on show, or null.
const scenarios::Question* shown_question(const UiState& ui, int* step) {
  const auto& view = ui.lesson.view;
  if (!view || !ui.lesson.scenario || view->question == scenarios::QuestionState::kNone) {
    return nullptr;
  }
  const auto& steps = ui.lesson.scenario->steps;
  if (view->question_step < 0 || view->question_step >= static_cast<int>(steps.size()))
    return nullptr;
  *step = view->question_step;
  const auto& question = steps[static_cast<size_t>(*step)].question;
  return question ? &*question : nullptr;
}

bool revealed(const UiState& ui) {
  return ui.lesson.view->question == scenarios::QuestionState::kRevealed;
}

// The lines under the choices: the state of the vote, then (revealed) the explanation and the
// step's checks.
std::string state_line(const UiState& ui, const ClassTally& tally) {
  char text[320];
  if (revealed(ui)) return tr(T::kQuestionWhatHappened);
  if (!ui.classroom) return tr(T::kQuestionNoClassroom);
  std::snprintf(text, sizeof text, tr(T::kQuestionVotes), tally.votes);
  return text;
}

float wrapped_height(ImFont* font, const std::string& text, float width) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text.c_str()).y;
}

std::vector<const scenarios::CheckView*> step_checks(const UiState& ui, int step) {
  std::vector<const scenarios::CheckView*> checks;
  for (const auto& check : ui.lesson.view->checks) {
    if (check.step == step) checks.push_back(&check);
  }
  return checks;
}

ClassTally tally_of(const ViewModel& model, const UiState& ui, int step) {
  if (!model.status()) return {};
  return class_tally(*model.status(), ui.lesson.scenario->steps[static_cast<size_t>(step)].id);
}

// Rows each choice takes for its bars: one, or one per server when the tally is split.
size_t bar_rows(const ClassTally& tally) {
  return tally.split ? std::max<size_t>(1, tally.servers.size()) : 1;
}

std::string choice_label(const scenarios::Question& question, size_t i, bool right) {
  return (right ? "\u2713 " : "") + std::to_string(i + 1) + "  " + in_language(question.choices[i]);
}

// How the choices sit: each label in a column beside its bars while the longest fits in 45% of
// the card, else (long choices, large type) each label wrapped across the card with its bars
// on the rows under it, so that no choice is ever cut.
struct ChoiceLayout {
  bool stacked = false;
  float text_width = 0;  // the label column beside the bars; stacked: the bars' indent
};

ChoiceLayout choice_layout(const UiState& ui, const scenarios::Question& question, float width) {
  ImFont* font = ui.fonts.large;
  float longest = 0;
  for (size_t i = 0; i < question.choices.size(); ++i) {
    const std::string label = choice_label(question, i, true);
    longest = std::max(longest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.c_str()).x);
  }
  longest += font->FontSize * 1.5f;
  if (longest <= width * 0.45f) return {false, longest};
  return {true, font->FontSize * 1.5f};
}

}  // namespace

float question_card_height(const ViewModel& model, const UiState& ui, float width) {
  int step = -1;
  const scenarios::Question* question = shown_question(ui, &step);
  if (!question) return 0;
  const ClassTally tally = tally_of(model, ui, step);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float inner = width - style.WindowPadding.x * 2;
  float height = style.WindowPadding.y * 2 + ImGui::GetTextLineHeightWithSpacing();
  height += wrapped_height(ui.fonts.huge, in_language(question->text), inner) + style.ItemSpacing.y;
  const float bars = ImGui::GetTextLineHeight() * static_cast<float>(bar_rows(tally));
  const ChoiceLayout layout = choice_layout(ui, *question, inner);
  for (size_t i = 0; i < question->choices.size(); ++i) {
    const float label = wrapped_height(ui.fonts.large, choice_label(*question, i, true), inner);
    height += (layout.stacked ? label + style.ItemSpacing.y + bars
                              : std::max(ui.fonts.large->FontSize, bars)) +
              style.ItemSpacing.y;
  }
  const int lines = 1 + (tally.split ? 1 : 0) + (tally.latest.empty() ? 0 : 1);
  height += ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(lines);
  if (revealed(ui)) {
    height += wrapped_height(ui.fonts.large, in_language(question->explanation), inner) +
              style.ItemSpacing.y;
    height +=
        ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(step_checks(ui, step).size());
  }
  return height;
}

void draw_question_card(ViewModel& model, UiState& ui) {
  int step = -1;
  const scenarios::Question* question = shown_question(ui, &step);
  if (!question) return;
  const Theme& theme = ui.theme;
  const ClassTally tally = tally_of(model, ui, step);
  const bool shown_answer = revealed(ui) && question->answer;

  char header[200];
  std::snprintf(header, sizeof header, tr(T::kQuestionHeader), step + 1);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.warning), "%s", header);
  ImGui::PushFont(ui.fonts.huge);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(in_language(question->text).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();

  // The choices: the number and text beside or above the bars (choice_layout).
  const float width = ImGui::GetContentRegionAvail().x;
  const ChoiceLayout layout = choice_layout(ui, *question, width);
  const float text_width = layout.text_width;
  const float count_width = ImGui::CalcTextSize("s10  000 (100%)").x + 10 * theme.scale;
  const float bar_width = std::max(40.0f, width - text_width - count_width);
  const size_t rows = bar_rows(tally);
  const float line = ImGui::GetTextLineHeight();
  const float row_height =
      layout.stacked ? line * static_cast<float>(rows)
                     : std::max(ui.fonts.large->FontSize, line * static_cast<float>(rows));
  // A full bar is every vote (of that server, when split): the bars read as shares.
  auto total_of = [&](size_t row) { return tally.split ? tally.servers[row].votes : tally.votes; };
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < question->choices.size(); ++i) {
    const bool right = shown_answer && static_cast<int>(i) == *question->answer;
    const ImU32 colour = right ? theme.ok : shown_answer ? theme.muted : theme.text;
    const std::string label = choice_label(*question, i, right);
    ImGui::PushFont(ui.fonts.large);
    if (layout.stacked) {
      ImGui::PushStyleColor(ImGuiCol_Text, colour);
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(label.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
    }
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (!layout.stacked) {
      draw->AddText(ImVec2(at.x, at.y + (row_height - ImGui::GetFontSize()) / 2), colour,
                    label.c_str());
    }
    ImGui::PopFont();
    const ImU32 bar = right ? theme.ok : with_alpha(theme.box_border, 0.9f);
    for (size_t r = 0; r < rows; ++r) {
      const int count = !tally.present ? 0
                        : tally.split  ? tally.servers[r].counts[i]
                                       : tally.counts[i];
      const int total = tally.present ? total_of(r) : 0;
      const float top =
          at.y + (row_height - line * static_cast<float>(rows)) / 2 + line * static_cast<float>(r);
      const float x0 = at.x + text_width;
      const float share = total > 0 ? static_cast<float>(count) / static_cast<float>(total) : 0;
      draw->AddRectFilled(ImVec2(x0, top + 2), ImVec2(x0 + bar_width, top + line - 2),
                          with_alpha(theme.box, 0.8f));
      draw->AddRectFilled(ImVec2(x0, top + 2), ImVec2(x0 + bar_width * share, top + line - 2), bar);
      char figure[96];
      std::snprintf(figure, sizeof figure, "%s%s%d (%d%%)",
                    tally.split ? tally.servers[r].server.c_str() : "", tally.split ? "  " : "",
                    count, total > 0 ? count * 100 / total : 0);
      draw->AddText(ImVec2(x0 + bar_width + 6 * theme.scale, top), theme.text, figure);
    }
    ImGui::Dummy(ImVec2(width, row_height));
  }

  if (tally.split) {
    std::string counted;
    for (const auto& server : tally.servers)
      counted += (counted.empty() ? "" : ", ") + server.server + " " + std::to_string(server.votes);
    char text[400];
    std::snprintf(text, sizeof text, tr(T::kQuestionSplit), tally.votes, counted.c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.loss), "%s", text);
  }
  if (!tally.latest.empty()) {
    std::string latest;
    for (const TallyVote& vote : tally.latest) {
      latest += (latest.empty() ? "" : ",  ") + (vote.name.empty() ? "?" : vote.name) + " \u2192 " +
                std::to_string(vote.choice + 1);
    }
    ImGui::TextDisabled(tr(T::kQuestionLatest), latest.c_str());
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.muted), "%s",
                     state_line(ui, tally).c_str());
  if (!revealed(ui)) return;
  ImGui::PushFont(ui.fonts.large);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(in_language(question->explanation).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  for (const scenarios::CheckView* check : step_checks(ui, step)) {
    const ImU32 colour = check->state == scenarios::CheckState::kPassed   ? theme.ok
                         : check->state == scenarios::CheckState::kFailed ? theme.loss
                                                                          : theme.warning;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s",
                       check_state_label(check->state));
    ImGui::SameLine();
    ImGui::Text("%s  (%s)", check->expected.c_str(), check->measured.c_str());
  }
}

}  // namespace scaleout::gui
