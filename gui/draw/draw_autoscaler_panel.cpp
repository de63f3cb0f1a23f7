// draw_autoscaler_panel: the world's autoscaler as a class reads it — the policy with Kubernetes'
// defaults beside the classroom's shortened ones, the formula filled with the current numbers
// ("ceil(2 × 30 / 10) = 6 → max 5"), each server's reading (the ones not ready yet marked), the
// recommendations inside the scale-down window, the last decisions and why, the servers
// draining, and plots over time of load, server count and latency.
#include <cstdio>

#include "draw/draw.hpp"
#include "draw/plot.hpp"

namespace scaleout::gui {

namespace {

void row(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
}

// A heading with a rule under it (this Dear ImGui has no SeparatorText).
void heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextUnformatted(text);
  ImGui::Separator();
}

std::string seconds(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

std::string shortened(std::chrono::milliseconds duration, const char* kubernetes) {
  char text[160];
  std::snprintf(text, sizeof text, tr(T::kAsShortened), kubernetes);
  return seconds(duration) + "  " + text;
}

void draw_policy(const sim::AutoscalerStatus& a) {
  heading(tr(T::kAsPolicy));
  ImGui::TextUnformatted("desired = ceil(current × metric / target)");
  if (!ImGui::BeginTable("policy", 2, ImGuiTableFlags_SizingFixedFit)) return;
  const sim::AutoscaleSettings& s = a.settings;
  char text[128];
  row(tr(T::kAsMetricLabel), a.metric);
  std::snprintf(text, sizeof text, "%g %s", s.target, a.metric_unit.c_str());
  row(tr(T::kAsTarget), text);
  std::snprintf(text, sizeof text, "%g %%", s.tolerance * 100);
  row(tr(T::kAsTolerance), text);
  std::snprintf(text, sizeof text, "%d / %d", s.min_servers, s.max_servers);
  row(tr(T::kAsMinMax), text);
  row(tr(T::kAsScaleUpLimit), tr(T::kAsScaleUpLimitValue));
  row(tr(T::kAsLoopPeriod), shortened(s.period, "15 s"));
  row(tr(T::kAsDownWindow), shortened(s.window, "300 s"));
  ImGui::EndTable();
}

void draw_now(const sim::AutoscalerStatus& a, const Theme& theme) {
  heading(tr(T::kAsNow));
  ImGui::Text("%s %d   %s %d", tr(T::kAsCurrentServers), a.current, tr(T::kAsDesired), a.desired);
  if (!a.decisions.empty()) {
    const sim::AutoscaleDecision& last = a.decisions.back();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.selection), "%s", last.formula.c_str());
    ImGui::TextWrapped("%s", last.reason.c_str());
  }
  for (const auto& reading : a.readings) {
    ImGui::Text("%s %.1f", reading.server.c_str(), reading.value);
    if (!reading.ready) {
      ImGui::SameLine();
      ImGui::TextDisabled("(%s)", tr(T::kAsNotReady));
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
  std::string window = std::string(tr(T::kAsWindowRecommendations)) + ":";
  for (const auto& recommendation : a.recommendations)
    window += " " + std::to_string(recommendation.servers);
  ImGui::TextWrapped("%s", window.c_str());
  for (const auto& drain : a.draining) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.warning), "%s", tr(T::kAsDraining));
    ImGui::SameLine();
    ImGui::Text(tr(T::kAsDrainingDetail), drain.server.c_str(), drain.clients, drain.disconnected);
  }
}

void draw_decisions(const sim::AutoscalerStatus& a) {
  heading(tr(T::kAsLastDecisions));
  for (auto decision = a.decisions.rbegin(); decision != a.decisions.rend(); ++decision) {
    const double ago = static_cast<double>(a.now_ms - decision->t_ms) / 1000.0;
    ImGui::TextDisabled("-%4.0fs", ago);
    ImGui::SameLine();
    ImGui::TextWrapped("%d → %d  %s", decision->current, decision->desired,
                       decision->formula.c_str());
  }
}

}  // namespace

void draw_autoscaler_panel(ViewModel& model, UiState& ui) {
  const sim::WorldStatus* status = model.status();
  const Theme& theme = ui.theme;
  if (!status) return;
  const sim::AutoscalerStatus& a = status->autoscaler;
  if (ui.controls) {
    if (!a.on && ImGui::Button(tr(T::kAutoscaleOn))) {
      sim::command::Autoscale on;
      on.settings.min_servers = 2;
      ui.commands.push_back(on);
    }
    if (a.on && ImGui::Button(tr(T::kAutoscaleOff))) {
      sim::command::Autoscale off;
      off.on = false;
      ui.commands.push_back(off);
    }
  }
  if (!a.on) ImGui::TextDisabled("%s", tr(T::kAutoscalerOff));
  if (a.on) {
    draw_policy(a);
    draw_now(a, theme);
  } else {
    for (const auto& drain : a.draining) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme.warning), "%s", tr(T::kAsDraining));
      ImGui::SameLine();
      ImGui::Text(tr(T::kAsDrainingDetail), drain.server.c_str(), drain.clients,
                  drain.disconnected);
    }
  }
  const Metrics::Series& samples = model.metrics().total();
  const float height = 90.0f;
  draw_plot(tr(T::kAsLoadPlot), samples,
            {{tr(T::kAsLoadPlot), theme.ok,
              [](const SecondSample& s) { return static_cast<float>(s.received); }}},
            height, theme);
  draw_plot(
      tr(T::kAsServersPlot), samples,
      {{tr(T::kAsServersPlot), rgb(0x56B4E9), [](const SecondSample& s) { return s.servers; }},
       {tr(T::kAsDesired), rgb(0xE69F00), [](const SecondSample& s) { return s.desired; }, true}},
      height, theme);
  draw_plot(tr(T::kLatency), samples,
            {{"p50", rgb(0x0072B2), [](const SecondSample& s) { return s.p50_ms; }},
             {"p99", rgb(0xE69F00), [](const SecondSample& s) { return s.p99_ms; }, true}},
            height, theme);
  if (a.on) draw_decisions(a);
}

}  // namespace scaleout::gui
