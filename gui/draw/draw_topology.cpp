// draw_topology: the canvas. Redis on top with its busiest channels, a line to each server that
// uses it (dashed and crossed out when that server's link is down), the servers, the load
// balancer band, and each server's clients below it at the level of detail the layout chose.
// Messages travel as dots coloured by room along their edges (slow motion, see HopTracker); at
// high rates edges thicken and carry a rate instead. A member who lost a message gets an X in
// vermillion with the reason. The network links' faults are drawn on their edges
// (draw_link_faults). Wheel zooms around the cursor, dragging pans, double-click resets;
// right-click a server, Redis or a link for its commands; click a client to select it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "draw/draw.hpp"
#include "draw/draw_links.hpp"
#include "scaleout/adapter/cluster_slot.hpp"

namespace scaleout::gui {

namespace {

void text_centred(ImDrawList* draw, ImFont* font, float size, ImVec2 centre, ImU32 colour,
                  const char* text) {
  const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, text);
  draw->AddText(font, size, ImVec2(centre.x - extent.x / 2, centre.y - extent.y / 2), colour, text);
}

// Line width for an edge carrying `rate` messages per second.
float rate_width(float rate, float scale) {
  return (1.5f + std::min(6.0f, std::log2(1.0f + rate) * 0.7f)) * scale;
}

std::string format_rate(float rate) {
  char text[32];
  if (rate >= 10000) {
    std::snprintf(text, sizeof text, "%.0fk/s", rate / 1000);
  } else {
    std::snprintf(text, sizeof text, "%.0f/s", rate);
  }
  return text;
}

void handle_input(CanvasState& canvas, ImVec2 origin, ImVec2 size) {
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("canvas", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
  ImGuiIO& io = ImGui::GetIO();
  if (!ImGui::IsItemHovered()) return;
  if (io.MouseWheel != 0) {
    // Zoom around the cursor: the canvas point under it stays under it.
    const float old_zoom = canvas.zoom;
    canvas.zoom = std::clamp(canvas.zoom * std::pow(1.15f, io.MouseWheel), 0.5f, 12.0f);
    const Vec2 mouse{io.MousePos.x - origin.x, io.MousePos.y - origin.y};
    const Vec2 point = (mouse - canvas.pan) * (1.0f / old_zoom);
    canvas.pan = mouse - point * canvas.zoom;
  }
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left) ||
                                ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
    canvas.pan = canvas.pan + Vec2{io.MouseDelta.x, io.MouseDelta.y};
  }
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    canvas.zoom = 1;
    canvas.pan = {};
  }
}

void ensure_layout(ViewModel& model, UiState& ui, ImVec2 size) {
  CanvasState& canvas = ui.canvas;
  const bool resized = canvas.layout_size.x != size.x || canvas.layout_size.y != size.y;
  // The level of detail depends on the zoom; small zoom changes keep the layout.
  const bool rezoomed =
      std::abs(std::log2(canvas.zoom / std::max(0.01f, canvas.layout_zoom))) > 0.25f;
  if (!resized && !rezoomed && canvas.layout_version == model.world().version()) return;
  LayoutOptions options;
  options.row_height = ui.fonts.small ? ui.fonts.small->FontSize * 1.25f : 18;
  options.zoom = canvas.zoom;
  canvas.layout =
      compute_layout(model.world(), model.colours(), Rect{0, 0, size.x, size.y}, options);
  canvas.layout_version = model.world().version();
  canvas.layout_size = {size.x, size.y};
  canvas.layout_zoom = canvas.zoom;
}

struct RedisLook {
  bool present = false;
  bool up = false;
  bool paused = false;
  std::string detail;
};

RedisLook look_of_redis(const ViewModel& model) {
  RedisLook look;
  if (const sim::WorldStatus* status = model.status()) {
    const auto& redis = status->redis;
    look.present = redis.present;
    look.up = redis.present && redis.running && !redis.paused && redis.reachable;
    // A cluster or Sentinel pair is up while some node answers (each node shows its own state).
    for (const auto& node : redis.nodes)
      look.up = look.up || node.reachable;
    look.paused = redis.paused;
    if (redis.present) {
      char text[128];
      if (look.up) {
        std::snprintf(text, sizeof text, "%.0f ops/s  ·  %s", redis.ops_per_second,
                      redis.used_memory_human.c_str());
      } else {
        std::snprintf(
            text, sizeof text, "%s",
            redis.paused ? tr(T::kPaused) : (redis.running ? tr(T::kUnreachable) : tr(T::kDown)));
      }
      look.detail = text;
    }
    return look;
  }
  // A recording: Redis is there if a server used it, up if a server's link is.
  for (const auto& [name, server] : model.world().servers()) {
    if (server.adapter == "memory") continue;
    look.present = true;
    look.up = look.up || (server.up && (!server.redis_known || server.redis_up));
  }
  return look;
}

