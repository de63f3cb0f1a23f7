// draw_toolbar: the row of controls above the canvas — live or recording, add a server or
// clients, the bots' rate, the balancing policy, a command line that takes any world command
// (the same syntax as `scaleout cluster --do`), the hop time on screen, language and theme.
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

void badge(const char* text, ImU32 colour, const Theme& theme) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 pad(8 * theme.scale, 3 * theme.scale);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw->AddRectFilled(at, ImVec2(at.x + size.x + 2 * pad.x, at.y + size.y + 2 * pad.y), colour,
                      4 * theme.scale);
  draw->AddText(ImVec2(at.x + pad.x, at.y + pad.y), IM_COL32_WHITE, text);
  ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
}

void submit_line(UiState& ui) {
  auto parsed = sim::parse_world_command(ui.command_line);
  if (!parsed) {
    ui.last_outcome = parsed.error().message;
    ui.last_outcome_ok = false;
    return;
  }
  ui.commands.push_back(std::move(*parsed));
  ui.command_line[0] = '\0';
}

}  // namespace

void draw_toolbar(ViewModel& model, UiState& ui) {
  const Theme& theme = ui.theme;
  ImGui::PushFont(ui.fonts.large);
  badge(ui.live ? tr(T::kLive) : tr(T::kReplay), ui.live ? theme.ok : theme.warning, theme);
  ImGui::SameLine();
  ImGui::TextUnformatted(tr(T::kAppTitle));
  ImGui::PopFont();
  ImGui::SameLine();

  if (!ui.controls) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s — %s", ui.source_name.c_str(),
                        ui.live ? tr(T::kObserving) : tr(T::kReadOnly));
  } else {
    ImGui::AlignTextToFramePadding();
    if (ImGui::Button(tr(T::kAddServer))) ui.commands.push_back(sim::command::AddServer{});
    ImGui::SameLine();
    if (ImGui::Button(tr(T::kAddClients))) {
      sim::command::ConnectClients connect;
      connect.count = std::max(1, ui.add_count);
      connect.room = ui.room_text;
      ui.commands.push_back(connect);
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70 * theme.scale);
    ImGui::InputInt("##count", &ui.add_count, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * theme.scale);
    ImGui::InputText("##room", ui.room_text, sizeof ui.room_text);
    if (const sim::WorldStatus* status = model.status(); status && status->bots.count > 0) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120 * theme.scale);
      // Shows the world's rate except while the user drags; the command goes when they let go.
      ImGui::SliderFloat(tr(T::kBotRate), &ui.bot_rate, 0, 500, "%.0f",
                         ImGuiSliderFlags_Logarithmic);
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        ui.commands.push_back(sim::command::SetBotRate{ui.bot_rate});
      } else if (!ImGui::IsItemActive()) {
        ui.bot_rate = static_cast<float>(status->bots.says_per_second);
      }
    }
    if (const sim::WorldStatus* status = model.status(); status && !status->policy.empty()) {
      ImGui::SameLine();
      ImGui::SetNextItemWidth(150 * theme.scale);
      if (ImGui::BeginCombo(tr(T::kPolicy), status->policy.c_str())) {
        for (auto policy :
             {sim::BalancePolicy::kStickySid, sim::BalancePolicy::kStickyCookie,
              sim::BalancePolicy::kRoundRobin, sim::BalancePolicy::kLeastConnections}) {
          if (ImGui::Selectable(sim::to_string(policy), status->policy == sim::to_string(policy))) {
            ui.commands.push_back(sim::command::SetPolicy{policy});
          }
        }
        ImGui::EndCombo();
      }
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(260 * theme.scale);
    if (ImGui::InputTextWithHint("##command", tr(T::kWorldCommandHelp), ui.command_line,
                                 sizeof ui.command_line, ImGuiInputTextFlags_EnterReturnsTrue)) {
      submit_line(ui);
      ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(T::kRun))) submit_line(ui);
  }

  ImGui::SameLine();
  ImGui::SetNextItemWidth(110 * theme.scale);
  if (ImGui::SliderInt(tr(T::kHopTime), &ui.hop_ms, 0, 2000)) {
    model.hops().set_hop_ns(static_cast<int64_t>(ui.hop_ms) * 1'000'000);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(T::kOtherLanguage))) {
    set_language(language() == Language::kKorean ? Language::kEnglish : Language::kKorean);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(theme.dark ? tr(T::kLight) : tr(T::kDark))) {
    ui.theme = make_theme(!theme.dark, theme.scale);
    apply_theme(ui.theme);
  }
}

}  // namespace scaleout::gui
