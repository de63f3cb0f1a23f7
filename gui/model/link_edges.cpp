// LinkEdges: edges from the layout, looks from the trace's link faults, and the hit test.
#include "model/link_edges.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "model/strings.hpp"

namespace scaleout::gui {

namespace {

// " @10%" for a fault that hits only some connections.
std::string probability_suffix(double probability) {
  if (probability >= 1.0) return "";
  char text[32];
  std::snprintf(text, sizeof text, " @%g%%", probability * 100);
  return text;
}

// One direction's latency and bandwidth: "100 ms ± 30 ms · 100 KB/s".
std::string slow_text(const sim::LinkFaults& faults) {
  std::string text;
  if (faults.latency) {
    text = format_delay(faults.latency->delay);
    if (faults.latency->jitter.count() > 0) text += " ± " + format_delay(faults.latency->jitter);
    text += probability_suffix(faults.latency->probability);
  }
  if (faults.bandwidth) {
    if (!text.empty()) text += " · ";
    text += format_bandwidth(faults.bandwidth->bytes_per_second) +
            probability_suffix(faults.bandwidth->probability);
  }
  return text;
}

// The same text for both directions, or each with its arrow (upstream points up the canvas,
// toward Redis).
std::string per_direction(const std::string& upstream, const std::string& downstream) {
  if (upstream == downstream) return upstream;
  std::string text;
  if (!upstream.empty()) text = "↑ " + upstream;
  if (!downstream.empty()) text += (text.empty() ? "↓ " : "  ↓ ") + downstream;
  return text;
}

float distance_to_segment(Vec2 point, Vec2 a, Vec2 b) {
  const Vec2 ab = b - a;
  const float length_squared = ab.x * ab.x + ab.y * ab.y;
  float t = 0;
  if (length_squared > 0) {
    const Vec2 ap = point - a;
    t = std::clamp((ap.x * ab.x + ap.y * ab.y) / length_squared, 0.0f, 1.0f);
  }
  const Vec2 nearest = lerp(a, b, t);
  return std::hypot(point.x - nearest.x, point.y - nearest.y);
}

}  // namespace

Vec2 redis_port(const Layout& layout, size_t slot) {
  const float n = static_cast<float>(std::max<size_t>(1, layout.servers.size()));
  const float x = layout.redis.x0 + layout.redis.width() * (static_cast<float>(slot) + 0.5f) / n;
  return {x, layout.redis.y1};
}

std::vector<LinkEdge> link_edges(const Layout& layout, const sim::WorldModel& world) {
  std::vector<LinkEdge> edges;
  const auto& servers = world.servers();
  for (size_t i = 0; i < layout.servers.size(); ++i) {
    const ServerSlot& slot = layout.servers[i];
    const float x = slot.box.centre().x;
    edges.push_back(
        {"clients", sim::LinkKind::kClients, {x, slot.clients_area.y0}, {x, layout.balancer.y1}});
    edges.push_back(
        {slot.name, sim::LinkKind::kServer, {x, layout.balancer.y0}, slot.box.bottom_centre()});
    auto server = servers.find(slot.name);
    if (server != servers.end() && server->second.adapter != "memory" && server->second.up) {
      edges.push_back({slot.name + "-redis", sim::LinkKind::kRedis, slot.box.top_centre(),
                       redis_port(layout, i)});
    }
  }
  return edges;
}

LinkLook look_of_link(const sim::WorldModel& world, const std::string& link) {
  LinkLook look;
  auto found = world.links().find(link);
  if (found == world.links().end()) return look;
  const sim::LinkFaults& up = found->second.faults[0];
  const sim::LinkFaults& down = found->second.faults[1];
  look.down = up.down || down.down;
  look.partition = up.partition || down.partition;
  if (look.down) {
    const sim::CutFault& fault = up.down ? *up.down : *down.down;
    look.cut = std::string(tr(T::kLinkDown)) + probability_suffix(fault.probability);
  }
  if (look.partition) {
    const std::string word = tr(T::kLinkPartition);
    std::string partition;
    if (up.partition && down.partition && *up.partition == *down.partition) {
      partition = word + probability_suffix(up.partition->probability);
    } else {
      if (up.partition) partition = word + probability_suffix(up.partition->probability) + " ↑";
      if (down.partition) {
        partition += (partition.empty() ? "" : ", ") + word +
                     probability_suffix(down.partition->probability) + " ↓";
      }
    }
    look.cut += (look.cut.empty() ? "" : " + ") + partition;
  }
  look.slow = per_direction(slow_text(up), slow_text(down));
  return look;
}

const LinkEdge* edge_at(const std::vector<LinkEdge>& edges, const Layout& layout, Vec2 point,
                        float tolerance) {
  if (layout.redis.contains(point) || layout.balancer.contains(point)) return nullptr;
  for (const ServerSlot& slot : layout.servers) {
    if (slot.box.contains(point)) return nullptr;
  }
  const LinkEdge* nearest = nullptr;
  float best = std::numeric_limits<float>::max();
  for (const LinkEdge& edge : edges) {
    const float distance = distance_to_segment(point, edge.from, edge.to);
    if (distance <= tolerance && distance < best) {
      best = distance;
      nearest = &edge;
    }
  }
  return nearest;
}

std::string format_delay(std::chrono::microseconds delay) {
  const double us = static_cast<double>(delay.count());
  char text[32];
  if (us >= 1e6) {
    std::snprintf(text, sizeof text, "%.3g s", us / 1e6);
  } else if (us >= 1e3) {
    std::snprintf(text, sizeof text, "%.3g ms", us / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.0f µs", us);
  }
  return text;
}

std::string format_bandwidth(uint64_t bytes_per_second) {
  static constexpr const char* kUnits[] = {"B/s", "KB/s", "MB/s", "GB/s"};
  double value = static_cast<double>(bytes_per_second);
  size_t unit = 0;
  while (value >= 1000 && unit + 1 < std::size(kUnits)) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g %s", value, kUnits[unit]);
  return text;
}

}  // namespace scaleout::gui