// The primary whose slot ranges hold the channel's slot (what SSUBSCRIBE and SPUBLISH reach).
std::string owner_of_channel(const sim::RedisStatus& redis, const std::string& channel) {
  const int slot = adapter::key_hash_slot(channel);
  for (const auto& node : redis.nodes) {
    if (!node.primary || !node.reachable) continue;
    for (const auto& range : node.slots) {
      const auto dash = range.find('-');
      const int first = std::atoi(range.c_str());
      const int last = dash == std::string::npos ? first : std::atoi(range.c_str() + dash + 1);
      if (slot >= first && slot <= last) return node.name;
    }
  }
  return "?";
}

// A cluster's (or Sentinel pair's) nodes as a row of boxes under the title: name, role and
// slots; a primary in the Redis colour, a replica muted, a dead node crossed. Returns the y
// below them.
float draw_redis_nodes(ImDrawList* draw, const CanvasView& view, UiState& ui,
                       const sim::RedisStatus& redis, ImVec2 a, ImVec2 b, float y) {
  const Theme& theme = ui.theme;
  ImFont* font = ui.fonts.regular;
  const float size = font->FontSize * view.zoom * 0.9f;
  const float margin = 10 * theme.scale * view.zoom;
  const float gap = 6 * theme.scale * view.zoom;
  const float count = static_cast<float>(redis.nodes.size());
  const float width = (b.x - a.x - 2 * margin - gap * (count - 1)) / count;
  const float height = size * 2.5f;
  float x = a.x + margin;
  for (const auto& node : redis.nodes) {
    const ImVec2 p0(x, y);
    const ImVec2 p1(x + width, y + height);
    const bool down = !node.reachable || node.failed;
    draw->AddRectFilled(
        p0, p1, down ? theme.box_down : (node.primary ? rgb(0xD55E00, 0.35f) : theme.redis_box),
        4 * theme.scale);
    draw->AddRect(p0, p1, down ? theme.loss : rgb(0xD55E00, node.primary ? 0.9f : 0.4f),
                  4 * theme.scale, 0, (node.primary ? 2.0f : 1.0f) * theme.scale);
    char role[64];
    if (down) {
      std::snprintf(role, sizeof role, "%s  %s", node.name.c_str(), tr(T::kDown));
    } else if (node.primary) {
      std::snprintf(role, sizeof role, "%s  %s", node.name.c_str(), tr(T::kRedisPrimary));
    } else {
      char replica[48];
      std::snprintf(replica, sizeof replica, tr(T::kRedisReplicaOf), node.primary_of.c_str());
      std::snprintf(role, sizeof role, "%s  %s", node.name.c_str(), replica);
    }
    draw->PushClipRect(p0, p1, true);
    draw->AddText(font, size, ImVec2(x + gap, y + size * 0.15f), down ? theme.loss : theme.text,
                  role);
    std::string detail;
    for (const auto& range : node.slots)
      detail += (detail.empty() ? "" : " ") + range;
    if (node.bus_messages_per_second > 0) {
      detail += (detail.empty() ? "" : "  ") +
                format_rate(static_cast<float>(node.bus_messages_per_second)) + " " +
                tr(T::kRedisBusShort);
    }
    draw->AddText(font, size, ImVec2(x + gap, y + size * 1.25f), theme.muted, detail.c_str());
    draw->PopClipRect();
    if (down)
      cross(draw, ImVec2(x + width - size, y + size), size * 0.5f, theme.loss, 2 * theme.scale);
    x += width + gap;
  }
  return y + height + gap;
}

