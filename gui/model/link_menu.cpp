// LinkMenu: the link menu's items and their commands.
#include "model/link_menu.hpp"

namespace scaleout::gui {

std::vector<LinkMenuItem> link_menu_items(const std::string& link, const LinkLook& look) {
  const std::string command = "link " + link + "=";
  return {
      {T::kLinkMenuPartition, command + (look.partition ? "clear:partition" : "partition"),
       look.partition},
      {T::kLinkMenuDown, command + (look.down ? "clear:down" : "down"), look.down},
      {T::kLinkMenuSlowMotion, command + "latency:300ms", false, true, true},
      {T::kLinkMenuJitter, command + "latency:100ms:30ms"},
      {T::kLinkMenuBandwidth, command + "bandwidth:100kb"},
      {T::kLinkMenuClear, command + "clear", false, look.faulty(), true},
  };
}

}  // namespace scaleout::gui
