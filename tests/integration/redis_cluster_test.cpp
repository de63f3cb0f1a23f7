// Scale-out through a real Redis: three in-process servers, clients spread over them, the Redis
// adapter delivering room broadcasts to every member exactly once, and what happens without it,
// when Redis dies, and when someone publishes garbage.
#include <future>

#include "scaleout/adapter/redis_adapter.hpp"
#include "scaleout/server/sio_server.hpp"
#include "support/cluster_fixture.hpp"
#include "support/redis_publisher.hpp"

namespace scaleout::test {
namespace {

using sim::AdapterKind;

// Two members of room "r" and one outsider on each of s1, s2, s3.
struct Population {
  std::vector<int> members;
  std::vector<int> outsiders;
  std::map<int, std::string> server_of;
};

Population populate(ClientPool& pool, sim::Cluster& cluster) {
  Population population;
  for (const auto& name : cluster.server_names()) {
    const uint16_t port = cluster.server(name)->port();
    for (int i = 0; i < 3; ++i) {
      int client = pool.connect(port);
      EXPECT_GE(client, 0) << pool.last_error();
      const bool member = i < 2;
      Json rooms = pool.call(client, "join", Json::array({member ? "r" : "elsewhere"}));
      EXPECT_TRUE(rooms.is_array());
      (member ? population.members : population.outsiders).push_back(client);
      population.server_of[client] = name;
    }
  }
  return population;
}

// Waits a moment in which nothing more should arrive, to be sure nothing does.
void quiet_period() {
  std::this_thread::sleep_for(300ms);
}

class RedisClusterTest : public ClusterFixture {};

TEST_F(RedisClusterTest, RoomBroadcastReachesEveryMemberOnEveryServerExactlyOnce) {
  auto cluster = start_cluster(AdapterKind::kRedis);
  ClientPool pool;
  Population population = populate(pool, *cluster);
  const int sender = population.members.front();

  Json ack = pool.call(sender, "say", Json::array({Json{{"room", "r"}, {"text", "hello"}}}));
  ASSERT_TRUE(ack.is_object());
  const std::string mid = ack["mid"];
  ASSERT_TRUE(wait_until([&] {
    for (int member : population.members) {
      if (pool.count(member, "said") < 1) return false;
    }
    return true;
  })) << "not every member got the message";
  quiet_period();
  for (int member : population.members) {
    auto said = pool.received(member, "said");
    ASSERT_EQ(said.size(), 1u) << "member on " << population.server_of[member];
    EXPECT_EQ(said[0][0]["mid"], mid);
    EXPECT_EQ(said[0][0]["from"], pool.id(sender));
    EXPECT_EQ(said[0][0]["server"], "s1");
    EXPECT_EQ(said[0][0]["text"], "hello");
  }
  for (int outsider : population.outsiders)
    EXPECT_EQ(pool.count(outsider, "said"), 0u);
}

TEST_F(RedisClusterTest, MemoryAdaptersKeepABroadcastOnTheSendersServer) {
  auto cluster = start_cluster(AdapterKind::kMemory);
  ClientPool pool;
  Population population = populate(pool, *cluster);
  const int sender = population.members.front();

  ASSERT_TRUE(
      pool.call(sender, "say", Json::array({Json{{"room", "r"}, {"text", "lost?"}}})).is_object());
  ASSERT_TRUE(wait_until([&] {
    for (int member : population.members) {
      if (population.server_of[member] == "s1" && pool.count(member, "said") < 1) return false;
    }
    return true;
  }));
  quiet_period();
  size_t lost = 0;
  for (int member : population.members) {
    const size_t got = pool.count(member, "said");
    if (population.server_of[member] == "s1") {
      EXPECT_EQ(got, 1u);
    } else {
      EXPECT_EQ(got, 0u) << "a memory adapter must not reach " << population.server_of[member];
      lost += got == 0;
    }
  }
  EXPECT_EQ(lost, 4u) << "the members on s2 and s3 should have missed it";
}

TEST_F(RedisClusterTest, ServersSurviveARedisRestartAndBroadcastsFlowWithinTwoSeconds) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2);
  ClientPool pool;
  const int sender = pool.connect(port_of(*cluster, "s1"));
  const int receiver = pool.connect(port_of(*cluster, "s2"));
  ASSERT_GE(sender, 0);
  ASSERT_GE(receiver, 0);
  pool.call(sender, "join", Json::array({"r"}));
  pool.call(receiver, "join", Json::array({"r"}));