void draw_redis(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const RedisLook look = look_of_redis(model);
  const ImVec2 a = view.at({layout.redis.x0, layout.redis.y0});
  const ImVec2 b = view.at({layout.redis.x1, layout.redis.y1});
  const float rounding = 8 * theme.scale;
  if (!look.present) {
    draw->AddRect(a, b, theme.muted, rounding, 0, 1.5f * theme.scale);
    text_centred(draw, ui.fonts.regular, ui.fonts.regular->FontSize * view.zoom,
                 ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), theme.muted, tr(T::kNoRedis));
    return;
  }
  draw->AddRectFilled(a, b, look.up ? theme.redis_box : theme.box_down, rounding);
  draw->AddRect(a, b, look.up ? rgb(0xD55E00, 0.8f) : theme.loss, rounding, 0,
                (look.up ? 2.0f : 3.5f) * theme.scale);
  ImFont* large = ui.fonts.large;
  const float title_size = large->FontSize * view.zoom;
  const ImVec2 title_at(a.x + 10 * theme.scale * view.zoom, a.y + 6 * theme.scale * view.zoom);
  draw->AddText(large, title_size, title_at, theme.text, tr(T::kRedis));
  const float title_width = large->CalcTextSizeA(title_size, FLT_MAX, 0, tr(T::kRedis)).x;
  draw->AddText(ui.fonts.regular, ui.fonts.regular->FontSize * view.zoom,
                ImVec2(title_at.x + title_width + 12 * view.zoom, title_at.y + 4 * view.zoom),
                look.up ? theme.muted : theme.loss, look.detail.c_str());
  if (!look.up) {
    cross(draw, ImVec2(b.x - 24 * view.zoom, a.y + 22 * view.zoom), 12 * view.zoom, theme.loss,
          4 * theme.scale);
  }

  float y = title_at.y + title_size + 4 * view.zoom;
  const sim::WorldStatus* live = model.status();
  if (live && !live->redis.nodes.empty())
    y = draw_redis_nodes(draw, view, ui, live->redis, a, b, y);

  // The busiest channels, one row each (on a cluster, with the node that owns the channel).
  std::vector<std::pair<std::string, const ChannelView*>> channels;
  for (const auto& [name, channel] : model.channels())
    channels.emplace_back(name, &channel);
  std::stable_sort(channels.begin(), channels.end(), [](const auto& x, const auto& y) {
    return x.second->per_second > y.second->per_second;
  });
  ImFont* regular = ui.fonts.regular;
  const float regular_size = regular->FontSize * view.zoom;
  const float row = regular_size * 1.25f;
  const int fits = std::max(0, static_cast<int>((b.y - y - 4 * view.zoom) / row));
  int shown = 0;
  for (const auto& [name, channel] : channels) {
    if (shown == fits - 1 && static_cast<int>(channels.size()) > fits) break;
    if (shown == fits) break;
    std::string receivers;
    for (const auto& server : natural_order({channel->receivers.begin(), channel->receivers.end()}))
      receivers += " " + server;
    char line[256];
    std::string owner;
    if (live && !live->redis.nodes.empty()) owner = "  @" + owner_of_channel(live->redis, name);
    std::snprintf(line, sizeof line, "%s%s   %s  \u2192%s", name.c_str(), owner.c_str(),
                  format_rate(channel->per_second).c_str(), receivers.c_str());
    draw->AddText(regular, regular_size, ImVec2(title_at.x, y), theme.text, line);
    y += row;
    ++shown;
  }
  if (static_cast<int>(channels.size()) > shown && fits > 0) {
    char more[64];
    std::snprintf(more, sizeof more, tr(T::kMoreChannels),
                  static_cast<int>(channels.size()) - shown);
    draw->AddText(regular, regular_size, ImVec2(title_at.x, y), theme.muted, more);
  }
  // Right-click Redis for its commands.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ui.controls && ImGui::IsWindowHovered() && mouse.x >= a.x && mouse.x < b.x &&
      mouse.y >= a.y && mouse.y < b.y && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
    ImGui::OpenPopup("redis menu");
  }
  if (ImGui::BeginPopup("redis menu")) {
    const sim::WorldStatus* status = model.status();
    if (status && !status->redis.nodes.empty()) {
      // A Redis Cluster or Sentinel pair: each node's own commands.
      for (const auto& node : status->redis.nodes) {
        if (!ImGui::BeginMenu(node.name.c_str())) continue;
        if (ImGui::MenuItem(tr(T::kKill))) {
          ui.commands.push_back(sim::command::KillRedis{node.name});
        }
        if (ImGui::MenuItem(tr(T::kRestart))) {
          ui.commands.push_back(sim::command::RestartRedis{node.name});
        }
        if (ImGui::MenuItem(tr(T::kFailOver))) {
          ui.commands.push_back(sim::command::FailoverRedis{node.name});
        }
        ImGui::EndMenu();
      }
    } else {
      if (ImGui::MenuItem(tr(T::kKill))) ui.commands.push_back(sim::command::KillRedis{});
      if (ImGui::MenuItem(tr(T::kRestart))) ui.commands.push_back(sim::command::RestartRedis{});
      if (ImGui::MenuItem(tr(T::kPause5s))) {
        ui.commands.push_back(sim::command::PauseRedis{std::chrono::seconds(5)});
      }
      if (ImGui::MenuItem(tr(T::kResume))) ui.commands.push_back(sim::command::ResumeRedis{});
    }
    ImGui::EndPopup();
  }
}

