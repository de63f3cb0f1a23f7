// The view model without any window: layout and level of detail, slow-motion hops and their
// aggregation at high rates, losses placed on the member who was owed the message, and the
// numbers the panels show.
#include <gtest/gtest.h>

#include "model/topology_layout.hpp"
#include "model/view_model.hpp"
#include "trace_builder.hpp"

namespace scaleout::gui {
namespace {

using test::TraceBuilder;

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kStart = 1'000'000'000;

// s1, s2 and s10, up with the redis adapter.
TraceBuilder three_servers() {
  TraceBuilder trace({"s1", "s2", "s10"});
  trace.at(kStart).server_up(0).server_up(1).server_up(2);
  return trace;
}

Layout layout_of(const ViewModel& model, RoomColours& colours, float zoom = 1,
                 Rect canvas = {0, 0, 1000, 800}) {
  LayoutOptions options;
  options.zoom = zoom;
  return compute_layout(model.world(), colours, canvas, options);
}

TEST(Layout, ServersSitInNaturalOrderWithTheirClientsInTheColumnBelow) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  trace.connect(2, "a", "alice").join(2, "a", "lobby").connect(0, "b", "bob");
  model.apply(trace.take(), kStart);
  RoomColours colours;
  Layout layout = layout_of(model, colours);

  ASSERT_EQ(layout.servers.size(), 3u);
  EXPECT_EQ(layout.servers[0].name, "s1");
  EXPECT_EQ(layout.servers[1].name, "s2");
  EXPECT_EQ(layout.servers[2].name, "s10");
  for (size_t i = 0; i + 1 < layout.servers.size(); ++i)
    EXPECT_LT(layout.servers[i].box.x1, layout.servers[i + 1].box.x0);
  // Top to bottom: Redis, servers, balancer, clients.
  EXPECT_LT(layout.redis.y1, layout.servers[0].box.y0);
  EXPECT_LT(layout.servers[0].box.y1, layout.balancer.y0);
  EXPECT_LT(layout.balancer.y1, layout.servers[0].clients_area.y0);

  const auto alice = model.world().find_client("a");
  ASSERT_TRUE(alice);
  const ClientSpot* spot = layout.spot(*alice);
  ASSERT_NE(spot, nullptr);
  EXPECT_EQ(layout.servers[spot->slot].name, "s10");
  EXPECT_TRUE(layout.servers[spot->slot].clients_area.contains(spot->cell.centre()));
  EXPECT_EQ(layout.servers[spot->slot].detail, ClientDetail::kList);
  EXPECT_EQ(spot->colour, colours.find("lobby"));
}

TEST(Layout, ManyClientsBecomeSquaresThenRoomBarsAndZoomingInBringsSquaresBack) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  // 10,000 clients on s1 in 20 rooms.
  for (int i = 0; i < 10000; ++i) {
    const std::string socket = "c" + std::to_string(i);
    trace.connect(0, socket).join(0, socket, "room-" + std::to_string(i % 20));
  }
  // 60 on s2.
  for (int i = 0; i < 60; ++i)
    trace.connect(1, "d" + std::to_string(i));
  model.apply(trace.take(), kStart);
  RoomColours colours;

  Layout far = layout_of(model, colours, 1);
  EXPECT_EQ(far.servers[0].detail, ClientDetail::kGroups);
  EXPECT_EQ(far.servers[0].groups.size(), 20u);
  uint32_t members = 0;
  for (const auto& group : far.servers[0].groups)
    members += group.members;
  EXPECT_EQ(members, 10000u);
  EXPECT_EQ(far.servers[1].detail, ClientDetail::kGrid);
  // Every client still has somewhere for its pulses to go: its room's bar.
  const ClientSpot* spot = far.spot(*model.world().find_client("c7"));
  ASSERT_NE(spot, nullptr);
  EXPECT_GE(spot->group, 0);
  EXPECT_EQ(far.servers[0].groups[static_cast<size_t>(spot->group)].room, "room-7");

  Layout near = layout_of(model, colours, 8);
  EXPECT_EQ(near.servers[0].detail, ClientDetail::kGrid);
  EXPECT_EQ(near.servers[2].clients, 0u);
}

