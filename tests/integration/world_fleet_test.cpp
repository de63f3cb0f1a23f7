// What the lessons rely on in the world's clients: long-polling clients through the real balancer
// (refused by round robin with "Session ID unknown", fine with sticky sessions), a say that
// carries the scenario's own message id, and the demo app's shared state (a Redis hash survives a
// move to another server, a server's memory does not).
#include <gtest/gtest.h>

#include "scaleout/world/world.hpp"
#include "support/client_pool.hpp"
#include "support/trace_capture.hpp"
#include "support/world_commands.hpp"

namespace scaleout::test {
namespace {

using sim::World;
using sim::WorldOptions;

WorldOptions two_servers(sim::BalancePolicy policy) {
  WorldOptions options;
  options.cluster.servers = 2;
  options.cluster.policy = policy;
  options.status_period = std::chrono::milliseconds(50);
  return options;
}

// The client's latest status; an empty one (named "") until the world's status lists it.
sim::FleetClientStatus client(World& world, const std::string& name) {
  for (const auto& entry : world.status()->clients) {
    if (entry.name == name) return entry;
  }
  return {};
}

TEST(WorldFleet, PollingThroughRoundRobinIsRefusedWithSessionIdUnknown) {
  World world(two_servers(sim::BalancePolicy::kRoundRobin));
  world.start();
  submit(world, "connect 1 transport polling name p");
  ASSERT_TRUE(wait_until([&] { return client(world, "p1").failed_connects >= 2; }, 20s));
  auto p1 = client(world, "p1");
  EXPECT_FALSE(p1.connected);
  EXPECT_NE(p1.last_error.find("Session ID unknown"), std::string::npos) << p1.last_error;

  // Sticky sessions: the next attempt keeps to one server and gets through.
  submit(world, "policy sticky-sid");
  ASSERT_TRUE(wait_until([&] { return client(world, "p1").connected; }, 20s))
      << client(world, "p1").last_error;
  world.stop();
}

TEST(WorldFleet, APollingClientTalksWithWebSocketClientsAcrossServers) {
  TraceCapture trace;
  World world(two_servers(sim::BalancePolicy::kStickySid));
  world.add_trace_sink(&trace);
  world.start();
  submit(world, "connect 1 room lobby transport polling name p");
  submit(world, "connect 2 room lobby name w");
  ASSERT_TRUE(wait_until(
      [&] {
        for (const char* name : {"p1", "w1", "w2"}) {
          auto entry = client(world, name);
          if (!entry.connected || entry.rooms.empty()) return false;
        }
        return true;
      },
      20s));
  EXPECT_EQ(client(world, "p1").transport, sim::ClientTransport::kPolling);
  submit(world, "say p1 lobby hello from polling mid m-poll");
  EXPECT_TRUE(
      wait_until([&] { return trace.count("m-poll", sim::TraceKind::kDeliver) == 3; }, 10s));
  submit(world, "say w1 lobby hello back mid m-back");
  EXPECT_TRUE(wait_until([&] { return client(world, "p1").heard >= 2; }, 10s));
  // The polling client's connection is traced as such.
  bool polling_seen = false;
  for (const auto& seen : trace.of_kind(sim::TraceKind::kClientConnect))
    polling_seen |= seen.detail == "p1" && seen.name == "polling";
  EXPECT_TRUE(polling_seen);
  world.stop();
}

TEST(WorldFleet, SharedStateInRedisSurvivesAMoveToAnotherServerAndMemoryDoesNot) {
  World world(two_servers(sim::BalancePolicy::kStickySid));
  world.start();
  submit(world, "connect 1 via s1 name alice");
  ASSERT_TRUE(wait_until([&] { return client(world, "alice1").connected; }, 20s));
  submit(world, "remember alice1 redis cart 2 apples");
  submit(world, "remember alice1 memory cart 2 apples");
  submit(world, "recall alice1 memory cart");
  ASSERT_TRUE(
      wait_until([&] { return client(world, "alice1").recalls.count("memory:cart"); }, 10s));
  EXPECT_EQ(client(world, "alice1").recalls["memory:cart"].value, "2 apples");

  submit(world, "reconnect alice1 via s2");
  ASSERT_TRUE(wait_until(
      [&] {
        auto alice = client(world, "alice1");
        return alice.connected && alice.server == "s2";
      },
      20s));
  submit(world, "recall alice1 redis cart");
  submit(world, "recall alice1 memory cart");
  ASSERT_TRUE(wait_until(
      [&] {
        auto recalls = client(world, "alice1").recalls;
        return recalls["redis:cart"].server == "s2" && recalls["memory:cart"].server == "s2";
      },
      10s));
  auto recalls = client(world, "alice1").recalls;
  EXPECT_EQ(recalls["redis:cart"].value, "2 apples");
  EXPECT_EQ(recalls["memory:cart"].value, std::nullopt);
  world.stop();
}

}  // namespace
}  // namespace scaleout::test
