// A world on a Redis Cluster of its own (`--redis cluster:3 --redis-replicas 1`) and on
// Sentinel (`--redis sentinel`): the nodes start and stop with the world and leave no process,
// the world's status shows each node's role and slots, and the world commands kill-redis NODE,
// restart-redis NODE and failover NODE act on one node while a room goes on talking across
// servers through the sharded adapter.
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include "scaleout/adapter/cluster_slot.hpp"
#include "scaleout/world/world.hpp"
#include "support/world_commands.hpp"

namespace scaleout::test {
namespace {

using namespace std::chrono_literals;
using sim::World;
using sim::WorldOptions;

WorldOptions cluster_world(sim::RedisTopology::Kind kind, int replicas) {
  WorldOptions options;
  options.cluster.servers = 2;
  options.cluster.adapter = sim::AdapterKind::kSharded;
  options.cluster.redis_topology.kind = kind;
  options.cluster.redis_topology.primaries = 3;
  options.cluster.redis_topology.replicas = replicas;
  options.status_period = std::chrono::milliseconds(50);
  options.redis_poll_period = std::chrono::milliseconds(200);
  return options;
}

const sim::FleetClientStatus* client(const sim::WorldStatus& status, const std::string& name) {
  for (const auto& entry : status.clients) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

uint64_t heard(World& world, const std::string& name) {
  auto status = world.status();
  auto* entry = status ? client(*status, name) : nullptr;
  return entry ? entry->heard : 0;
}

// c1 and c2 in `room`, on different servers.
void two_members(World& world, const std::string& room) {
  auto connected = outcome_of(world, submit(world, "connect 2 room " + room));
  ASSERT_TRUE(connected.ok) << connected.message;
  ASSERT_TRUE(wait_until(
      [&] {
        auto status = world.status();
        for (const char* name : {"c1", "c2"}) {
          auto* entry = client(*status, name);
          if (!entry || !entry->connected || entry->rooms != std::vector<std::string>{room})
            return false;
        }
        return true;
      },
      15s));
  auto status = world.status();
  ASSERT_NE(client(*status, "c1")->server, client(*status, "c2")->server);
}

// c1 says something in `room` until c2 has heard one more message (or 20 s pass).
bool c2_hears_c1(World& world, const std::string& room) {
  const uint64_t before = heard(world, "c2");
  return wait_until(
      [&] {
        submit(world, "say c1 " + room + " hello");
        return wait_until([&] { return heard(world, "c2") > before; }, 1s);
      },
      20s);
}

// The primary (by the world's status) whose slots hold `slot`.
std::string owner_of(const sim::RedisStatus& redis, uint16_t slot) {
  for (const auto& node : redis.nodes) {
    if (!node.primary || node.failed || !node.reachable) continue;
    for (const auto& range : node.slots) {
      const auto dash = range.find('-');
      const int first = std::stoi(range.substr(0, dash));
      const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
      if (slot >= first && slot <= last) return node.name;
    }
  }
  return {};
}

bool process_gone(pid_t pid) {
  return ::kill(pid, 0) == -1 && errno == ESRCH;
}

TEST(WorldRedisCluster, StartsAndStopsWithTheWorldShowsItsNodesAndLeavesNoProcess) {
  World world(cluster_world(sim::RedisTopology::Kind::kCluster, 1));
  world.start();
  sim::RedisClusterProcess* nodes = world.cluster().embedded_redis_cluster();
  ASSERT_NE(nodes, nullptr);
  ASSERT_EQ(nodes->size(), 6u);
  std::vector<pid_t> pids;
  for (size_t i = 0; i < nodes->size(); ++i)
    pids.push_back(nodes->node(i).pid());

  // The status names every node with its role; the three primaries share the 16384 slots.
  ASSERT_TRUE(wait_until(
      [&] {
        auto status = world.status();
        int primaries = 0;
        int replicas = 0;
        for (const auto& node : status->redis.nodes) {
          primaries += node.reachable && node.primary && !node.slots.empty();
          replicas += node.reachable && !node.primary && !node.primary_of.empty();
        }
        return primaries == 3 && replicas == 3;
      },
      10s));

  two_members(world, "lobby");
  EXPECT_TRUE(c2_hears_c1(world, "lobby"));

  world.stop();
  for (pid_t pid : pids)
    EXPECT_TRUE(wait_until([&] { return process_gone(pid); }, 5s)) << "pid " << pid;
}

TEST(WorldRedisCluster, KillingTheRoomsPrimaryPromotesItsReplicaAndTheRoomTalksAgain) {
  World world(cluster_world(sim::RedisTopology::Kind::kCluster, 1));
  world.start();
  two_members(world, "lobby");
  ASSERT_TRUE(c2_hears_c1(world, "lobby"));

  // The dynamic mode's channel of the room, in the shard of its slot.
  const uint16_t slot = adapter::key_hash_slot("socket.io#/#lobby#");
  std::string owner;
  ASSERT_TRUE(
      wait_until([&] { return !(owner = owner_of(world.status()->redis, slot)).empty(); }, 10s));
  auto killed = outcome_of(world, submit(world, "kill-redis " + owner));
  ASSERT_TRUE(killed.ok) << killed.message;

  // The monitor sees a replica of the killed node take over.
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& failover : world.status()->redis.failovers) {
          if (failover.from == owner) return true;
        }
        return false;
      },
      20s));
  EXPECT_TRUE(c2_hears_c1(world, "lobby"));

  // The old primary comes back as a replica of its successor.
  auto restarted = outcome_of(world, submit(world, "restart-redis " + owner));
  EXPECT_TRUE(restarted.ok) << restarted.message;
  EXPECT_TRUE(wait_until(
      [&] {
        for (const auto& node : world.status()->redis.nodes) {
          if (node.name == owner) return node.reachable && !node.primary;
        }
        return false;
      },
      20s));
  world.stop();
}

