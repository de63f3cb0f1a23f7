// The autoscaler and the drain on a real world (real servers, the balancer, an embedded
// redis-server the world starts): a drained server's clients all reconnect through the balancer
// to the other servers and rejoin their rooms before the server is removed; under load the
// autoscaler adds servers, and once the load is gone and the window has passed, drains them away.
#include <gtest/gtest.h>

#include <set>

#include "scaleout/world/world.hpp"
#include "support/client_pool.hpp"
#include "support/trace_capture.hpp"
#include "support/world_commands.hpp"

namespace scaleout::test {
namespace {

using sim::World;
using sim::WorldOptions;

int running_servers(World& world) {
  int running = 0;
  for (const auto& server : world.status()->world.servers)
    running += server.running ? 1 : 0;
  return running;
}

bool has_server(World& world, const std::string& name) {
  for (const auto& server : world.status()->world.servers) {
    if (server.name == name) return true;
  }
  return false;
}

TEST(Autoscale, DrainMovesEveryClientThroughTheBalancerAndRemovesTheServer) {
  WorldOptions options;
  options.cluster.servers = 2;
  options.cluster.policy = sim::BalancePolicy::kStickySid;  // polling needs it
  options.status_period = std::chrono::milliseconds(50);
  TraceCapture trace;
  World world(options);
  world.add_trace_sink(&trace);
  world.start();
  submit(world, "connect 6 room lobby");
  submit(world, "connect 2 room lobby name p transport polling");
  auto all_in_lobby = [&](const std::string& on) {
    const auto& clients = world.status()->clients;
    if (clients.size() != 8) return false;
    for (const auto& client : clients) {
      if (!client.connected || client.rooms != std::vector<std::string>{"lobby"}) return false;
      if (!on.empty() && client.server != on) return false;
    }
    return true;
  };
  ASSERT_TRUE(wait_until([&] { return all_in_lobby(""); }, 20s));
  std::set<std::string> on_s1;
  for (const auto& client : world.status()->clients) {
    if (client.server == "s1") on_s1.insert(client.name);
  }
  ASSERT_GE(on_s1.size(), 2u) << "the balancer put nobody on s1";

  submit(world, "drain s1");
  // Well before the drain's own 30 s timeout, which removes a server whose clients did not go.
  ASSERT_TRUE(wait_until([&] { return !has_server(world, "s1"); }, 20s)) << "s1 never went";
  ASSERT_TRUE(wait_until([&] { return all_in_lobby("s2"); }, 20s));
  for (const auto& client : world.status()->clients) {
    // s1's clients moved; s2's were never touched.
    if (on_s1.contains(client.name)) {
      EXPECT_GE(client.reconnects, 1u) << client.name;
    } else {
      EXPECT_EQ(client.reconnects, 0u) << client.name;
    }
  }

  submit(world, "say c1 lobby after the drain mid m-after");
  EXPECT_TRUE(
      wait_until([&] { return trace.count("m-after", sim::TraceKind::kDeliver) == 8; }, 10s));
  world.stop();
}

TEST(Autoscale, AddsServersUnderLoadAndDrainsThemAfterTheWindow) {
  WorldOptions options;
  options.cluster.servers = 1;
  options.cluster.policy = sim::BalancePolicy::kLeastConnections;
  options.bots.count = 6;
  options.bots.rooms = 2;
  options.bots.says_per_second = 40;
  options.status_period = std::chrono::milliseconds(100);
  World world(options);
  world.start();
  submit(world, "autoscale on target 10 min 1 max 3 window 2s period 500ms");
  // 40 msg/s against 10 per server: ceil(1 × 40 / 10) = 4, at most 3.
  ASSERT_TRUE(wait_until([&] { return running_servers(world) == 3; }, 20s));
  const auto status = world.status()->autoscaler;
  ASSERT_FALSE(status.decisions.empty());
  EXPECT_NE(status.decisions.back().formula.find("ceil("), std::string::npos);
  bool desired_gauge = false;
  for (const auto& gauge : world.status()->gauges)
    desired_gauge |= gauge.name == "autoscaler.desired";
  EXPECT_TRUE(desired_gauge);

  submit(world, "bot-rate 0");
  ASSERT_TRUE(wait_until([&] { return running_servers(world) == 1; }, 30s));
  // Every bot is connected again to the one server left.
  EXPECT_TRUE(wait_until([&] { return world.status()->bots.connected == 6; }, 15s));
  world.stop();
}

}  // namespace
}  // namespace scaleout::test
