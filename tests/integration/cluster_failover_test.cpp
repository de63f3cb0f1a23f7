// Failures of a real Redis Cluster (3 primaries, 1 replica each, node timeout 1000 ms) and of a
// Sentinel set under traffic: a primary killed while a room chats. The servers report the outage
// naming the node, find the new owner (the promoted replica), subscribe there, and deliveries
// resume; what was published meanwhile is lost, and the trace names the losses.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/adapter/cluster_slot.hpp"
#include "scaleout/process/redis_cluster_process.hpp"
#include "scaleout/process/redis_sentinel_process.hpp"
#include "support/broker_servers.hpp"

namespace scaleout::test {
namespace {

using sim::AdapterKind;

// The node (n1...) whose slots include `slot`.
std::string owner_of(sim::RedisClusterProcess& cluster, uint16_t slot) {
  for (const auto& node : cluster.status()) {
    if (!node.primary || node.failed) continue;
    for (const auto& range : node.slots) {
      const auto dash = range.find('-');
      const int first = std::stoi(range.substr(0, dash));
      const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
      if (slot >= first && slot <= last) return node.name;
    }
  }
  return {};
}

// A member says something in `room` every 50 ms until stopped; counts the acks.
class Chatter {
 public:
  Chatter(ClientPool& pool, int sender, std::string room)
      : thread_([this, &pool, sender, room] {
          for (int i = 0; !stop_; ++i) {
            pool.emit(sender, "say", Json::array({Json{{"room", room}, {"n", i}}}));
            ++sent_;
            std::this_thread::sleep_for(50ms);
          }
        }) {}
  ~Chatter() {
    stop_ = true;
    thread_.join();
  }
  int sent() const { return sent_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> sent_{0};
  std::thread thread_;
};

size_t said_count(ClientPool& pool, int client) {
  return pool.count(client, "said");
}

}  // namespace

TEST(ClusterFailover, AKilledPrimarysRoomsResubscribeAtTheNewOwnerAndTheLossIsNamed) {
  sim::RedisClusterProcess cluster({.primaries = 3, .replicas = 1, .password = "pw"});
  cluster.start();
  const std::string room = "failover-room";
  const std::string channel = "socket.io#/#" + room + "#";
  const std::string victim = owner_of(cluster, adapter::key_hash_slot(channel));
  ASSERT_FALSE(victim.empty());
  const size_t victim_index = static_cast<size_t>(cluster.index_of(victim));
  const uint16_t victim_port = cluster.node(victim_index).port();
  const uint16_t heir_port = cluster.node(victim_index + 3).port();  // its replica

  BrokerServers servers(cluster.deployment(), /*loss_settle=*/500ms);
  servers.add(AdapterKind::kSharded);
  servers.add(AdapterKind::kSharded);
  ClientPool pool;
  const int sender = join_client(pool, servers.server(0), room);
  const int listener = join_client(pool, servers.server(1), room);
  ASSERT_GE(std::min(sender, listener), 0) << pool.last_error();
  ASSERT_TRUE(wait_until([&] {
    for (const auto& placed : servers.server(1).snapshot().placements) {
      if (placed.channel == channel) return placed.active;
    }
    return false;
  })) << "s2 never subscribed to the room's channel";

  {
    Chatter chatter(pool, sender, room);
    ASSERT_TRUE(wait_until([&] { return said_count(pool, listener) >= 5; }));
    ASSERT_TRUE(cluster.kill_node(victim));
    // s2 says what it lost, naming the node.
    ASSERT_TRUE(wait_until(
        [&] {
          return !servers.notices_with("redis down: 127.0.0.1:" + std::to_string(victim_port))
                      .empty();
        },
        10s))
        << "s2 did not report the node it lost";
    // The replica takes over (about 2 s) and both servers subscribe there.
    ASSERT_TRUE(wait_until(
        [&] {
          for (size_t s = 0; s < 2; ++s) {
            bool placed = false;
            for (const auto& p : servers.server(s).snapshot().placements)
              placed = placed || (p.channel == channel && p.active &&
                                  p.node == "127.0.0.1:" + std::to_string(heir_port));
            if (!placed) return false;
          }
          return true;
        },
        20s))
        << "the room's channel did not move to the promoted replica";
    EXPECT_TRUE(servers.server(1).redis_up());
    // Deliveries resume.
    const size_t after_failover = said_count(pool, listener);
    ASSERT_TRUE(wait_until([&] { return said_count(pool, listener) >= after_failover + 5; }, 5s))
        << "no delivery after the failover";
  }
  // Redis itself agrees: two shard subscribers of the room's channel on the new primary.
  adapter::BlockingRedis heir(loopback_endpoint(heir_port, "pw"), 1s);
  std::string error;
  auto numsub = heir.command({"PUBSUB", "SHARDNUMSUB", channel}, &error);
  ASSERT_TRUE(numsub) << error;
  ASSERT_EQ(numsub->elements.size(), 2u);
  EXPECT_EQ(numsub->elements[1].integer, 2);
  // What was said meanwhile is lost for the listener, and the trace names why.
  ASSERT_TRUE(
      wait_until([&] { return servers.trace().count_kind(sim::TraceKind::kDrop) > 0; }, 3s));
  std::string reasons;
  for (const auto& drop : servers.trace().of_kind(sim::TraceKind::kDrop))
    reasons += " [" + drop.detail + "]";
  EXPECT_GT(servers.trace().count_kind(sim::TraceKind::kDrop, "redis down"), 0u)
      << "the drops' reasons:" << reasons;
  EXPECT_EQ(servers.trace().count_kind(sim::TraceKind::kDrop, "not delivered"), 0u)
      << "a loss the detector could not explain";
  EXPECT_GE(servers.server(1).snapshot().redis_outages, 1u);
}

TEST(ClusterFailover, TheClassicAdapterMovesToAnotherNodeWhenItsHomeNodeDies) {
  sim::RedisClusterProcess cluster({.primaries = 3, .replicas = 1});
  cluster.start();
  BrokerServers servers(cluster.deployment());
  servers.add(AdapterKind::kRedis);
  servers.add(AdapterKind::kRedis);
  const std::string home = servers.server(1).snapshot().redis_home;
  ASSERT_FALSE(home.empty());
  const std::string victim = home.substr(home.rfind(':') + 1);  // its port names it
  ClientPool pool;
  const int a = join_client(pool, servers.server(0), "lobby");
  const int b = join_client(pool, servers.server(1), "lobby");
  ASSERT_GE(std::min(a, b), 0);
  ASSERT_TRUE(cluster.kill_node(victim));
  ASSERT_TRUE(wait_until(
      [&] {
        const auto snapshot = servers.server(1).snapshot();
        return snapshot.redis_home != home && !snapshot.redis_home.empty() &&
               servers.server(1).redis_up();
      },
      20s))
      << "s2 stayed on its dead home node " << home;
  // Classic PUBLISH reaches every node over the bus: broadcasts cross again, even while the
  // cluster still fails over the dead node's slots.
  const size_t before = pool.count(b, "said");
  ASSERT_TRUE(wait_until(
      [&] {
        pool.emit(a, "say", Json::array({Json{{"room", "lobby"}, {"text", "again"}}}));
        return pool.count(b, "said") > before;
      },
      10s));
}

TEST(ClusterFailover, AGracefulFailoverMovesShardedSubscriptionsOnTheSunsubscribePush) {
  // CLUSTER FAILOVER: the primary stops serving its slots and sends each of its sharded
  // subscribers ["sunsubscribe", channel, n]; nothing closes, so only the push tells the server.
  sim::RedisClusterProcess cluster({.primaries = 3, .replicas = 1});
  cluster.start();
  const std::string room = "graceful-room";
  const std::string channel = "socket.io#/#" + room + "#";
  const std::string owner = owner_of(cluster, adapter::key_hash_slot(channel));
  const size_t owner_index = static_cast<size_t>(cluster.index_of(owner));
  const std::string heir = "127.0.0.1:" + std::to_string(cluster.node(owner_index + 3).port());
  BrokerServers servers(cluster.deployment());
  servers.add(AdapterKind::kSharded);
  servers.add(AdapterKind::kSharded);
  ClientPool pool;
  const int a = join_client(pool, servers.server(0), room);
  const int b = join_client(pool, servers.server(1), room);
  ASSERT_GE(std::min(a, b), 0);
  std::string error;
  ASSERT_TRUE(cluster.failover(owner, &error)) << error;
  ASSERT_TRUE(wait_until(
      [&] {
        for (const auto& p : servers.server(1).snapshot().placements) {
          if (p.channel == channel) return p.active && p.node == heir;
        }
        return false;
      },
      10s))
      << "s2 kept its subscription on the demoted primary";
  // Said once, for the first of the channels the demoted primary dropped.
  EXPECT_FALSE(servers.notices_with("dropped the subscription to socket.io#/").empty());
  const size_t before = pool.count(b, "said");
  pool.emit(a, "say", Json::array({Json{{"room", room}, {"text", "after"}}}));
  EXPECT_TRUE(wait_until([&] { return pool.count(b, "said") > before; }, 5s));
}

TEST(SentinelFailover, ServersFollowSwitchMasterToThePromotedReplica) {
  sim::RedisSentinelProcess sentinels({.password = "pw"});
  sentinels.start();
  BrokerServers servers(sentinels.deployment());
  servers.add(AdapterKind::kRedis);
  servers.add(AdapterKind::kRedis);
  const std::string first = "127.0.0.1:" + std::to_string(sentinels.node(0).port());
  const std::string second = "127.0.0.1:" + std::to_string(sentinels.node(1).port());
  EXPECT_EQ(servers.server(0).snapshot().redis_home, first);
  ClientPool pool;
  const int a = join_client(pool, servers.server(0), "lobby");
  const int b = join_client(pool, servers.server(1), "lobby");
  ASSERT_GE(std::min(a, b), 0);
  ASSERT_TRUE(sentinels.kill_node("r1"));
  ASSERT_TRUE(wait_until(
      [&] {
        return servers.server(0).snapshot().redis_home == second &&
               servers.server(1).snapshot().redis_home == second && servers.server(0).redis_up() &&
               servers.server(1).redis_up();
      },
      20s))
      << "the servers did not follow +switch-master to r2";
  EXPECT_FALSE(servers.notices_with("redis down").empty());
  const size_t before = pool.count(b, "said");
  ASSERT_TRUE(wait_until(
      [&] {
        pool.emit(a, "say", Json::array({Json{{"room", "lobby"}, {"text", "after"}}}));
        return pool.count(b, "said") > before;
      },
      5s));
  // The old primary comes back as a primary of its own for a while: the servers stay on r2.
  ASSERT_TRUE(sentinels.restart_node("r1"));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(servers.server(0).snapshot().redis_home, second);
}

}  // namespace scaleout::test
