// LinkMenu: the items of a network link's right-click menu as plain data: each a label and the
// one-line `link TARGET=FAULT` command it submits (parse_world_command's syntax, the same as
// `--link` and `--do`). Partition and Down are checked when set and heal on a second choice.
// draw_link_menu draws them; kept apart from ImGui so that the commands can be tested.
#pragma once

#include <string>
#include <vector>

#include "model/link_edges.hpp"
#include "model/strings.hpp"

namespace scaleout::gui {

struct LinkMenuItem {
  T label;
  std::string command;  // "link s2-redis=partition"
  bool checked = false;
  bool enabled = true;
  bool separator_before = false;
};

std::vector<LinkMenuItem> link_menu_items(const std::string& link, const LinkLook& look);

}  // namespace scaleout::gui
