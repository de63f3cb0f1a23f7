// The network's links on the topology canvas, with no window: the trace's `link` events become
// the look each edge is drawn with (a cut and "partition", "down", "300 ms", per direction), the
// looks follow the moment shown when scrubbing back, a point near an edge finds that edge, and
// the link menu's items are world commands for that link.
#include <gtest/gtest.h>

#include <map>
#include <variant>

#include "model/link_edges.hpp"
#include "model/link_menu.hpp"
#include "model/view_model.hpp"
#include "scaleout/world/world_command.hpp"
#include "trace_builder.hpp"

namespace scaleout::gui {
namespace {

using test::TraceBuilder;

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kStart = 1'000'000'000;
constexpr uint16_t kNetwork = 3;

// s1, s2 and s3 up with the Redis adapter; the trace's pseudo-server `network` records links.
TraceBuilder three_servers() {
  TraceBuilder trace({"s1", "s2", "s3", "network"});
  trace.at(kStart).server_up(0).server_up(1).server_up(2);
  return trace;
}

Layout layout_of(const ViewModel& model) {
  RoomColours colours;
  return compute_layout(model.world(), colours, Rect{0, 0, 1200, 800}, LayoutOptions{});
}

const LinkEdge* find_edge(const std::vector<LinkEdge>& edges, const std::string& link) {
  for (const LinkEdge& edge : edges) {
    if (edge.link == link) return &edge;
  }
  return nullptr;
}

TEST(TopologyLinks, EachLinkOfTheTraceGetsTheLookItsEdgeIsDrawnWith) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  trace.at(kStart + kMs)
      .link_both(kNetwork, "s2-redis", "partition", "partition")
      .link_both(kNetwork, "clients", "latency:300ms", "latency:300ms")
      .link_both(kNetwork, "s1", "down", "down")
      .link_both(kNetwork, "s3", "latency:100ms:30ms,bandwidth:100kb",
                 "latency:100ms:30ms,bandwidth:100kb")
      .link(kNetwork, "s3-redis", "upstream", "latency:1s", "latency:1s")
      .link(kNetwork, "s1-redis", "downstream", "partition@10%", "partition@10%");
  model.apply(trace.take(), kStart);
  const sim::WorldModel& world = model.world();

  const LinkLook partitioned = look_of_link(world, "s2-redis");
  EXPECT_TRUE(partitioned.partition);
  EXPECT_FALSE(partitioned.down);
  EXPECT_EQ(partitioned.cut, "partition");
  EXPECT_EQ(partitioned.slow, "");

  const LinkLook slow = look_of_link(world, "clients");
  EXPECT_FALSE(slow.partition || slow.down);
  EXPECT_EQ(slow.cut, "");
  EXPECT_EQ(slow.slow, "300 ms");

  const LinkLook down = look_of_link(world, "s1");
  EXPECT_TRUE(down.down);
  EXPECT_EQ(down.cut, "down");

  EXPECT_EQ(look_of_link(world, "s3").slow, "100 ms ± 30 ms · 100 KB/s");
  EXPECT_EQ(look_of_link(world, "s3-redis").slow, "↑ 1 s");  // upstream only: toward Redis
  EXPECT_EQ(look_of_link(world, "s1-redis").cut, "partition @10% ↓");

  // A link never touched, and one healed, draw as plain edges: no label at all.
  EXPECT_FALSE(look_of_link(world, "s2").faulty());
  trace.at(kStart + 2 * kMs).link_both(kNetwork, "s2-redis", "", "clear");
  model.apply(trace.take(), kStart);
  EXPECT_FALSE(look_of_link(model.world(), "s2-redis").faulty());
  EXPECT_EQ(look_of_link(model.world(), "s2-redis").cut, "");
}

TEST(TopologyLinks, ScrubbingBackShowsTheFaultsOfThatMoment) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  trace.at(kStart + 10 * kMs).link_both(kNetwork, "s2-redis", "partition", "partition");
  trace.at(kStart + 20 * kMs).link_both(kNetwork, "s2-redis", "", "clear");
  model.apply(trace.take(), kStart, false);
  EXPECT_FALSE(look_of_link(model.world(), "s2-redis").faulty());
  model.show_moment(kStart + 15 * kMs);
  EXPECT_EQ(look_of_link(model.world(), "s2-redis").cut, "partition");
  model.show_moment(kStart + 5 * kMs);
  EXPECT_FALSE(look_of_link(model.world(), "s2-redis").faulty());
}

TEST(TopologyLinks, EveryServerHasItsEdgesAndOnlyRedisServersALineToRedis) {
  ViewModel model;
  TraceBuilder trace({"s1", "s2", "network"});
  trace.at(kStart).server_up(0).server_up(1, "memory");
  model.apply(trace.take(), kStart);
  const Layout layout = layout_of(model);
  const std::vector<LinkEdge> edges = link_edges(layout, model.world());

  const LinkEdge* s1 = find_edge(edges, "s1");
  const LinkEdge* s1_redis = find_edge(edges, "s1-redis");
  ASSERT_NE(s1, nullptr);
  ASSERT_NE(s1_redis, nullptr);
  EXPECT_EQ(find_edge(edges, "s2-redis"), nullptr);  // the memory adapter uses no Redis
  EXPECT_NE(find_edge(edges, "s2"), nullptr);
  int clients_edges = 0;
  for (const LinkEdge& edge : edges)
    clients_edges += edge.link == "clients";
  EXPECT_EQ(clients_edges, 2);  // one link for all clients, drawn on every column
  // Upstream runs up the canvas: clients -> balancer -> server -> Redis.
  EXPECT_GT(s1->from.y, s1->to.y);
  EXPECT_FLOAT_EQ(s1_redis->from.y, layout.servers[0].box.y0);
  EXPECT_FLOAT_EQ(s1_redis->to.y, layout.redis.y1);
}

