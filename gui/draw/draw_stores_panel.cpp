// draw_stores_panel: the store benchmark (store-bench) as a class watches it. While a run goes on,
// one row per client thread with what it does right now — working, waiting on the lock (or for
// the event loop's answer), idle — and the share of its time it has waited so far, so that the
// global lock's queue of waiting threads is there to see. Below, every finished run: store ×
// threads with ops/s, p50, p99, the share of time waited and of operations that found their
// lock taken, all measured on this machine.
#include <cstdio>

#include "draw/draw.hpp"

namespace scaleout::gui {

namespace {

void thread_row(const char* label, sim::StoreThreadState state, double waited, bool event_loop,
                const UiState& ui) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(label);
  ImGui::TableNextColumn();
  ImU32 colour = ui.theme.muted;
  const char* text = tr(T::kStoreIdle);
  if (state == sim::StoreThreadState::kWorking) {
    colour = ui.theme.ok;
    text = tr(T::kStoreWorking);
  } else if (state == sim::StoreThreadState::kWaiting) {
    colour = ui.theme.loss;
    text = event_loop ? tr(T::kStoreWaitingLoop) : tr(T::kStoreWaiting);
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s", text);
  ImGui::TableNextColumn();
  if (waited < 0) return;
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, tr(T::kStoreWaitedShare), waited * 100);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(ui.theme.loss));
  ImGui::ProgressBar(static_cast<float>(waited), ImVec2(-1, 0), overlay);
  ImGui::PopStyleColor();
}

void draw_live(const sim::StoreBenchLive& live, const UiState& ui) {
  ImGui::Text(tr(T::kStoreRunning), live.store.c_str(), live.threads, live.elapsed_s,
              live.duration_s, static_cast<unsigned long long>(live.ops), live.waiters);
  if (live.states.empty()) return;  // a real store: its threads are in another process
  const bool event_loop = live.loop.has_value();
  if (!ImGui::BeginTable("store threads", 3, ImGuiTableFlags_SizingStretchProp)) return;
  char label[32];
  for (size_t i = 0; i < live.states.size(); ++i) {
    std::snprintf(label, sizeof label, "%s %zu", tr(T::kStoreThread), i + 1);
    thread_row(label, live.states[i], i < live.waiting_share.size() ? live.waiting_share[i] : -1,
               event_loop, ui);
  }
  if (live.loop) thread_row(tr(T::kStoreLoop), *live.loop, -1, false, ui);
  ImGui::EndTable();
}

void draw_runs(const std::vector<sim::StoreRun>& runs) {
  ImGui::TextUnformatted(tr(T::kStoreRuns));
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("store runs", 7, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(T::kStoreName));
  ImGui::TableSetupColumn(tr(T::kStoreThreads));
  ImGui::TableSetupColumn(tr(T::kOpsPerSecondColumn));
  ImGui::TableSetupColumn("p50 (us)");
  ImGui::TableSetupColumn("p99 (us)");
  ImGui::TableSetupColumn(tr(T::kStoreWaitingColumn));
  ImGui::TableSetupColumn(tr(T::kStoreContendedColumn));
  ImGui::TableHeadersRow();
  for (const auto& run : runs) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(run.store.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", run.threads);
    ImGui::TableNextColumn();
    if (!run.error.empty()) {
      ImGui::TextUnformatted(run.error.c_str());
      continue;
    }
    ImGui::Text("%.0f", run.ops_per_second);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", run.p50_us);
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", run.p99_us);
    ImGui::TableNextColumn();
    if (run.waiting_share >= 0) ImGui::Text("%.0f%%", run.waiting_share * 100);
    ImGui::TableNextColumn();
    if (run.contended_share >= 0) ImGui::Text("%.2f%%", run.contended_share * 100);
  }
  ImGui::EndTable();
}

}  // namespace

void draw_stores_panel(ViewModel& model, UiState& ui) {
  const sim::WorldStatus* status = model.status();
  if (!status) return;
  if (status->memcached.present) {
    ImGui::TextDisabled(tr(T::kMemcachedProcess), status->memcached.pid,
                        static_cast<unsigned>(status->memcached.port), status->memcached.threads);
  }
  if (status->store_live) {
    draw_live(*status->store_live, ui);
    ImGui::Separator();
  }
  if (status->store_runs.empty()) {
    if (!status->store_live) ImGui::TextWrapped("%s", tr(T::kStoreNone));
    return;
  }
  draw_runs(status->store_runs);
}

}  // namespace scaleout::gui
