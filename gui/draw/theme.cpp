// Theme: the two palettes, and ImGui's style set from them.
#include "draw/theme.hpp"

namespace scaleout::gui {

ImU32 rgb(uint32_t colour, float alpha) {
  return IM_COL32((colour >> 16) & 0xFF, (colour >> 8) & 0xFF, colour & 0xFF,
                  static_cast<int>(alpha * 255));
}

Theme make_theme(bool dark, float scale) {
  Theme theme;
  theme.dark = dark;
  theme.scale = scale;
  if (dark) {
    theme.background = rgb(0x15181D);
    theme.text = rgb(0xEEEEEE);
    theme.muted = rgb(0x9AA3AD);
    theme.box = rgb(0x25303B);
    theme.box_border = rgb(0x56B4E9);
    theme.box_down = rgb(0x3A3A3A);
    theme.redis_box = rgb(0x3B2020);
    theme.band = rgb(0x2C3540);
    theme.edge = rgb(0x7A8794);
    theme.selection = rgb(0xFFFFFF);
    theme.link_cut = rgb(0xFF40A0);
    theme.link_slow = rgb(0xB49CFF);
  } else {
    theme.background = rgb(0xFAFAF7);
    theme.text = rgb(0x111111);
    theme.muted = rgb(0x555555);
    theme.box = rgb(0xE8EEF4);
    theme.box_border = rgb(0x0072B2);
    theme.box_down = rgb(0xC8C8C8);
    theme.redis_box = rgb(0xF6E3E0);
    theme.band = rgb(0xDCE3EA);
    theme.edge = rgb(0x6B7580);
    theme.selection = rgb(0x000000);
    theme.link_cut = rgb(0xC8006E);
    theme.link_slow = rgb(0x5A3CC8);
  }
  theme.loss = rgb(0xD55E00);
  theme.ok = rgb(0x009E73);
  theme.warning = rgb(0xE69F00);
  return theme;
}

void apply_theme(const Theme& theme) {
  ImGuiStyle style;
  if (theme.dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  style.WindowRounding = 0;
  style.FrameRounding = 4;
  style.TabRounding = 4;
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(10, 7);
  style.CellPadding = ImVec2(8, 4);
  style.ScrollbarSize = 16;
  style.ScaleAllSizes(theme.scale);
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(theme.background);
  style.Colors[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(theme.background);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(theme.text);
  ImGui::GetStyle() = style;
}

}  // namespace scaleout::gui
