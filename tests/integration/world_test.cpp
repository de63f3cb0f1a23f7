// The World behind one command vocabulary: commands run without the caller waiting, their
// outcomes are recorded and traced, and they really change the world (clients connect through
// the balancer, talk, and come back through it when their server is killed).
#include <gtest/gtest.h>

#include "scaleout/world/world.hpp"
#include "support/client_pool.hpp"
#include "support/trace_capture.hpp"
#include "support/world_commands.hpp"

namespace scaleout::test {
namespace {

using sim::World;
using sim::WorldOptions;

WorldOptions two_servers() {
  WorldOptions options;
  options.cluster.servers = 2;
  options.status_period = std::chrono::milliseconds(50);
  return options;
}

const sim::FleetClientStatus* client(const sim::WorldStatus& status, const std::string& name) {
  for (const auto& entry : status.clients) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

bool both_in_lobby(World& world) {
  auto status = world.status();
  for (const char* name : {"c1", "c2"}) {
    auto* entry = client(*status, name);
    if (!entry || !entry->connected || entry->rooms != std::vector<std::string>{"lobby"}) {
      return false;
    }
  }
  return true;
}

TEST(World, ClientsConnectedOnCommandTalkAcrossServersThroughRedis) {
  TraceCapture trace;
  World world(two_servers());
  world.add_trace_sink(&trace);
  world.start();
  auto connected = outcome_of(world, submit(world, "connect 2 room lobby"));
  EXPECT_TRUE(connected.ok) << connected.message;
  ASSERT_TRUE(wait_until([&] { return both_in_lobby(world); }, 10s));
  auto status = world.status();
  // The balancer hands out servers in turn: one client on each.
  EXPECT_NE(client(*status, "c1")->server, client(*status, "c2")->server);

  auto said = outcome_of(world, submit(world, "say c1 lobby hello"));
  EXPECT_TRUE(said.ok) << said.message;
  EXPECT_TRUE(wait_until([&] { return client(*world.status(), "c2")->heard >= 1; }, 10s));

  // The trace names the clients and records the commands.
  EXPECT_TRUE(wait_until(
      [&] {
        size_t named = 0;
        for (const auto& seen : trace.of_kind(sim::TraceKind::kClientConnect))
          named += seen.detail == "c1" || seen.detail == "c2";
        return named == 2;
      },
      5s));
  EXPECT_TRUE(wait_until(
      [&] {
        for (const auto& seen : trace.of_kind(sim::TraceKind::kCommand)) {
          if (seen.name == "say c1 lobby hello" && seen.server == "world") return true;
        }
        return false;
      },
      5s));
  world.stop();
}

TEST(World, AKilledServersClientsComeBackThroughTheBalancerAndRejoin) {
  World world(two_servers());
  world.start();
  outcome_of(world, submit(world, "connect 2 room lobby"));
  ASSERT_TRUE(wait_until([&] { return both_in_lobby(world); }, 10s));
  const std::string victim = client(*world.status(), "c1")->server;

  auto killed = outcome_of(world, submit(world, "kill " + victim));
  EXPECT_TRUE(killed.ok) << killed.message;
  ASSERT_TRUE(wait_until(
      [&] {
        auto status = world.status();
        auto* c1 = client(*status, "c1");
        return both_in_lobby(world) && c1->server != victim && c1->reconnects >= 1;
      },
      15s));

  // Back in the room on the surviving server, it still hears the other client.
  const uint64_t heard = client(*world.status(), "c1")->heard;
  outcome_of(world, submit(world, "say c2 lobby still here?"));
  EXPECT_TRUE(wait_until([&] { return client(*world.status(), "c1")->heard > heard; }, 10s));
  world.stop();
}

TEST(World, ACommandThatCannotBeCarriedOutSaysWhy) {
  World world(two_servers());
  world.start();
  auto missing = outcome_of(world, submit(world, "kill s9"));
  EXPECT_FALSE(missing.ok);
  EXPECT_NE(missing.message.find("no server is named 's9'"), std::string::npos);
  auto nobody = outcome_of(world, submit(world, "say ghost lobby boo"));
  EXPECT_FALSE(nobody.ok);
  auto rate = outcome_of(world, submit(world, "bot-rate 5"));
  EXPECT_FALSE(rate.ok);
  EXPECT_NE(rate.message.find("no bots"), std::string::npos);
  // The world is still fine.
  auto added = outcome_of(world, submit(world, "add-server memory"));
  EXPECT_TRUE(added.ok) << added.message;
  EXPECT_TRUE(wait_until([&] { return world.status()->world.servers.size() == 3; }, 5s));
  world.stop();
}

TEST(World, RedisCanBePausedForAWhileAndTheStatusShowsIt) {
  World world(two_servers());
  world.start();
  ASSERT_TRUE(wait_until([&] { return world.status()->redis.reachable; }, 10s));
  auto paused = outcome_of(world, submit(world, "pause-redis 1500ms"));
  EXPECT_TRUE(paused.ok) << paused.message;
  EXPECT_TRUE(wait_until(
      [&] {
        auto status = world.status();
        return status->redis.paused && !status->redis.reachable;
      },
      10s));
  // Resumed by the world itself when the time is up.
  EXPECT_TRUE(wait_until(
      [&] {
        auto status = world.status();
        return !status->redis.paused && status->redis.reachable;
      },
      10s));
  auto keys = outcome_of(world, submit(world, "redis SET greeting hello"));
  EXPECT_TRUE(keys.ok) << keys.message;
  auto get = outcome_of(world, submit(world, "redis GET greeting"));
  // The reply, then how long it took: "\"hello\" (0.16 ms)".
  EXPECT_EQ(get.message.rfind("\"hello\" (", 0), 0u) << get.message;
  world.stop();
}

}  // namespace
}  // namespace scaleout::test
