// TopologyLayout: rows for Redis, servers, balancer and clients; a level of detail per column.
#include "model/topology_layout.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace scaleout::gui {

namespace {

// Splits "s12" into ("s", 12) so that numbers compare as numbers.
std::pair<std::string, long> natural_key(const std::string& name) {
  size_t digits = name.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1])))
    --digits;
  if (digits == name.size() || name.size() - digits > 9) return {name, -1};
  return {name.substr(0, digits), std::stol(name.substr(digits))};
}

// Places a column's clients as rows, squares or room bars.
void place_column(ServerSlot& slot, std::vector<ClientSpot>& spots, const sim::WorldModel& world,
                  const LayoutOptions& options) {
  const Rect area = slot.clients_area;
  const auto n = static_cast<float>(spots.size());
  if (spots.empty()) return;
  // Rows of "■ name", in as many side-by-side lists as the column is wide, when they all fit.
  const float list_width = options.row_height * 8;
  const int lists = std::max(1, static_cast<int>(area.width() / list_width));
  const int rows = std::max(1, static_cast<int>(area.height() / options.row_height));
  if (spots.size() <= static_cast<size_t>(lists * rows)) {
    slot.detail = ClientDetail::kList;
    slot.cell = options.row_height * 0.7f;
    const size_t per_list = (spots.size() + lists - 1) / lists;
    for (size_t i = 0; i < spots.size(); ++i) {
      const float x = area.x0 + static_cast<float>(i / per_list) * list_width;
      const float y = area.y0 + static_cast<float>(i % per_list) * options.row_height;
      spots[i].cell = {x, y, x + slot.cell, y + slot.cell};
    }
    return;
  }
  // A grid of squares, as large as the column allows (but not much larger than a list's).
  float cell = std::floor(std::sqrt(area.width() * area.height() / n));
  int per_row = std::max(1, static_cast<int>(area.width() / cell));
  while (cell > 1 && std::ceil(n / static_cast<float>(per_row)) * cell > area.height()) {
    cell -= 1;
    per_row = std::max(1, static_cast<int>(area.width() / cell));
  }
  cell = std::min(cell, options.row_height);
  slot.cell = cell;
  if (cell * options.zoom >= options.min_cell_on_screen) {
    slot.detail = ClientDetail::kGrid;
    for (size_t i = 0; i < spots.size(); ++i) {
      const float x = area.x0 + static_cast<float>(static_cast<int>(i) % per_row) * cell;
      const float y = area.y0 + static_cast<float>(static_cast<int>(i) / per_row) * cell;
      // A gap between squares, so that neighbours stay apart.
      const float gap = cell >= 4 ? 1 : 0;
      spots[i].cell = {x, y, x + cell - gap, y + cell - gap};
    }
    return;
  }
  // One bar per room.
  slot.detail = ClientDetail::kGroups;
  std::map<int, size_t> group_of_colour;
  for (auto& spot : spots) {
    auto [found, added] = group_of_colour.emplace(spot.colour, slot.groups.size());
    if (added) {
      const auto& rooms = world.client(spot.client).rooms;
      slot.groups.push_back(RoomGroup{rooms.empty() ? "" : rooms.front(), spot.colour, 0, {}});
    }
    spot.group = static_cast<int>(found->second);
    ++slot.groups[found->second].members;
  }
  const float row =
      std::min(options.row_height * 1.2f, area.height() / static_cast<float>(slot.groups.size()));
  for (size_t g = 0; g < slot.groups.size(); ++g) {
    const float y = area.y0 + static_cast<float>(g) * row;
    slot.groups[g].bar = {area.x0, y, area.x1, y + row * 0.85f};
    slot.largest_group = std::max(slot.largest_group, slot.groups[g].members);
  }
}

}  // namespace

std::vector<std::string> natural_order(std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return natural_key(a) < natural_key(b);
  });
  return names;
}

