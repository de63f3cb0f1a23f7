// draw_link_faults: each network link's faults on its edge of the topology canvas, drawn to be
// seen from the back of a classroom. A partition cuts the edge: a gap between two bars in hot
// pink with "partition" beside it. A link that is down is dashed and crossed out in vermillion,
// as a server's lost Redis link is, with "down". Latency and bandwidth colour the edge and label
// it ("300 ms", "100 KB/s"). Labels sit left of the edge's middle (rates go on its right) on a
// backdrop; the clients' link, under every column, is labelled once at the balancer band's end. The
// looks come from the trace (look_of_link), so a recording shows them too.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "draw/draw_links.hpp"
#include "model/strings.hpp"

namespace scaleout::gui {

namespace {

struct Label {
  ImFont* font;
  float size;
  ImU32 colour;
  std::string text;
};

// Labels stacked one under the other, right-aligned a little left of `anchor` and centred on it
// vertically, each on a backdrop framed in its colour.
void draw_labels(ImDrawList* draw, const std::vector<Label>& labels, ImVec2 anchor,
                 const Theme& theme) {
  const float pad = 4 * theme.scale;
  float height = 0;
  for (const Label& label : labels)
    height += label.size + 2 * pad;
  float y = anchor.y - height / 2;
  for (const Label& label : labels) {
    const ImVec2 extent = label.font->CalcTextSizeA(label.size, FLT_MAX, 0, label.text.c_str());
    const float right = anchor.x - 10 * theme.scale;
    const ImVec2 a(right - extent.x - 2 * pad, y);
    const ImVec2 b(right, y + label.size + 2 * pad - 2);
    draw->AddRectFilled(a, b, with_alpha(theme.background, 0.92f), 4 * theme.scale);
    draw->AddRect(a, b, label.colour, 4 * theme.scale, 0, 2 * theme.scale);
    draw->AddText(label.font, label.size, ImVec2(a.x + pad, a.y + pad - 1), label.colour,
                  label.text.c_str());
    y += label.size + 2 * pad;
  }
}

// The edge cut in its middle: two stubs ending in bars across the line.
void draw_cut(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float scale) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1) return;
  const ImVec2 along(dx / length, dy / length);
  const ImVec2 across(-along.y, along.x);
  const ImVec2 middle((a.x + b.x) / 2, (a.y + b.y) / 2);
  const float gap = std::min(7 * scale, length / 4);
  const float bar = 11 * scale;
  const float width = 4 * scale;
  for (const float side : {-1.0f, 1.0f}) {
    const ImVec2 end(middle.x + along.x * gap * side, middle.y + along.y * gap * side);
    draw->AddLine(side < 0 ? a : b, end, colour, width);
    draw->AddLine(ImVec2(end.x - across.x * bar, end.y - across.y * bar),
                  ImVec2(end.x + across.x * bar, end.y + across.y * bar), colour, width);
  }
}

}  // namespace

const LinkEdge* draw_link_faults(ImDrawList* draw, const CanvasView& view,
                                 const std::vector<LinkEdge>& edges, ViewModel& model,
                                 UiState& ui) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  auto labels_of = [&](const LinkLook& look) {
    std::vector<Label> labels;
    if (!look.cut.empty()) {
      labels.push_back({ui.fonts.large, ui.fonts.large->FontSize * view.zoom,
                        look.down ? theme.loss : theme.link_cut, look.cut});
    }
    if (!look.slow.empty()) {
      labels.push_back(
          {ui.fonts.regular, ui.fonts.regular->FontSize * view.zoom, theme.link_slow, look.slow});
    }
    return labels;
  };
  std::map<std::string, LinkLook> looks;
  bool any_clients_edge = false;
  for (const LinkEdge& edge : edges) {
    auto found = looks.find(edge.link);
    if (found == looks.end()) {
      found = looks.emplace(edge.link, look_of_link(model.world(), edge.link)).first;
    }
    const LinkLook& look = found->second;
    if (!look.faulty()) continue;
    const ImVec2 from = view.at(edge.from);
    const ImVec2 to = view.at(edge.to);
    if (look.down) {
      dashed_line(draw, from, to, theme.loss, 3 * theme.scale, 8 * theme.scale);
      cross(draw, ImVec2((from.x + to.x) / 2, (from.y + to.y) / 2), 9 * view.zoom, theme.loss,
            3.5f * theme.scale);
    } else if (look.partition) {
      draw_cut(draw, from, to, theme.link_cut, theme.scale);
    } else {
      draw->AddLine(from, to, theme.link_slow, 3 * theme.scale);
    }
    if (edge.kind == sim::LinkKind::kClients) {
      any_clients_edge = true;
      continue;
    }
    draw_labels(draw, labels_of(look), ImVec2((from.x + to.x) / 2, (from.y + to.y) / 2), theme);
  }
  // The clients' link is one link under every column, and its drops are short: it is labelled
  // once, at the right end of the balancer's band, where nothing else is written.
  if (any_clients_edge) {
    std::vector<Label> labels = labels_of(looks["clients"]);
    labels.front().text = std::string(tr(T::kClients)) + ": " + labels.front().text;
    draw_labels(draw, labels,
                ImVec2(view.at({layout.balancer.x1, layout.balancer.centre().y}).x +
                           10 * theme.scale - 4 * view.zoom,
                       view.at(layout.balancer.centre()).y),
                theme);
  }
  if (!ImGui::IsWindowHovered()) return nullptr;
  return edge_at(edges, ui.canvas.layout, view.point_at(ImGui::GetIO().MousePos),
                 kLinkHitPixels / view.zoom);
}

void draw_link_tooltip(const LinkEdge& edge, ViewModel& model, UiState& ui) {
  ImGui::BeginTooltip();
  ImGui::Text(tr(T::kLinkMenu), edge.link.c_str());
  auto found = model.world().links().find(edge.link);
  bool any = false;
  if (found != model.world().links().end()) {
    for (const sim::LinkDirection direction :
         {sim::LinkDirection::kUpstream, sim::LinkDirection::kDownstream}) {
      const sim::LinkFaults& faults = found->second.faults[static_cast<size_t>(direction)];
      if (faults.empty()) continue;
      ImGui::Text("%s %s: %s", direction == sim::LinkDirection::kUpstream ? "↑" : "↓",
                  sim::to_string(direction), sim::to_string(faults).c_str());
      any = true;
    }
  }
  if (!any) ImGui::TextDisabled("%s", tr(T::kLinkNoFault));
  if (ui.controls) ImGui::TextDisabled("%s", tr(T::kLinkRightClick));
  ImGui::EndTooltip();
}

}  // namespace scaleout::gui