  redis_->kill();
  ASSERT_TRUE(wait_until([&] { return notices_with("redis down") >= 2; }))
      << "both servers must report the outage";
  EXPECT_FALSE(cluster->server("s1")->redis_up());
  // The servers keep serving their own clients meanwhile.
  EXPECT_TRUE(pool.call(receiver, "whoami", Json::array()).is_object());
  pool.call(sender, "say", Json::array({Json{{"room", "r"}, {"text", "during"}}}));

  redis_->restart();
  const auto back = std::chrono::steady_clock::now();
  bool crossed = false;
  while (!crossed && std::chrono::steady_clock::now() - back < 5s) {
    pool.emit(sender, "say", Json::array({Json{{"room", "r"}, {"text", "after"}}}));
    crossed = wait_until([&] { return pool.count(receiver, "said") > 0; }, 50ms);
  }
  const auto took = std::chrono::steady_clock::now() - back;
  ASSERT_TRUE(crossed) << "broadcasts never crossed servers again";
  EXPECT_LT(took, 2s) << "took "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                      << " ms after Redis was back";
  EXPECT_EQ(pool.received(receiver, "said").front()[0]["text"], "after")
      << "what was said while Redis was down is lost, as with Node";
  EXPECT_GE(notices_with("redis up"), 4u) << "each server reports being back";
  EXPECT_EQ(redis_numsub(endpoint_, "socket.io-request#/#"), 2) << "both re-subscribed";
}

TEST_F(RedisClusterTest, UndecodablePublishesAreReportedAndHarmless) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2);
  ClientPool pool;
  const int sender = pool.connect(port_of(*cluster, "s1"));
  const int receiver = pool.connect(port_of(*cluster, "s2"));
  pool.call(sender, "join", Json::array({"r"}));
  pool.call(receiver, "join", Json::array({"r"}));

  const std::vector<std::pair<std::string, std::string>> garbage = {
      {"socket.io#/#", "not msgpack at all"},
      {"socket.io#/#", R"({"json":"instead of msgpack"})"},
      {"socket.io#/#r#", std::string("\x92\xa6"
                                     "abcdef\x80",
                                     9)},                        // [uid, {}]: no opts
      {"socket.io#/#r#", std::string("\x93\xa1x\xc0\xc0", 5)},   // null packet
      {"socket.io#/#", std::string("\xdd\xff\xff\xff\xff", 5)},  // huge array, no elements
      {"socket.io-request#/#", "{broken json"},
      {"socket.io-request#/#", R"({"type":5,"opts":"not a map","requestId":"x"})"},
      {"socket.io-response#/#", std::string("\xc1", 1)},
  };
  for (const auto& [channel, payload] : garbage) {
    EXPECT_GT(redis_publish(endpoint_, channel, payload), 0) << channel;
  }
  ASSERT_TRUE(wait_until([&] { return notices_with("adapter error") >= 2 * garbage.size(); }))
      << "every bad message is reported by both servers; got " << notices_with("adapter error");

  pool.call(sender, "say", Json::array({Json{{"room", "r"}, {"text", "still fine"}}}));
  ASSERT_TRUE(wait_until([&] { return pool.count(receiver, "said") == 1; }));
  EXPECT_EQ(pool.received(receiver, "said")[0][0]["text"], "still fine");
}

