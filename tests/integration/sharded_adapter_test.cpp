// The adapters on a real Redis Cluster (3 primaries, shared by the tests of this file) and on one
// Redis 7: room broadcasts cross servers with the classic adapter (PUBLISH reaches every node over
// the cluster bus) and with the sharded one (SPUBLISH stays in the room channel's shard), the
// dynamic subscription mode keeps a room's messages away from servers without members, and the
// cluster-wide requests answer across servers.
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/adapter/cluster_slot.hpp"
#include "scaleout/process/redis_cluster_process.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/sio_server.hpp"
#include "support/broker_servers.hpp"

namespace scaleout::test {
namespace {

using adapter::SubscriptionMode;
using sim::AdapterKind;

class ShardedAdapterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new sim::RedisClusterProcess({.primaries = 3, .password = "cluster-pw"});
    cluster_->start();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  static sim::RedisClusterProcess* cluster_;
};
sim::RedisClusterProcess* ShardedAdapterTest::cluster_ = nullptr;

// One say from `sender` to `room`, and every `members` hears it exactly once within the wait.
void expect_each_gets_it_once(ClientPool& pool, int sender, const std::string& room,
                              const std::vector<int>& members, const std::string& text) {
  Json ack = pool.call(sender, "say", Json::array({Json{{"room", room}, {"text", text}}}));
  ASSERT_TRUE(ack.is_object()) << "no ack for the say";
  const std::string mid = ack["mid"];
  auto got = [&](int member) {
    size_t n = 0;
    for (const auto& said : pool.received(member, "said"))
      n += said[0]["mid"] == mid;
    return n;
  };
  ASSERT_TRUE(wait_until([&] {
    for (int member : members) {
      if (got(member) < 1) return false;
    }
    return true;
  })) << "not every member got '"
      << text << "'";
  std::this_thread::sleep_for(200ms);
  for (int member : members)
    EXPECT_EQ(got(member), 1u) << "a member got '" << text << "' more than once";
}

// Runs `request` on the server's "/" adapter, on its thread, and waits for its answer.
template <class Result, class Request>
Result ask(sim::ServerInstance& server, Request request) {
  auto answer = std::make_shared<std::promise<Result>>();
  auto future = answer->get_future();
  server.call([&](sim::SioServer& sio) { request(sio.find_namespace("/")->adapter(), answer); });
  EXPECT_EQ(future.wait_for(6s), std::future_status::ready) << "no answer";
  return future.get();
}

void broadcasts_cross_servers(const adapter::RedisDeployment& deployment, AdapterKind kind) {
  BrokerServers servers(deployment);
  for (int i = 0; i < 3; ++i)
    servers.add(kind);
  ClientPool pool;
  std::vector<int> members;
  for (size_t i = 0; i < 3; ++i)
    members.push_back(join_client(pool, servers.server(i), "lobby"));
  for (int member : members)
    ASSERT_GE(member, 0) << pool.last_error();
  // The dynamic mode subscribes when a room is created; a moment for the SSUBSCRIBEs.
  std::this_thread::sleep_for(100ms);
  expect_each_gets_it_once(pool, members[0], "lobby", members, "from s1");
  expect_each_gets_it_once(pool, members[2], "lobby", members, "from s3");
}

}  // namespace

TEST_F(ShardedAdapterTest, TheClassicAdapterCrossesServersOnACluster) {
  broadcasts_cross_servers(cluster_->deployment(), AdapterKind::kRedis);
}

TEST_F(ShardedAdapterTest, TheShardedAdapterCrossesServersOnACluster) {
  broadcasts_cross_servers(cluster_->deployment(), AdapterKind::kSharded);
}

TEST_F(ShardedAdapterTest, DynamicSubscriptionsKeepARoomsMessagesFromServersWithoutMembers) {
  for (auto mode : {SubscriptionMode::kDynamic, SubscriptionMode::kStatic}) {
    SCOPED_TRACE(adapter::to_string(mode));
    BrokerServers servers(cluster_->deployment());
    for (int i = 0; i < 3; ++i)
      servers.add(AdapterKind::kSharded, mode);
    ClientPool pool;
    const int a = join_client(pool, servers.server(0), "quiet-room");
    const int b = join_client(pool, servers.server(1), "quiet-room");
    const int elsewhere = join_client(pool, servers.server(2), "another-room");
    ASSERT_GE(std::min({a, b, elsewhere}), 0) << pool.last_error();
    std::this_thread::sleep_for(100ms);
    const uint64_t before = servers.messages_in(2);
    constexpr int kSays = 10;
    for (int i = 0; i < kSays; ++i)
      expect_each_gets_it_once(pool, a, "quiet-room", {a, b}, "say " + std::to_string(i));
    const uint64_t received = servers.messages_in(2) - before;
    if (mode == SubscriptionMode::kDynamic) {
      EXPECT_EQ(received, 0u) << "s3 has no member of quiet-room, yet Redis pushed it messages";
    } else {
      // The contrast, measured the same way: in static mode every server hears every room.
      EXPECT_EQ(received, static_cast<uint64_t>(kSays));
    }
    EXPECT_EQ(pool.count(elsewhere, "said"), 0u);
  }
}