const EdgeRates* rates_of(const ViewModel& model, const std::string& server) {
  const int index = model.server_index(server);
  const auto& rates = model.hops().rates();
  if (index < 0 || static_cast<size_t>(index) >= rates.size()) return nullptr;
  return &rates[static_cast<size_t>(index)];
}

// Whether a link's edge is partitioned or down: drawn by draw_link_faults, not as a plain line.
bool cut_off(const ViewModel& model, const std::string& link) {
  const LinkLook look = look_of_link(model.world(), link);
  return look.partition || look.down;
}

void draw_redis_links(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const auto& servers = model.world().servers();
  for (size_t i = 0; i < layout.servers.size(); ++i) {
    auto found = servers.find(layout.servers[i].name);
    if (found == servers.end() || found->second.adapter == "memory" || !found->second.up) continue;
    // A partitioned or cut link is drawn by draw_link_faults instead.
    if (cut_off(model, layout.servers[i].name + "-redis")) continue;
    const ImVec2 from = view.at(layout.servers[i].box.top_centre());
    const ImVec2 to = view.at(redis_port(layout, i));
    const bool link_up = !found->second.redis_known || found->second.redis_up;
    if (!link_up) {
      dashed_line(draw, from, to, theme.loss, 3 * theme.scale, 8 * theme.scale);
      cross(draw, ImVec2((from.x + to.x) / 2, (from.y + to.y) / 2), 9 * view.zoom, theme.loss,
            3.5f * theme.scale);
      continue;
    }
    const EdgeRates* rates = rates_of(model, layout.servers[i].name);
    const float rate = rates ? rates->server_to_redis + rates->redis_to_server : 0;
    draw->AddLine(from, to, with_alpha(theme.edge, 0.8f), rate_width(rate, theme.scale));
    if (rate >= 1 && model.hops().aggregating()) {
      draw->AddText(ui.fonts.small, ui.fonts.small->FontSize * view.zoom,
                    ImVec2((from.x + to.x) / 2 + 6, (from.y + to.y) / 2), theme.muted,
                    format_rate(rate).c_str());
    }
  }
}

void draw_balancer(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const ImVec2 a = view.at({layout.balancer.x0, layout.balancer.y0});
  const ImVec2 b = view.at({layout.balancer.x1, layout.balancer.y1});
  draw->AddRectFilled(a, b, theme.band, 6 * theme.scale);
  std::string label = tr(T::kLoadBalancer);
  if (const sim::WorldStatus* status = model.status(); status && !status->policy.empty()) {
    label += "  ·  " + status->policy;
  }
  const float size = ui.fonts.small->FontSize * view.zoom;
  draw->AddText(ui.fonts.small, size, ImVec2(a.x + 8 * view.zoom, (a.y + b.y) / 2 - size / 2),
                theme.muted, label.c_str());
  // Each server's drop to the band and the band's drop to its clients.
  const bool clients_cut = cut_off(model, "clients");
  for (const ServerSlot& slot : layout.servers) {
    const ImVec2 top = view.at(slot.box.bottom_centre());
    const ImVec2 band = view.at({slot.box.centre().x, layout.balancer.y0});
    const ImVec2 band_low = view.at({slot.box.centre().x, layout.balancer.y1});
    const ImVec2 column = view.at({slot.box.centre().x, slot.clients_area.y0});
    const EdgeRates* rates = rates_of(model, slot.name);
    const float rate = rates ? rates->client_to_server + rates->server_to_clients : 0;
    const float width = rate_width(rate, theme.scale);
    if (!cut_off(model, slot.name)) draw->AddLine(top, band, with_alpha(theme.edge, 0.7f), width);
    if (!clients_cut) draw->AddLine(band_low, column, with_alpha(theme.edge, 0.7f), width);
    if (rate >= 1 && model.hops().aggregating()) {
      draw->AddText(ui.fonts.small, size, ImVec2(top.x + 6, (top.y + band.y) / 2 - size / 2),
                    theme.muted, format_rate(rate).c_str());
    }
  }
}