TEST(WorldRedisCluster, AFailoverCommandHandsAPrimarysSlotsToItsReplica) {
  World world(cluster_world(sim::RedisTopology::Kind::kCluster, 1));
  world.start();
  auto failover = outcome_of(world, submit(world, "failover n1"));
  ASSERT_TRUE(failover.ok) << failover.message;
  EXPECT_TRUE(wait_until(
      [&] {
        for (const auto& node : world.status()->redis.nodes) {
          if (node.name == "n1") return node.reachable && !node.primary;
        }
        return false;
      },
      20s));
  // A node the cluster does not have, and a node-less kill, say what to name.
  auto unknown = outcome_of(world, submit(world, "kill-redis n9"));
  EXPECT_FALSE(unknown.ok);
  EXPECT_NE(unknown.message.find("n9"), std::string::npos);
  auto nameless = outcome_of(world, submit(world, "kill-redis"));
  EXPECT_FALSE(nameless.ok);
  EXPECT_NE(nameless.message.find("n1, n2"), std::string::npos) << nameless.message;
  world.stop();
}

TEST(WorldRedisSentinel, ServersFollowSentinelWhenThePrimaryIsKilled) {
  World world(cluster_world(sim::RedisTopology::Kind::kSentinel, 0));
  world.start();
  ASSERT_NE(world.cluster().embedded_sentinel(), nullptr);
  two_members(world, "lobby");
  ASSERT_TRUE(c2_hears_c1(world, "lobby"));

  auto killed = outcome_of(world, submit(world, "kill-redis r1"));
  ASSERT_TRUE(killed.ok) << killed.message;
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& failover : world.status()->redis.failovers) {
          if (failover.node == "r2") return true;
        }
        return false;
      },
      30s));
  EXPECT_TRUE(c2_hears_c1(world, "lobby"));
  world.stop();
}

TEST(WorldRedis, FailoverNeedsAClusterOrSentinel) {
  WorldOptions options;
  options.cluster.servers = 1;
  World world(options);
  world.start();
  auto failover = outcome_of(world, submit(world, "failover n1"));
  EXPECT_FALSE(failover.ok);
  EXPECT_NE(failover.message.find("cluster:N"), std::string::npos) << failover.message;
  world.stop();
}

}  // namespace
}  // namespace scaleout::test
