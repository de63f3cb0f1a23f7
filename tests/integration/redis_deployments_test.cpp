// A real Redis Cluster and a real Sentinel set as our children: they start ready (every node
// agreeing, the roles right), their nodes can be killed, restarted and failed over, and nothing
// is left running once they are stopped.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "scaleout/process/redis_cluster_process.hpp"
#include "scaleout/process/redis_sentinel_process.hpp"
#include "support/client_pool.hpp"

namespace scaleout::test {
namespace {

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0;
}

int count_primaries(const std::vector<sim::ClusterNodeStatus>& nodes) {
  int primaries = 0;
  for (const auto& node : nodes)
    primaries += node.running && node.primary && !node.failed && !node.slots.empty();
  return primaries;
}

}  // namespace

TEST(RedisDeployments, AClusterStartsReadyWithItsRolesAndStopsLeavingNoProcess) {
  std::vector<pid_t> pids;
  std::vector<std::string> directories;
  {
    sim::RedisClusterProcess cluster({.primaries = 3, .replicas = 1, .password = "pw"});
    cluster.start();
    std::string why;
    ASSERT_TRUE(cluster.ready(&why)) << why;
    ASSERT_EQ(cluster.size(), 6u);
    const auto nodes = cluster.status();
    EXPECT_EQ(count_primaries(nodes), 3);
    for (size_t i = 0; i < nodes.size(); ++i) {
      EXPECT_GE(nodes[i].port, 20000) << "below the ephemeral range, bus port included";
      EXPECT_LE(nodes[i].port, 22700);
      // n1-n3 hold the slots, n4-n6 replicate them in order.
      EXPECT_EQ(nodes[i].primary, i < 3) << nodes[i].name;
      if (i >= 3) {
        EXPECT_EQ(nodes[i].primary_id, nodes[i - 3].id) << nodes[i].name;
      }
      pids.push_back(cluster.node(i).pid());
      directories.push_back(cluster.node(i).directory());
    }
    EXPECT_EQ(nodes[0].slots, std::vector<std::string>{"0-5460"});
    EXPECT_EQ(cluster.deployment().nodes.front().password, "pw");
  }
  for (pid_t pid : pids)
    EXPECT_FALSE(process_exists(pid)) << "node " << pid << " outlived its cluster";
  for (const auto& directory : directories)
    EXPECT_FALSE(std::filesystem::exists(directory));
}

TEST(RedisDeployments, AClusterFailsOverAKilledPrimaryAndTakesItBackAsAReplica) {
  sim::RedisClusterProcess cluster({.primaries = 3, .replicas = 1});
  cluster.start();
  ASSERT_TRUE(cluster.kill_node("n2"));
  // n5 (n2's replica) is promoted within a few node timeouts.
  ASSERT_TRUE(wait_until(
      [&] {
        auto nodes = cluster.status();
        return nodes[4].primary && !nodes[4].slots.empty();
      },
      15s));
  ASSERT_TRUE(cluster.restart_node("n2"));
  ASSERT_TRUE(wait_until(
      [&] {
        auto nodes = cluster.status();
        return nodes[1].running && !nodes[1].primary && nodes[1].primary_id == nodes[4].id;
      },
      15s))
      << "n2 came back, but not as n5's replica";
  std::string why;
  EXPECT_TRUE(cluster.wait_ready(15s, &why)) << why;
  // A graceful failover gives n2 its slots back.
  std::string error;
  ASSERT_TRUE(cluster.failover("n2", &error)) << error;
  EXPECT_TRUE(wait_until([&] { return cluster.status()[1].primary; }, 10s));
  EXPECT_FALSE(cluster.kill_node("n9", &error));
  EXPECT_NE(error.find("n9"), std::string::npos);
}

TEST(RedisDeployments, ASentinelSetPromotesTheReplicaWhenThePrimaryDies) {
  std::vector<pid_t> pids;
  {
    sim::RedisSentinelProcess sentinels({.password = "pw"});
    sentinels.start();
    const std::string first = sentinels.primary_address();
    EXPECT_EQ(first, "127.0.0.1:" + std::to_string(sentinels.node(0).port()));
    pids = sentinels.sentinel_pids();
    pids.push_back(sentinels.node(0).pid());
    pids.push_back(sentinels.node(1).pid());
    EXPECT_EQ(sentinels.sentinel_ports().size(), 3u);
    ASSERT_TRUE(sentinels.kill_node("r1"));
    ASSERT_TRUE(wait_until(
        [&] {
          return sentinels.primary_address() ==
                 "127.0.0.1:" + std::to_string(sentinels.node(1).port());
        },
        15s))
        << "Sentinel did not switch to r2";
    EXPECT_TRUE(sentinels.status()[1].primary);
  }
  for (pid_t pid : pids)
    EXPECT_FALSE(process_exists(pid));
}

}  // namespace scaleout::test
