// The class's question on a real world (docs/class-questions.md): `question open` reaches every
// server's sockets, a vote is kept by the voter's server and passed on through the Redis adapter
// so that every server counts it, a later vote replaces the voter's first, votes are refused once
// the question is closed, the answer shows once revealed, and a server that restarts while the
// question is on shows it again. Without the adapter each server counts only its own votes.
#include <gtest/gtest.h>

#include <algorithm>

#include "scaleout/world/world.hpp"
#include "support/client_pool.hpp"
#include "support/world_commands.hpp"

namespace scaleout::test {
namespace {

using sim::World;
using sim::WorldOptions;

constexpr const char* kOpen =
    R"(question open {"id":"q1","text":{"en":"Who hears it?","ko":"누가 들을까요?"},)"
    R"("choices":["s1","s2","both"],"answer":2,"explain":"Every server subscribes."})";

WorldOptions two_servers(sim::AdapterKind adapter) {
  WorldOptions options;
  options.cluster.servers = 2;
  options.cluster.adapter = adapter;
  options.cluster.want_redis = adapter == sim::AdapterKind::kRedis;
  options.status_period = std::chrono::milliseconds(50);
  return options;
}

uint16_t port_of(World& world, const std::string& server) {
  return world.cluster().server(server)->port();
}

// The votes `server` holds for q1, as "voter:choice" in the order it heard them.
std::vector<std::string> votes_on(World& world, const std::string& server) {
  std::vector<std::string> out;
  for (const auto& snapshot : world.status()->world.servers) {
    if (snapshot.name != server || !snapshot.question) continue;
    for (const auto& vote : snapshot.question->votes)
      out.push_back(vote.voter + ":" + std::to_string(vote.choice));
  }
  return out;
}

// The last class_question a client received (null when none).
Json last_question(ClientPool& clients, int client) {
  auto seen = clients.received(client, "class_question");
  return seen.empty() || seen.back().empty() ? Json() : seen.back()[0];
}

Json student(const std::string& name, const std::string& voter) {
  return Json{{"name", name}, {"voter", voter}};
}

TEST(ClassQuestion, EveryServerShowsItAndCountsEveryVoteThroughRedis) {
  World world(two_servers(sim::AdapterKind::kRedis));
  world.start();
  ClientPool clients;
  const int ada = clients.connect(port_of(world, "s1"), "/", student("Ada", "voter-ada"));
  const int bora = clients.connect(port_of(world, "s2"), "/", student("Bora", "voter-bora"));
  ASSERT_GE(ada, 0);
  ASSERT_GE(bora, 0);
  const int teacher = clients.connect(port_of(world, "s2"));
  ASSERT_EQ(clients.call(teacher, "join", Json::array({"teacher"})),
            Json::array({clients.id(teacher), "teacher"}));

  auto asked = outcome_of(world, submit(world, kOpen));
  ASSERT_TRUE(asked.ok) << asked.message;
  EXPECT_EQ(asked.message, "question q1 asked on s1, s2");
  ASSERT_TRUE(wait_until([&] { return last_question(clients, ada).is_object(); }));
  ASSERT_TRUE(wait_until([&] { return last_question(clients, bora).is_object(); }));
  const Json shown = last_question(clients, bora);
  EXPECT_EQ(shown["state"], "open");
  EXPECT_EQ(shown["text"]["ko"], "누가 들을까요?");
  EXPECT_TRUE(shown["answer"].is_null()) << "the answer is kept until it is revealed";
  EXPECT_FALSE(shown.contains("explain"));

  EXPECT_EQ(clients.call(ada, "answer", Json::array({Json{{"question", "q1"}, {"choice", 0}}})),
            (Json{{"question", "q1"}, {"choice", 0}}));
  EXPECT_EQ(clients.call(bora, "answer", Json::array({Json{{"question", "q1"}, {"choice", 2}}})),
            (Json{{"question", "q1"}, {"choice", 2}}));
  // Each server holds both votes: its own, and the other's passed on through Redis.
  for (const char* server : {"s1", "s2"}) {
    EXPECT_TRUE(wait_until([&] { return votes_on(world, server).size() == 2; }, 10s)) << server;
  }
  // Ada changes her mind: her vote is replaced, on both servers.
  clients.call(ada, "answer", Json::array({Json{{"question", "q1"}, {"choice", 2}}}));
  for (const char* server : {"s1", "s2"}) {
    EXPECT_TRUE(wait_until(
        [&] {
          auto votes = votes_on(world, server);
          return std::find(votes.begin(), votes.end(), "voter-ada:2") != votes.end() &&
                 votes.size() == 2;
        },
        10s))
        << server;
  }
  // The teacher's room heard every vote as a room broadcast, with the voter's name and server.
  ASSERT_TRUE(wait_until([&] { return clients.count(teacher, "voted") == 3; }, 10s));
  // (Bora's vote, cast on the teacher's own server, may arrive before Ada's, which crossed Redis.)
  Json adas;
  for (const Json& voted : clients.received(teacher, "voted")) {
    if (voted[0]["name"] == "Ada") adas = voted[0];
  }
  EXPECT_EQ(adas["server"], "s1");
  EXPECT_EQ(adas["voter"], "voter-ada");

  // Bad votes are refused, in words a student can act on.
  EXPECT_EQ(clients.call(ada, "answer", Json::array({Json{{"question", "q1"}, {"choice", 3}}})),
            (Json{{"error", "choice: one of the 3 choices (0 to 2)"}}));
  EXPECT_EQ(clients.call(ada, "answer", Json::array({Json{{"question", "q0"}, {"choice", 1}}})),
            (Json{{"error", "that question is over"}}));

  // Closed: no more votes, the tally stays.
  EXPECT_TRUE(outcome_of(world, submit(world, "question close")).ok);
  ASSERT_TRUE(wait_until([&] { return last_question(clients, ada)["state"] == "closed"; }));
  EXPECT_EQ(clients.call(bora, "answer", Json::array({Json{{"question", "q1"}, {"choice", 0}}})),
            (Json{{"error", "voting is closed"}}));
  EXPECT_EQ(votes_on(world, "s2").size(), 2u);

  // Revealed: the answer and the explanation, and each page's own vote.
  EXPECT_TRUE(outcome_of(world, submit(world, "question reveal")).ok);
  ASSERT_TRUE(wait_until([&] { return last_question(clients, bora)["state"] == "revealed"; }));
  EXPECT_EQ(last_question(clients, bora)["answer"], 2);
  EXPECT_EQ(last_question(clients, bora)["explain"]["en"], "Every server subscribes.");
  EXPECT_EQ(last_question(clients, bora)["yours"], 2);

  // A server restarted while the question is on shows it to the sockets that come back.
  EXPECT_TRUE(outcome_of(world, submit(world, "restart s1")).ok);
  const int later = clients.connect(port_of(world, "s1"), "/", student("Chidi", "voter-chidi"));
  ASSERT_GE(later, 0);
  ASSERT_TRUE(wait_until([&] { return last_question(clients, later)["state"] == "revealed"; }));

  // Cleared: gone from every page.
  EXPECT_TRUE(outcome_of(world, submit(world, "question clear")).ok);
  ASSERT_TRUE(wait_until([&] {
    return !clients.received(bora, "class_question").empty() &&
           last_question(clients, bora).is_null();
  }));
  world.stop();
}

TEST(ClassQuestion, WithoutTheAdapterEachServerCountsOnlyTheVotesCastOnIt) {
  World world(two_servers(sim::AdapterKind::kMemory));
  world.start();
  ClientPool clients;
  const int ada = clients.connect(port_of(world, "s1"), "/", student("Ada", "voter-ada"));
  const int bora = clients.connect(port_of(world, "s2"), "/", student("Bora", "voter-bora"));
  ASSERT_TRUE(outcome_of(world, submit(world, kOpen)).ok);
  ASSERT_TRUE(wait_until([&] { return last_question(clients, bora).is_object(); }));
  clients.call(ada, "answer", Json::array({Json{{"question", "q1"}, {"choice", 0}}}));
  clients.call(bora, "answer", Json::array({Json{{"question", "q1"}, {"choice", 1}}}));
  ASSERT_TRUE(wait_until([&] { return votes_on(world, "s2").size() == 1; }, 10s));
  ASSERT_TRUE(wait_until([&] { return votes_on(world, "s1").size() == 1; }, 10s));
  // The memory adapter passes nothing on: each server holds its own student's vote alone.
  EXPECT_EQ(votes_on(world, "s1"), std::vector<std::string>{"voter-ada:0"});
  EXPECT_EQ(votes_on(world, "s2"), std::vector<std::string>{"voter-bora:1"});
  world.stop();
}

}  // namespace
}  // namespace scaleout::test