// The capacity model of a server box: its size ("4 vCPU") at the top right and a bar of its
// utilisation (modelled) along the bottom, amber when its queue makes work wait.
void draw_capacity(ImDrawList* draw, const sim::InstanceLoad& load, ImVec2 a, ImVec2 b, float pad,
                   ImFont* font, float size, const Theme& theme) {
  char text[32];
  std::snprintf(text, sizeof text, "%d vCPU", load.vcpus);
  const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, text);
  draw->AddText(font, size, ImVec2(b.x - extent.x - pad, a.y + pad * 0.6f), theme.text, text);
  const float height = 5 * theme.scale;
  const ImVec2 from(a.x + pad, b.y - pad * 0.5f - height);
  const ImVec2 to(b.x - pad, b.y - pad * 0.5f);
  draw->AddRectFilled(from, to, theme.band);
  const float busy = static_cast<float>(std::clamp(load.utilization, 0.0, 1.0));
  draw->AddRectFilled(from, ImVec2(from.x + (to.x - from.x) * busy, to.y),
                      load.queue_wait_ms > 50 ? theme.warning : theme.ok);
}

void draw_servers(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const auto& servers = model.world().servers();
  const auto per_server = model.metrics().per_server();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (const ServerSlot& slot : layout.servers) {
    auto found = servers.find(slot.name);
    if (found == servers.end()) continue;
    const sim::WorldModel::Server& server = found->second;
    const ImVec2 a = view.at({slot.box.x0, slot.box.y0});
    const ImVec2 b = view.at({slot.box.x1, slot.box.y1});
    const float rounding = 8 * theme.scale;
    draw->AddRectFilled(a, b, server.up ? theme.box : theme.box_down, rounding);
    draw->AddRect(a, b, server.up ? theme.box_border : theme.loss, rounding, 0,
                  (server.up ? 2.0f : 3.5f) * theme.scale);
    const float pad = 8 * view.zoom;
    ImFont* large = ui.fonts.large;
    const float title = large->FontSize * view.zoom;
    draw->AddText(large, title, ImVec2(a.x + pad, a.y + pad * 0.6f), theme.text, slot.name.c_str());
    ImFont* small = ui.fonts.small;
    const float small_size = small->FontSize * view.zoom;
    // A server that is down shows its cross there instead.
    if (const sim::ServerSnapshot* snapshot = model.server_status(slot.name);
        server.up && snapshot && snapshot->load.vcpus > 0) {
      draw_capacity(draw, snapshot->load, a, b, pad, small, small_size, theme);
    }
    float y = a.y + pad * 0.6f + title + 2 * view.zoom;
    auto line = [&](const std::string& text, ImU32 colour) {
      if (y + small_size > b.y - 2) return;
      draw->AddText(small, small_size, ImVec2(a.x + pad, y), colour, text.c_str());
      y += small_size * 1.15f;
    };
    if (!server.up) {
      line(std::string(tr(T::kDown)) +
               (server.down_reason.empty() ? "" : " (" + server.down_reason + ")"),
           theme.loss);
      cross(draw, ImVec2(b.x - 18 * view.zoom, a.y + 18 * view.zoom), 10 * view.zoom, theme.loss,
            4 * theme.scale);
    } else {
      const bool memory = server.adapter == "memory";
      line(server.adapter == "sharded" ? tr(T::kAdapterSharded)
                                       : (memory ? tr(T::kAdapterMemory) : tr(T::kAdapterRedis)),
           memory ? theme.warning : theme.text);
      char text[96];
      std::snprintf(text, sizeof text, "%u %s", slot.clients, tr(T::kClients));
      line(text, theme.muted);
      auto series = per_server.find(slot.name);
      if (series != per_server.end() && !series->second->empty()) {
        const SecondSample& last = series->second->back();
        std::snprintf(text, sizeof text, "%u in/s  %u out/s", last.received, last.delivered);
        line(text, theme.muted);
      }
      if (!memory && server.redis_known && !server.redis_up) {
        line(tr(T::kRedisLinkDown), theme.loss);
      }
    }
    auto lost = model.lost_by_server().find(slot.name);
    if (lost != model.lost_by_server().end() && lost->second > 0) {
      char text[64];
      std::snprintf(text, sizeof text, "X %llu %s", static_cast<unsigned long long>(lost->second),
                    tr(T::kLost));
      const ImVec2 extent = small->CalcTextSizeA(small_size, FLT_MAX, 0, text);
      draw->AddText(small, small_size, ImVec2(b.x - extent.x - pad, b.y - extent.y - 3), theme.loss,
                    text);
    }
    if (ui.controls && ImGui::IsWindowHovered() && mouse.x >= a.x && mouse.x < b.x &&
        mouse.y >= a.y && mouse.y < b.y && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
      ui.canvas.hovered_server = slot.name;
      ImGui::OpenPopup("server menu");
    }
  }
  if (ImGui::BeginPopup("server menu")) {
    draw_server_menu(ui.canvas.hovered_server, model, ui);
    ImGui::EndPopup();
  }
}

