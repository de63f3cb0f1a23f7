// TopologyLayout: where everything sits on the topology canvas, computed from the world model
// alone. Top to bottom: Redis (with its channels), the servers in a row, the load balancer as a
// band that every client's traffic crosses, and each server's clients in the column below it.
//
// Clients have three levels of detail, chosen per server column from how much room each would get
// on screen (its cell size times the zoom): a list with names when they fit as rows; a grid of
// small squares coloured by room; or, when even squares would be too small (thousands of clients),
// one bar per room with a member count. Pulses start and end at a client's anchor: its square, or
// its room's bar. Coordinates are canvas units (pixels at zoom 1); the drawing code pans and zooms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/geometry.hpp"
#include "model/room_colours.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::gui {

enum class ClientDetail { kList, kGrid, kGroups };

struct RoomGroup {
  std::string room;  // "" for clients in no room
  int colour = -1;
  uint32_t members = 0;
  Rect bar;  // its full row; the drawn bar's length is members / the column's largest group
};

struct ServerSlot {
  std::string name;
  Rect box;           // the server's own box
  Rect clients_area;  // the column below the balancer
  ClientDetail detail = ClientDetail::kList;
  float cell = 0;  // a client's square, in canvas units (list and grid)
  uint32_t clients = 0;
  std::vector<RoomGroup> groups;  // kGroups only
  uint32_t largest_group = 0;
};

struct ClientSpot {
  uint32_t client = 0;  // index in the world model
  uint16_t slot = 0;    // index in Layout::servers
  Rect cell;            // list and grid
  int colour = -1;
  int group = -1;  // kGroups: index in the slot's groups
};

struct LayoutOptions {
  float row_height = 18;         // one line of text, in canvas units
  float zoom = 1;                // for the level of detail only
  float min_cell_on_screen = 5;  // below this many pixels a column shows room bars instead
};

struct Layout {
  Rect canvas;
  Rect redis;
  Rect balancer;
  std::vector<ServerSlot> servers;
  std::vector<ClientSpot> clients;
  std::vector<int32_t> spot_of_client;  // world-model client index -> index in `clients`, or -1

  int slot_of_server(const std::string& name) const;
  // Where a pulse to or from this client starts or ends; nullptr when it is not on the canvas.
  const ClientSpot* spot(uint32_t client) const {
    if (client >= spot_of_client.size() || spot_of_client[client] < 0) return nullptr;
    return &clients[static_cast<size_t>(spot_of_client[client])];
  }
  Vec2 anchor(const ClientSpot& spot) const;
};

// Server names in natural order: s2 before s10.
std::vector<std::string> natural_order(std::vector<std::string> names);

Layout compute_layout(const sim::WorldModel& world, RoomColours& colours, Rect canvas,
                      const LayoutOptions& options);

}  // namespace scaleout::gui
