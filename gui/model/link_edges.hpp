// LinkEdges: the network's links (docs/network-links.md) as edges of the topology canvas, and
// what their faults look like there. `clients` is the drop from the load balancer to each
// server's clients (one link for all of them, so it marks every column), `sN` the drop from
// server sN to the balancer, `sN-redis` the line from sN up to Redis. Where each edge runs serves
// both the drawing and the right-click hit test; a link's look comes from the WorldModel's
// `link` events alone, so recordings and moments scrubbed back to show their faults too.
// Plain data, no ImGui: tested alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "model/geometry.hpp"
#include "model/topology_layout.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::gui {

struct LinkEdge {
  std::string link;  // "clients", "s2", "s2-redis"
  sim::LinkKind kind = sim::LinkKind::kClients;
  Vec2 from;  // canvas units; `from` is the end toward the clients (upstream flows from -> to)
  Vec2 to;
};

// What a link's faults look like on its edge; all empty when it has none.
struct LinkLook {
  bool partition = false;  // in either direction
  bool down = false;
  std::string cut;   // "partition", "down", "partition ↑" (one direction only), "down @10%"
  std::string slow;  // latency and bandwidth: "300 ms", "100 ms ± 30 ms · 100 KB/s", "↑ 1 s"

  bool faulty() const { return partition || down || !slow.empty(); }
};

// Where server `slot`'s line to Redis meets Redis' box: spread along its bottom edge.
Vec2 redis_port(const Layout& layout, size_t slot);

// Every link's edges on the canvas: `clients` and `sN` for each server column, `sN-redis` for
// each server that is up with the Redis adapter (the others draw no line to Redis).
std::vector<LinkEdge> link_edges(const Layout& layout, const sim::WorldModel& world);

// The look of a link from the faults the trace last gave it.
LinkLook look_of_link(const sim::WorldModel& world, const std::string& link);

// The edge whose segment passes within `tolerance` (canvas units) of `point`, the nearest when
// several do; nullptr when none does, or when the point is on a box (Redis, a server, the load
// balancer), whose own menus take the click there.
const LinkEdge* edge_at(const std::vector<LinkEdge>& edges, const Layout& layout, Vec2 point,
                        float tolerance);

// "300 ms", "1.5 s", "250 µs".
std::string format_delay(std::chrono::microseconds delay);
// "100 KB/s", "1 MB/s", "512 B/s" (decimal units, as the fault syntax's kb and mb).
std::string format_bandwidth(uint64_t bytes_per_second);

}  // namespace scaleout::gui