// Runs an adapter request on s1's thread and waits for its answer.
template <class Result, class Request>
Result ask_s1(sim::Cluster& cluster, Request request) {
  auto answer = std::make_shared<std::promise<Result>>();
  auto future = answer->get_future();
  cluster.server("s1")->call(
      [&](sim::SioServer& sio) { request(sio.find_namespace("/")->adapter(), answer); });
  EXPECT_EQ(future.wait_for(3s), std::future_status::ready) << "no answer";
  return future.get();
}

TEST_F(RedisClusterTest, FetchSocketsAllRoomsAndServerSideEmitSpanEveryServer) {
  auto cluster = start_cluster(AdapterKind::kRedis);
  ClientPool pool;
  Population population = populate(pool, *cluster);

  using Sockets = std::vector<adapter::SocketDescription>;
  adapter::BroadcastOptions in_r;
  in_r.rooms = {"r"};
  Sockets sockets = ask_s1<Sockets>(*cluster, [&](adapter::Adapter& adapter, auto answer) {
    adapter.fetch_sockets(in_r, [answer](Sockets found, std::string error) {
      EXPECT_EQ(error, "");
      answer->set_value(std::move(found));
    });
  });
  std::set<std::string> found_ids;
  for (const auto& socket : sockets)
    found_ids.insert(socket.id);
  std::set<std::string> member_ids;
  for (int member : population.members)
    member_ids.insert(pool.id(member));
  EXPECT_EQ(found_ids, member_ids);

  auto rooms =
      ask_s1<std::vector<std::string>>(*cluster, [](adapter::Adapter& adapter, auto answer) {
        adapter.all_rooms([answer](std::vector<std::string> rooms, std::string error) {
          EXPECT_EQ(error, "");
          answer->set_value(std::move(rooms));
        });
      });
  std::set<std::string> room_set(rooms.begin(), rooms.end());
  EXPECT_TRUE(room_set.contains("r"));
  EXPECT_TRUE(room_set.contains("elsewhere"));
  for (int client : population.outsiders)
    EXPECT_TRUE(room_set.contains(pool.id(client)));

  auto replies = ask_s1<std::vector<Json>>(*cluster, [](adapter::Adapter& adapter, auto answer) {
    adapter.server_side_emit(Json::array({"ping"}),
                             [answer](std::vector<Json> replies, std::string error) {
                               EXPECT_EQ(error, "");
                               answer->set_value(std::move(replies));
                             });
  });
  std::set<std::string> answered;
  for (const auto& reply : replies)
    answered.insert(reply.value("server", ""));
  EXPECT_EQ(answered, (std::set<std::string>{"s2", "s3"}));

  auto count = ask_s1<size_t>(*cluster, [](adapter::Adapter& adapter, auto answer) {
    adapter.server_count([answer](size_t servers) { answer->set_value(servers); });
  });
  EXPECT_EQ(count, 3u);
}

TEST_F(RedisClusterTest, SocketsJoinFromOneServerMovesSocketsOnEveryServer) {
  auto cluster = start_cluster(AdapterKind::kRedis);
  ClientPool pool;
  Population population = populate(pool, *cluster);
  cluster->server("s1")->call([](sim::SioServer& sio) {
    adapter::BroadcastOptions in_r;
    in_r.rooms = {"r"};
    sio.find_namespace("/")->adapter().add_sockets(in_r, {"joined-by-s1"});
  });
  const int far_member = population.members.back();
  ASSERT_TRUE(wait_until([&] {
    Json me = pool.call(far_member, "whoami", Json::array());
    return me.is_object() && me["rooms"].dump().find("joined-by-s1") != std::string::npos;
  })) << "a member on s3 must have joined through the request channel";
  Json outsider = pool.call(population.outsiders.back(), "whoami", Json::array());
  EXPECT_EQ(outsider["rooms"].dump().find("joined-by-s1"), std::string::npos);
}

}  // namespace
}  // namespace scaleout::test