void draw_clients(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui,
                  ImVec2 clip_min, ImVec2 clip_max) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const sim::WorldModel& world = model.world();
  ImFont* small = ui.fonts.small;
  const float small_size = small->FontSize * view.zoom;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered_canvas = ImGui::IsWindowHovered();
  const sim::WorldModel::Client* hovered = nullptr;

  for (const ClientSpot& spot : layout.clients) {
    const ServerSlot& slot = layout.servers[spot.slot];
    if (slot.detail == ClientDetail::kGroups) continue;
    const ImVec2 a = view.at({spot.cell.x0, spot.cell.y0});
    const ImVec2 b = view.at({spot.cell.x1, spot.cell.y1});
    if (b.x < clip_min.x || a.x > clip_max.x || b.y < clip_min.y || a.y > clip_max.y) continue;
    const ImU32 colour = rgb(RoomColours::rgb(spot.colour));
    if (spot.colour < 0) {
      draw->AddRect(a, b, colour, 0, 0, 1.5f * theme.scale);
    } else {
      draw->AddRectFilled(a, b, colour);
    }
    const sim::WorldModel::Client& client = world.client(spot.client);
    if (client.socket == ui.selected_client) {
      draw->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), theme.selection, 0, 0,
                    2 * theme.scale);
    }
    if (slot.detail == ClientDetail::kList) {
      std::string label = client.name.empty() ? client.socket.substr(0, 8) : client.name;
      if (!client.rooms.empty()) label += "  " + client.rooms.front();
      if (client.rooms.size() > 1) label += " +" + std::to_string(client.rooms.size() - 1);
      draw->AddText(small, small_size, ImVec2(b.x + 6 * view.zoom, a.y - small_size * 0.1f),
                    theme.text, label.c_str());
    }
    if (hovered_canvas && mouse.x >= a.x &&
        mouse.x < b.x + (slot.detail == ClientDetail::kList ? 120 * view.zoom : 0) &&
        mouse.y >= a.y && mouse.y < b.y) {
      hovered = &client;
    }
  }
  // Room bars for crowded columns.
  for (const ServerSlot& slot : layout.servers) {
    if (slot.detail != ClientDetail::kGroups) continue;
    for (const RoomGroup& group : slot.groups) {
      const ImVec2 a = view.at({group.bar.x0, group.bar.y0});
      const ImVec2 b = view.at({group.bar.x1, group.bar.y1});
      const float fill = slot.largest_group ? static_cast<float>(group.members) /
                                                  static_cast<float>(slot.largest_group)
                                            : 0;
      const float end = a.x + (b.x - a.x) * std::max(0.04f, fill);
      draw->AddRectFilled(a, ImVec2(end, b.y), rgb(RoomColours::rgb(group.colour), 0.9f));
      char label[96];
      std::snprintf(label, sizeof label, "%s  %u", group.room.empty() ? "-" : group.room.c_str(),
                    group.members);
      const float size = std::min(small_size, (b.y - a.y) * 0.95f);
      if (size >= 7) {
        draw->AddText(small, size, ImVec2(a.x + 4, (a.y + b.y) / 2 - size / 2), theme.text, label);
      }
    }
  }
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::Text("%s", hovered->name.empty() ? hovered->socket.c_str() : hovered->name.c_str());
    ImGui::TextDisabled("%s · %s · %s", hovered->socket.c_str(), hovered->server.c_str(),
                        hovered->transport.c_str());
    for (const auto& room : hovered->rooms)
      ImGui::BulletText("%s", room.c_str());
    ImGui::EndTooltip();
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ui.selected_client = hovered->socket;
  }
}