int Layout::slot_of_server(const std::string& name) const {
  for (size_t i = 0; i < servers.size(); ++i) {
    if (servers[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Vec2 Layout::anchor(const ClientSpot& spot) const {
  const ServerSlot& slot = servers[spot.slot];
  if (slot.detail == ClientDetail::kGroups && spot.group >= 0) {
    const Rect& bar = slot.groups[static_cast<size_t>(spot.group)].bar;
    return {bar.x0 + std::min(bar.width() * 0.1f, 12.0f), bar.centre().y};
  }
  return spot.cell.centre();
}

Layout compute_layout(const sim::WorldModel& world, RoomColours& colours, Rect canvas,
                      const LayoutOptions& options) {
  Layout layout;
  layout.canvas = canvas;
  const float w = canvas.width();
  const float h = canvas.height();
  const float margin = std::max(8.0f, w * 0.02f);
  const float redis_width = std::min(w * 0.56f, std::max(w * 0.3f, 520.0f));
  layout.redis = {canvas.x0 + (w - redis_width) / 2, canvas.y0 + h * 0.02f,
                  canvas.x0 + (w + redis_width) / 2, canvas.y0 + h * 0.18f};
  const float servers_top = canvas.y0 + h * 0.28f;
  const float servers_bottom = canvas.y0 + h * 0.42f;
  layout.balancer = {canvas.x0 + margin, canvas.y0 + h * 0.48f, canvas.x1 - margin,
                     canvas.y0 + h * 0.52f};
  const float clients_top = canvas.y0 + h * 0.56f;
  const float clients_bottom = canvas.y1 - h * 0.01f;

  std::vector<std::string> names;
  for (const auto& [name, server] : world.servers())
    names.push_back(name);
  names = natural_order(std::move(names));
  const size_t n = std::max<size_t>(1, names.size());
  const float column = (w - 2 * margin) / static_cast<float>(n);
  const float gap = std::min(column * 0.12f, 24.0f);
  const float box_width = std::min(column - gap, 260.0f);
  for (size_t i = 0; i < names.size(); ++i) {
    ServerSlot slot;
    slot.name = names[i];
    const float x0 = canvas.x0 + margin + column * static_cast<float>(i);
    const float centre = x0 + column / 2;
    slot.box = {centre - box_width / 2, servers_top, centre + box_width / 2, servers_bottom};
    slot.clients_area = {x0 + gap / 2, clients_top, x0 + column - gap / 2, clients_bottom};
    layout.servers.push_back(std::move(slot));
  }

  // Each column's clients, grouped by room (their first room) so colours form blocks.
  std::vector<std::vector<ClientSpot>> columns(layout.servers.size());
  for (const sim::WorldModel::Client* client : world.clients()) {
    const int slot = layout.slot_of_server(client->server);
    if (slot < 0) continue;
    ClientSpot spot;
    spot.client = *world.find_client(client->socket);
    spot.slot = static_cast<uint16_t>(slot);
    spot.colour = client->rooms.empty() ? -1 : colours.index_of(client->rooms.front());
    columns[static_cast<size_t>(slot)].push_back(spot);
  }
  layout.spot_of_client.assign(world.client_count(), -1);
  for (size_t s = 0; s < columns.size(); ++s) {
    auto& spots = columns[s];
    std::stable_sort(spots.begin(), spots.end(), [](const ClientSpot& a, const ClientSpot& b) {
      // Clients in no room (-1) go last.
      auto key = [](int colour) { return colour < 0 ? 1 << 30 : colour; };
      return key(a.colour) < key(b.colour);
    });
    ServerSlot& slot = layout.servers[s];
    slot.clients = static_cast<uint32_t>(spots.size());
    place_column(slot, spots, world, options);
    for (auto& spot : spots) {
      layout.spot_of_client[spot.client] = static_cast<int32_t>(layout.clients.size());
      layout.clients.push_back(spot);
    }
  }
  return layout;
}

}  // namespace scaleout::gui
