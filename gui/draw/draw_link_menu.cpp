// draw_link_menu: the right-click menu of a network link on the topology canvas. Each item is a
// `link TARGET=FAULT` command of the world's vocabulary, parsed from the same one-line syntax as
// `--link` and `--do`, and queued on UiState::commands for the app to submit after the frame.
// Partition and Down show a check when set and heal on a second click. Only a live world with
// controls opens it; a recording or an observed deployment shows the faults but cannot set them.
#include "draw/draw_links.hpp"
#include "model/strings.hpp"

namespace scaleout::gui {

namespace {

void submit_setting(UiState& ui, const std::string& setting) {
  auto parsed = sim::parse_world_command("link " + setting);
  if (!parsed) {
    ui.last_outcome = parsed.error().message;
    ui.last_outcome_ok = false;
    return;
  }
  ui.commands.push_back(std::move(*parsed));
}

}  // namespace

void draw_link_menu(const LinkEdge* hovered, ViewModel& model, UiState& ui) {
  if (hovered && ui.controls && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
    ui.canvas.menu_link = hovered->link;
    ImGui::OpenPopup("link menu");
  }
  if (!ImGui::BeginPopup("link menu")) return;
  const std::string& link = ui.canvas.menu_link;
  ImGui::Text(tr(T::kLinkMenu), link.c_str());
  const LinkLook look = look_of_link(model.world(), link);
  std::string now = look.cut;
  if (!look.slow.empty()) now += (now.empty() ? "" : ", ") + look.slow;
  ImGui::TextDisabled(tr(T::kLinkNow), now.empty() ? tr(T::kLinkNoFault) : now.c_str());
  ImGui::Separator();
  if (const sim::WorldStatus* status = model.status(); status && status->world.links.empty()) {
    ImGui::TextDisabled("%s", tr(T::kNoLinks));
    ImGui::EndPopup();
    return;
  }
  if (ImGui::MenuItem(tr(T::kLinkMenuPartition), nullptr, look.partition)) {
    submit_setting(ui, link + (look.partition ? "=clear:partition" : "=partition"));
  }
  if (ImGui::MenuItem(tr(T::kLinkMenuDown), nullptr, look.down)) {
    submit_setting(ui, link + (look.down ? "=clear:down" : "=down"));
  }
  ImGui::Separator();
  if (ImGui::MenuItem(tr(T::kLinkMenuSlowMotion))) submit_setting(ui, link + "=latency:300ms");
  if (ImGui::MenuItem(tr(T::kLinkMenuJitter))) submit_setting(ui, link + "=latency:100ms:30ms");
  if (ImGui::MenuItem(tr(T::kLinkMenuBandwidth))) submit_setting(ui, link + "=bandwidth:100kb");
  ImGui::Separator();
  if (ImGui::MenuItem(tr(T::kLinkMenuClear), nullptr, false, look.faulty())) {
    submit_setting(ui, link + "=clear");
  }
  ImGui::EndPopup();
}

}  // namespace scaleout::gui