// Points along an edge's path, from its start to its end (at most four).
int path_of(const Pulse& pulse, const Layout& layout, const ViewModel& model, Vec2 points[4]) {
  const std::string& server =
      pulse.server < model.names().size() ? model.names()[pulse.server] : std::string();
  const int slot = layout.slot_of_server(server);
  if (slot < 0) return 0;
  const ServerSlot& box = layout.servers[static_cast<size_t>(slot)];
  switch (pulse.edge) {
    case EdgeKind::kServerToRedis:
      points[0] = box.box.top_centre();
      points[1] = redis_port(layout, static_cast<size_t>(slot));
      return 2;
    case EdgeKind::kRedisToServer:
      points[0] = redis_port(layout, static_cast<size_t>(slot));
      points[1] = box.box.top_centre();
      return 2;
    case EdgeKind::kClientToServer:
    case EdgeKind::kServerToClient: {
      const ClientSpot* spot = layout.spot(pulse.client);
      if (!spot) return 0;
      // Up beside the column's squares (never across the names), along its top to the
      // connector, then up through the balancer into the server.
      const Vec2 client = layout.anchor(*spot);
      const float above = box.clients_area.y0 - 4;
      const Vec2 path[4] = {
          client, {client.x, above}, {box.box.centre().x, above}, box.box.bottom_centre()};
      for (int i = 0; i < 4; ++i)
        points[i] = pulse.edge == EdgeKind::kClientToServer ? path[i] : path[3 - i];
      return 4;
    }
  }
  return 0;
}

Vec2 along(const Vec2* points, int count, float t) {
  float total = 0;
  float lengths[3] = {0, 0, 0};
  for (int i = 0; i + 1 < count; ++i) {
    const Vec2 d = points[i + 1] - points[i];
    lengths[i] = std::sqrt(d.x * d.x + d.y * d.y);
    total += lengths[i];
  }
  float distance = total * t;
  for (int i = 0; i + 1 < count; ++i) {
    if (distance <= lengths[i] || i + 2 == count) {
      return lerp(points[i], points[i + 1],
                  lengths[i] > 0 ? std::min(1.0f, distance / lengths[i]) : 1);
    }
    distance -= lengths[i];
  }
  return points[count - 1];
}

// Draws a tracker's pulses; returns the message id of the one under the mouse, if any.
std::string draw_pulses(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui,
                        const HopTracker& hops, int64_t now_ns, float grow) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const float radius = 5.5f * theme.scale * std::sqrt(view.zoom) * grow;
  const ImU32 outline = theme.dark ? IM_COL32(0, 0, 0, 200) : IM_COL32(0, 0, 0, 160);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::string under_mouse;
  for (const Pulse& pulse : hops.pulses()) {
    if (now_ns < pulse.start_ns || now_ns >= pulse.end_ns) continue;
    Vec2 points[4];
    const int count = path_of(pulse, layout, model, points);
    if (count == 0) continue;
    const float t = static_cast<float>(now_ns - pulse.start_ns) /
                    static_cast<float>(std::max<int64_t>(1, pulse.end_ns - pulse.start_ns));
    const ImVec2 at = view.at(along(points, count, t));
    draw->AddCircleFilled(at, radius + 1.5f * theme.scale, outline, 12);
    draw->AddCircleFilled(at, radius, rgb(RoomColours::rgb(pulse.colour)), 12);
    if (std::hypot(mouse.x - at.x, mouse.y - at.y) <= radius + 3) {
      under_mouse = hops.mid_of(pulse.message);
    }
  }
  return under_mouse;
}

void draw_losses(ImDrawList* draw, const CanvasView& view, ViewModel& model, UiState& ui,
                 int64_t now_ns) {
  const Theme& theme = ui.theme;
  const Layout& layout = ui.canvas.layout;
  const auto& marks = model.hops().losses();
  // Reasons per column, newest first, written once under the column.
  std::map<int, std::map<std::string, int>> reasons;
  for (const LossMark& mark : marks) {
    const float age = static_cast<float>(now_ns - mark.start_ns) /
                      static_cast<float>(model.hops().options().loss_mark_ns);
    const float alpha = std::clamp(1.2f - age, 0.25f, 1.0f);
    const std::string& server =
        mark.server < model.names().size() ? model.names()[mark.server] : std::string();
    const int slot = layout.slot_of_server(server);
    Vec2 where;
    if (const ClientSpot* spot = layout.spot(mark.client)) {
      where = layout.anchor(*spot);
    } else if (slot >= 0) {
      where = layout.servers[static_cast<size_t>(slot)].box.bottom_centre();
    } else {
      continue;
    }
    const ImVec2 at = view.at(where);
    const float r = 7 * theme.scale * std::sqrt(view.zoom);
    draw->AddCircle(at, r * 1.6f, with_alpha(theme.loss, alpha), 16, 2 * theme.scale);
    cross(draw, at, r, with_alpha(theme.loss, alpha), 3 * theme.scale);
    if (slot >= 0) ++reasons[slot][mark.reason];
  }
  ImFont* small = ui.fonts.small;
  const float size = small->FontSize * view.zoom;
  for (const auto& [slot, counts] : reasons) {
    const ServerSlot& column = layout.servers[static_cast<size_t>(slot)];
    float y = column.clients_area.y1;
    for (const auto& [reason, count] : counts) {
      char text[128];
      std::snprintf(text, sizeof text, "X %d %s: %s", count, tr(T::kLost), reason.c_str());
      const ImVec2 at = view.at({column.clients_area.x0, y});
      const ImVec2 extent = small->CalcTextSizeA(size, FLT_MAX, 0, text);
      draw->AddRectFilled(ImVec2(at.x - 2, at.y - extent.y - 2), ImVec2(at.x + extent.x + 4, at.y),
                          with_alpha(theme.background, 0.85f));
      draw->AddText(small, size, ImVec2(at.x, at.y - extent.y - 1), theme.loss, text);
      y -= (extent.y + 3) / view.zoom;
    }
  }
}