TEST(TopologyLinks, APointNearAnEdgeFindsItAndBoxesKeepTheirOwnClicks) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  model.apply(trace.take(), kStart);
  const Layout layout = layout_of(model);
  const std::vector<LinkEdge> edges = link_edges(layout, model.world());
  const LinkEdge* s2_redis = find_edge(edges, "s2-redis");
  ASSERT_NE(s2_redis, nullptr);

  // A few pixels beside the middle of s2's line to Redis.
  const Vec2 middle = lerp(s2_redis->from, s2_redis->to, 0.5f);
  const LinkEdge* hit = edge_at(edges, layout, middle + Vec2{4, 0}, 6);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->link, "s2-redis");
  // Too far from any edge.
  EXPECT_EQ(edge_at(edges, layout, middle + Vec2{40, 0}, 6), nullptr);
  // Near s3's drop to the balancer, and near the clients' drop below s1.
  const LinkEdge* s3 = find_edge(edges, "s3");
  ASSERT_NE(s3, nullptr);
  const LinkEdge* near_s3 = edge_at(edges, layout, lerp(s3->from, s3->to, 0.5f) + Vec2{-3, 0}, 6);
  ASSERT_NE(near_s3, nullptr);
  EXPECT_EQ(near_s3->link, "s3");
  const Vec2 below_s1{layout.servers[0].box.centre().x + 2,
                      (layout.balancer.y1 + layout.servers[0].clients_area.y0) / 2};
  const LinkEdge* clients = edge_at(edges, layout, below_s1, 6);
  ASSERT_NE(clients, nullptr);
  EXPECT_EQ(clients->link, "clients");
  // On s2's own box, where its line to Redis starts, the box's menu wins.
  EXPECT_EQ(edge_at(edges, layout, s2_redis->from + Vec2{0, 3}, 6), nullptr);
}

// The items' commands, parsed as the menu submits them, by label.
std::map<T, sim::LinkSetting> settings_of(const std::vector<LinkMenuItem>& items) {
  std::map<T, sim::LinkSetting> out;
  for (const LinkMenuItem& item : items) {
    auto command = sim::parse_world_command(item.command);
    EXPECT_TRUE(command) << item.command;
    if (!command) continue;
    const auto* set_link = std::get_if<sim::command::SetLink>(&*command);
    EXPECT_NE(set_link, nullptr) << item.command;
    if (set_link) out[item.label] = set_link->setting;
  }
  return out;
}

TEST(TopologyLinks, TheLinkMenuSubmitsLinkCommandsForThatLinkAndHealsWhatIsSet) {
  auto healthy = settings_of(link_menu_items("s2-redis", LinkLook{}));
  ASSERT_EQ(healthy.size(), 6u);
  for (const auto& [label, setting] : healthy)
    EXPECT_EQ(setting.target, "s2-redis");
  EXPECT_TRUE(healthy[T::kLinkMenuPartition].change.set.partition);
  EXPECT_TRUE(healthy[T::kLinkMenuDown].change.set.down);
  const auto& slow = healthy[T::kLinkMenuSlowMotion].change.set.latency;
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->delay, std::chrono::milliseconds(300));
  const auto& jitter = healthy[T::kLinkMenuJitter].change.set.latency;
  ASSERT_TRUE(jitter);
  EXPECT_EQ(jitter->delay, std::chrono::milliseconds(100));
  EXPECT_EQ(jitter->jitter, std::chrono::milliseconds(30));
  const auto& bandwidth = healthy[T::kLinkMenuBandwidth].change.set.bandwidth;
  ASSERT_TRUE(bandwidth);
  EXPECT_EQ(bandwidth->bytes_per_second, 100'000u);
  EXPECT_TRUE(healthy[T::kLinkMenuClear].change.clear.all());

  // On a partitioned link, Partition is checked and heals it; Clear is offered.
  LinkLook partitioned;
  partitioned.partition = true;
  const auto items = link_menu_items("clients", partitioned);
  EXPECT_TRUE(items.front().checked);
  auto cut = settings_of(items);
  EXPECT_EQ(cut[T::kLinkMenuPartition].target, "clients");
  EXPECT_TRUE(cut[T::kLinkMenuPartition].change.clears(sim::LinkFaultKind::kPartition));
  EXPECT_FALSE(cut[T::kLinkMenuPartition].change.set.partition);
  EXPECT_TRUE(items.back().enabled);
  EXPECT_FALSE(link_menu_items("clients", LinkLook{}).back().enabled);
}

TEST(TopologyLinks, DelaysAndRatesReadAsAPersonWouldWriteThem) {
  using std::chrono::microseconds;
  EXPECT_EQ(format_delay(microseconds(300'000)), "300 ms");
  EXPECT_EQ(format_delay(microseconds(1'500'000)), "1.5 s");
  EXPECT_EQ(format_delay(microseconds(250)), "250 µs");
  EXPECT_EQ(format_bandwidth(100'000), "100 KB/s");
  EXPECT_EQ(format_bandwidth(1'000'000), "1 MB/s");
  EXPECT_EQ(format_bandwidth(64 * 1024), "65.5 KB/s");
  EXPECT_EQ(format_bandwidth(512), "512 B/s");
}

}  // namespace
}  // namespace scaleout::gui