TEST_F(ShardedAdapterTest, RoomChannelsLiveOnTheNodesOfTheirSlots) {
  BrokerServers servers(cluster_->deployment());
  sim::ServerInstance& server = servers.add(AdapterKind::kSharded);
  ClientPool pool;
  std::vector<std::string> rooms;
  for (int i = 0; i < 12; ++i)
    rooms.push_back("room-" + std::to_string(i));
  for (const auto& room : rooms)
    ASSERT_GE(join_client(pool, server, room), 0);
  ASSERT_TRUE(wait_until([&] {
    size_t active = 0;
    for (const auto& placed : server.snapshot().placements)
      active += placed.active && placed.channel.starts_with("socket.io#/#room-");
    return active == rooms.size();
  })) << "the server did not subscribe to every room's channel";
  // PUBSUB SHARDCHANNELS on each primary lists the rooms whose slots it serves, and only those.
  std::set<uint16_t> nodes_used;
  for (const auto& node : cluster_->status()) {
    adapter::BlockingRedis redis(loopback_endpoint(node.port, "cluster-pw"), 1s);
    std::string error;
    auto channels = redis.command({"PUBSUB", "SHARDCHANNELS", "socket.io#/#room-*"}, &error);
    ASSERT_TRUE(channels) << error;
    for (const auto& channel : channels->elements) {
      const uint16_t slot = adapter::key_hash_slot(channel.text);
      bool owns = false;
      for (const auto& range : node.slots) {
        const auto dash = range.find('-');
        const int first = std::stoi(range.substr(0, dash));
        const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
        owns = owns || (slot >= first && slot <= last);
      }
      EXPECT_TRUE(owns) << channel.text << " (slot " << slot << ") is on " << node.name;
      nodes_used.insert(node.port);
    }
  }
  EXPECT_EQ(nodes_used.size(), 3u) << "twelve rooms should spread over the three shards";
}

TEST_F(ShardedAdapterTest, FetchSocketsAndServerSideEmitSpanEveryServer) {
  BrokerServers servers(cluster_->deployment());
  for (int i = 0; i < 3; ++i)
    servers.add(AdapterKind::kSharded);
  ClientPool pool;
  std::vector<int> clients;
  for (size_t i = 0; i < 3; ++i)
    clients.push_back(join_client(pool, servers.server(i), "r"));
  for (int client : clients)
    ASSERT_GE(client, 0) << pool.last_error();
  using Sockets = std::vector<adapter::SocketDescription>;
  Sockets sockets = ask<Sockets>(servers.server(0), [](adapter::Adapter& adapter, auto answer) {
    adapter::BroadcastOptions in_r;
    in_r.rooms = {"r"};
    adapter.fetch_sockets(in_r, [answer](Sockets found, std::string error) {
      EXPECT_EQ(error, "");
      answer->set_value(std::move(found));
    });
  });
  std::set<std::string> found;
  for (const auto& socket : sockets)
    found.insert(socket.id);
  EXPECT_EQ(found,
            (std::set<std::string>{pool.id(clients[0]), pool.id(clients[1]), pool.id(clients[2])}));
  auto replies =
      ask<std::vector<Json>>(servers.server(1), [](adapter::Adapter& adapter, auto answer) {
        adapter.server_side_emit(Json::array({"ping"}),
                                 [answer](std::vector<Json> replies, std::string error) {
                                   EXPECT_EQ(error, "");
                                   answer->set_value(std::move(replies));
                                 });
      });
  ASSERT_EQ(replies.size(), 2u);
  std::set<std::string> answered = {replies[0].value("server", ""), replies[1].value("server", "")};
  EXPECT_EQ(answered, (std::set<std::string>{"s1", "s3"}));
}

TEST(ShardedAdapterOnOneRedis, BehavesLikePlainPubSubOnASingleRedis7) {
  sim::RedisProcess redis({.password = "pw"});
  redis.start();
  broadcasts_cross_servers(
      adapter::RedisDeployment::standalone(loopback_endpoint(redis.port(), "pw")),
      AdapterKind::kSharded);
}

}  // namespace scaleout::test