TEST(Hops, AMessagesHopsPlayInOrderEachForAtLeastTheHopTime) {
  ViewModel model(ViewModelOptions{HopOptions{400 * kMs, 600}});
  TraceBuilder trace = three_servers();
  trace.connect(0, "a").join(0, "a", "lobby").connect(0, "b").join(0, "b", "lobby");
  trace.connect(1, "c").join(1, "c", "lobby");
  model.apply(trace.take(), kStart);
  // The whole journey takes 0.3 ms in reality.
  trace.at(kStart + 100 * kMs).recv(0, "a", "m1", "lobby");
  trace.at(kStart + 100 * kMs + 50'000).publish(0, "m1", "lobby");
  trace.at(kStart + 100 * kMs + 60'000).deliver(0, "b", "m1");
  trace.at(kStart + 100 * kMs + 200'000).redis_recv(1, "m1", "lobby");
  trace.at(kStart + 100 * kMs + 300'000).deliver(1, "c", "m1");
  const int64_t shown_at = kStart + 200 * kMs;
  model.apply(trace.take(), shown_at);

  const auto& pulses = model.hops().pulses();
  ASSERT_EQ(pulses.size(), 5u);
  auto find = [&](EdgeKind edge, uint16_t server) -> const Pulse& {
    for (const auto& pulse : pulses) {
      if (pulse.edge == edge && pulse.server == server) return pulse;
    }
    ADD_FAILURE() << "no pulse";
    return pulses.front();
  };
  const Pulse& from_client = find(EdgeKind::kClientToServer, 0);
  const Pulse& to_redis = find(EdgeKind::kServerToRedis, 0);
  const Pulse& local = find(EdgeKind::kServerToClient, 0);
  const Pulse& from_redis = find(EdgeKind::kRedisToServer, 1);
  const Pulse& remote = find(EdgeKind::kServerToClient, 1);
  EXPECT_EQ(from_client.start_ns, shown_at);
  EXPECT_EQ(from_client.end_ns, shown_at + 400 * kMs);
  EXPECT_EQ(to_redis.start_ns, from_client.end_ns);
  EXPECT_EQ(local.start_ns, from_client.end_ns);  // local members hear it while it goes to Redis
  EXPECT_EQ(from_redis.start_ns, to_redis.end_ns);
  EXPECT_EQ(remote.start_ns, from_redis.end_ns);
  EXPECT_EQ(remote.end_ns, shown_at + 1600 * kMs);
  EXPECT_EQ(from_client.colour, model.colours().find("lobby"));
  // About 1.6 s on screen for 0.3 ms of reality.
  EXPECT_GT(model.hops().slowdown(), 1000);
  EXPECT_TRUE(model.hops().animating(shown_at + 1000 * kMs));
  model.advance(shown_at + 1700 * kMs, shown_at + 1700 * kMs);
  EXPECT_TRUE(model.hops().pulses().empty());
}

TEST(Hops, AHopThatReallyTookLongerLastsAsLongOnScreen) {
  ViewModel model(ViewModelOptions{HopOptions{100 * kMs, 600}});
  TraceBuilder trace = three_servers();
  trace.connect(0, "a").join(0, "a", "lobby").connect(1, "c").join(1, "c", "lobby");
  model.apply(trace.take(), kStart);
  // A 300 ms link between Redis and the servers.
  trace.at(kStart).recv(0, "a", "m1", "lobby").publish(0, "m1", "lobby");
  trace.at(kStart + 600 * kMs).redis_recv(1, "m1", "lobby");
  model.apply(trace.take(), kStart);
  for (const auto& pulse : model.hops().pulses()) {
    if (pulse.edge == EdgeKind::kRedisToServer) {
      EXPECT_EQ(pulse.end_ns, kStart + 700 * kMs);
    }
  }
}

TEST(Hops, AtHighRatesWholeMessagesAreSampledAndEdgesCarryTheRate) {
  ViewModel model(ViewModelOptions{HopOptions{450 * kMs, 100}});
  TraceBuilder trace = three_servers();
  for (int i = 0; i < 50; ++i) {
    const std::string socket = "c" + std::to_string(i);
    trace.connect(static_cast<uint16_t>(i % 2), socket)
        .join(static_cast<uint16_t>(i % 2), socket, "lobby");
  }
  model.apply(trace.take(), kStart);
  // 1,000 messages in one second, each delivered to 25 members on each server.
  for (int m = 0; m < 1000; ++m) {
    const std::string mid = "m" + std::to_string(m);
    trace.at(kStart + m * kMs).recv(0, "c0", mid, "lobby").publish(0, mid, "lobby");
    trace.redis_recv(1, mid, "lobby");
    for (int i = 0; i < 50; ++i)
      trace.deliver(static_cast<uint16_t>(i % 2), "c" + std::to_string(i), mid);
  }
  model.apply(trace.take(), kStart + 1000 * kMs);
  EXPECT_LE(model.hops().pulses().size(), 100u);
  EXPECT_GT(model.hops().pulses().size(), 0u);
  model.advance(kStart + 1000 * kMs, kStart + 1000 * kMs);
  model.advance(kStart + 2001 * kMs, kStart + 2001 * kMs);
  EXPECT_TRUE(model.hops().aggregating());
  const auto& rates = model.hops().rates();
  ASSERT_GE(rates.size(), 2u);
  // Everything was counted, drawn or not (the first second saw all 1,000 messages).
  EXPECT_GT(rates[0].client_to_server + rates[0].server_to_clients, 0);
  EXPECT_EQ(model.delivered_total(), 50'000u);
}

TEST(Losses, ADropIsMarkedOnTheMemberWhoWasOwedItAndCounted) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  trace.connect(0, "a", "alice").join(0, "a", "lobby").connect(1, "b", "bob").join(1, "b", "lobby");
  trace.connect(2, "c", "carol").join(2, "c", "lobby");
  model.apply(trace.take(), kStart);
  trace.at(kStart + kMs).recv(0, "a", "m1", "lobby").deliver(0, "a", "m1");
  trace.at(kStart + 1500 * kMs).drop(1, "b", "m1", "lobby", "no adapter");
  model.apply(trace.take(), kStart + 1500 * kMs);

  const auto& losses = model.hops().losses();
  ASSERT_EQ(losses.size(), 1u);
  EXPECT_EQ(losses[0].client, *model.world().find_client("b"));
  EXPECT_NE(losses[0].client, *model.world().find_client("c"));
  EXPECT_EQ(losses[0].reason, "no adapter");
  EXPECT_EQ(model.lost_by_room().at("lobby"), 1u);
  EXPECT_EQ(model.lost_by_server().at("s2"), 1u);
  EXPECT_EQ(model.lost_by_reason().at("no adapter"), 1u);
  EXPECT_EQ(model.lost_by_server().count("s10"), 0u);
  // The mark stays a few seconds, then goes.
  model.advance(kStart + 1500 * kMs + model.hops().options().loss_mark_ns + 1,
                kStart + 1500 * kMs + model.hops().options().loss_mark_ns + 1);
  EXPECT_TRUE(model.hops().losses().empty());
  EXPECT_EQ(model.lost_by_room().at("lobby"), 1u);
}

TEST(Metrics, SecondsCloseAsTimePassesWithDeliveriesLossesAndLatency) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  trace.connect(0, "a").join(0, "a", "lobby").connect(1, "b").join(1, "b", "lobby");
  model.apply(trace.take(), kStart);
  trace.at(kStart + 100 * kMs).recv(0, "a", "m1", "lobby");
  trace.at(kStart + 102 * kMs).deliver(1, "b", "m1");
  trace.at(kStart + 200 * kMs).recv(0, "a", "m2", "lobby");
  trace.at(kStart + 900 * kMs).drop(1, "b", "m2", "lobby", "redis down");
  model.apply(trace.take(), kStart + 900 * kMs);
  model.advance(kStart + 3000 * kMs, kStart + 3000 * kMs);
  const auto& seconds = model.metrics().total();
  ASSERT_GE(seconds.size(), 2u);
  const SecondSample& first = seconds.front();
  EXPECT_EQ(first.received, 2u);
  EXPECT_EQ(first.delivered, 1u);
  EXPECT_EQ(first.dropped, 1u);
  EXPECT_NEAR(first.p50_ms, 2.0, 0.2);
  EXPECT_EQ(seconds[1].delivered, 0u);  // a quiet second is still a point on the plot
  EXPECT_EQ(model.metrics().per_server().at("s2")->front().delivered, 1u);
}

TEST(Channels, RatesAndTheServersOnEachChannel) {
  ViewModel model;
  TraceBuilder trace = three_servers();
  for (int m = 0; m < 10; ++m) {
    const std::string mid = "m" + std::to_string(m);
    trace.at(kStart + m * 50 * kMs).publish(0, mid, "lobby").redis_recv(1, mid, "lobby");
  }
  model.apply(trace.take(), kStart);
  model.advance(kStart, kStart);
  model.advance(kStart + 1000 * kMs, kStart + 1000 * kMs);
  const ChannelView& lobby = model.channels().at("socket.io#/#lobby#");
  EXPECT_EQ(lobby.messages, 10u);
  EXPECT_NEAR(lobby.per_second, 10, 0.5);
  EXPECT_EQ(lobby.publishers, std::set<std::string>{"s1"});
  EXPECT_EQ(lobby.receivers, std::set<std::string>{"s2"});
}

}  // namespace
}  // namespace scaleout::gui