// The canvas' legend, in its top-left corner beside Redis (the space there is free at any zoom).
void draw_overlay(ImDrawList* draw, ImVec2 origin, ViewModel& model, UiState& ui) {
  const Theme& theme = ui.theme;
  ImFont* small = ui.fonts.small;
  const float wrap = std::max(120.0f, ui.canvas.layout.redis.x0 - 16);
  float y = origin.y + 6;
  auto text = [&](const char* what, ImU32 colour) {
    const ImVec2 extent = small->CalcTextSizeA(small->FontSize, FLT_MAX, wrap, what);
    draw->AddText(small, small->FontSize, ImVec2(origin.x + 8, y), colour, what, nullptr, wrap);
    y += extent.y + 6;
  };
  if (model.hops().aggregating()) text(tr(T::kAggregating), theme.warning);
  if (!model.lost_by_room().empty()) text(tr(T::kLossLegend), theme.loss);
  char slow[256];
  const double factor = model.hops().slowdown();
  char factor_text[32];
  if (factor >= 1000) {
    std::snprintf(factor_text, sizeof factor_text, "%.0f", std::round(factor / 100) * 100);
  } else {
    std::snprintf(factor_text, sizeof factor_text, "%.0f", std::max(1.0, factor));
  }
  if (factor >= 2) {
    std::snprintf(slow, sizeof slow, tr(T::kSlowMotion), ui.hop_ms, factor_text);
  } else {
    std::snprintf(slow, sizeof slow, tr(T::kHopTimeOnly), ui.hop_ms);
  }
  text(slow, theme.muted);
}

}  // namespace

void draw_topology(ViewModel& model, UiState& ui) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 100.0f);
  size.y = std::max(size.y, 100.0f);
  handle_input(ui.canvas, origin, size);
  ensure_layout(model, ui, size);
  CanvasView view{origin, ui.canvas.pan, ui.canvas.zoom, ui.theme.scale};
  const ImVec2 clip_max(origin.x + size.x, origin.y + size.y);
  draw->PushClipRect(origin, clip_max, true);
  const int64_t now_ns = ui.now_ns;
  draw_redis_links(draw, view, model, ui);
  draw_balancer(draw, view, model, ui);
  draw_redis(draw, view, model, ui);
  draw_servers(draw, view, model, ui);
  draw_clients(draw, view, model, ui, origin, clip_max);
  std::string pointed = draw_pulses(draw, view, model, ui, model.hops(), now_ns, 1.0f);
  // An instant replay runs on the wall clock, its dots a little larger.
  const std::string replayed =
      draw_pulses(draw, view, model, ui, model.replay_hops(), ui.wall_ns, 1.4f);
  if (pointed.empty()) pointed = replayed;
  // Over the dots: a fault's label must stay readable while messages cross its edge.
  const std::vector<LinkEdge> edges = link_edges(ui.canvas.layout, model.world());
  const LinkEdge* pointed_link = draw_link_faults(draw, view, edges, model, ui);
  if (!pointed.empty() && ImGui::IsWindowHovered()) {
    ImGui::SetTooltip("%s", pointed.c_str());
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) select_message(model, ui, pointed);
  } else if (pointed_link) {
    draw_link_tooltip(*pointed_link, model, ui);
  }
  draw_link_menu(pointed_link, model, ui);
  draw_losses(draw, view, model, ui, now_ns);
  draw_overlay(draw, origin, model, ui);
  draw->PopClipRect();
}

}  // namespace scaleout::gui
