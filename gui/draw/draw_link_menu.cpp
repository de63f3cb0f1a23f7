// draw_link_menu: the right-click menu of a network link on the topology canvas. Each item
// (model/link_menu.hpp) is a `link TARGET=FAULT` command of the world's vocabulary, parsed from
// the same one-line syntax as `--link` and `--do`, and queued on UiState::commands for the app to
// submit after the frame. Only a live world with controls opens it; a recording or an observed
// deployment shows the faults (and the tooltip) but cannot set them.
#include "draw/draw_links.hpp"
#include "model/link_menu.hpp"
#include "model/strings.hpp"

namespace scaleout::gui {

namespace {

void submit(UiState& ui, const std::string& line) {
  auto parsed = sim::parse_world_command(line);
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
  for (const LinkMenuItem& item : link_menu_items(link, look)) {
    if (item.separator_before) ImGui::Separator();
    if (ImGui::MenuItem(tr(item.label), nullptr, item.checked, item.enabled)) {
      submit(ui, item.command);
    }
  }
  ImGui::EndPopup();
}

}  // namespace scaleout::gui
