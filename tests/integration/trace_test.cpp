// The trace tells the story of every message: one `say` followed by its mid through recv,
// publish, redis_recv and deliver (and drop when it cannot arrive), and a recorded run that
// replays into the world the live snapshot showed.
#include <filesystem>
#include <set>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/process/child_process.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "scaleout/trace/world_model.hpp"
#include "support/cluster_fixture.hpp"
#include "support/trace_capture.hpp"

namespace scaleout::test {
namespace {

using sim::AdapterKind;
using sim::TraceKind;

class TraceTest : public ClusterFixture {
 protected:
  // Two members of "r" and one outsider on each server; returns the members.
  std::vector<int> populate(ClientPool& pool, sim::Cluster& cluster) {
    std::vector<int> members;
    for (const auto& name : cluster.server_names()) {
      for (int i = 0; i < 3; ++i) {
        int client = pool.connect(cluster.server(name)->port());
        EXPECT_GE(client, 0);
        pool.call(client, "join", Json::array({i < 2 ? "r" : "elsewhere"}));
        if (i < 2) {
          members.push_back(client);
          member_server_[pool.id(client)] = name;
        }
      }
    }
    return members;
  }
  std::map<std::string, std::string> member_server_;
};

sim::TraceCollectorOptions quick_settle() {
  sim::TraceCollectorOptions options;
  options.loss_settle = std::chrono::milliseconds(400);
  return options;
}

TEST_F(TraceTest, OneSayIsFollowedByItsMidOnEveryServer) {
  TraceCapture trace;  // declared first: the collector calls it until it stops
  sim::TraceCollector collector(quick_settle());
  collector.add_sink(&trace);
  collector.start();
  auto cluster = start_cluster(AdapterKind::kRedis, 3, &collector);
  ClientPool pool;
  std::vector<int> members = populate(pool, *cluster);

  Json ack = pool.call(members.front(), "say", Json::array({Json{{"room", "r"}, {"text", "t"}}}));
  const std::string mid = ack["mid"];
  ASSERT_TRUE(wait_until([&] { return trace.count(mid, TraceKind::kDeliver) == 6; }))
      << "delivers seen: " << trace.count(mid, TraceKind::kDeliver);
  std::this_thread::sleep_for(700ms);  // past the settle time: no drop may appear

  std::map<TraceKind, std::multiset<std::string>> where;
  std::set<std::string> delivered_to;
  for (const auto& seen : trace.about(mid)) {
    where[seen.kind].insert(seen.server);
    if (seen.kind == TraceKind::kDeliver) {
      delivered_to.insert(seen.socket);
      EXPECT_EQ(member_server_[seen.socket], seen.server) << "delivered on the member's server";
    }
    if (seen.kind == TraceKind::kPublish) {
      EXPECT_EQ(seen.name, "socket.io#/#r#");
    }
    if (seen.kind == TraceKind::kRedisRecv) {
      EXPECT_FALSE(seen.origin.empty());
    }
  }
  EXPECT_EQ(where[TraceKind::kRecv], (std::multiset<std::string>{"s1"}));
  EXPECT_EQ(where[TraceKind::kPublish], (std::multiset<std::string>{"s1"}));
  EXPECT_EQ(where[TraceKind::kRedisRecv], (std::multiset<std::string>{"s2", "s3"}));
  EXPECT_EQ(where[TraceKind::kDeliver].size(), 6u);
  EXPECT_EQ(where[TraceKind::kDrop].size(), 0u);
  std::set<std::string> member_ids;
  for (int member : members)
    member_ids.insert(pool.id(member));
  EXPECT_EQ(delivered_to, member_ids);
  collector.stop();
}

TEST_F(TraceTest, WithoutAnAdapterTheOtherServersMembersGetADropEach) {
  TraceCapture trace;  // declared first: the collector calls it until it stops
  sim::TraceCollector collector(quick_settle());
  collector.add_sink(&trace);
  collector.start();
  auto cluster = start_cluster(AdapterKind::kMemory, 3, &collector);
  ClientPool pool;
  std::vector<int> members = populate(pool, *cluster);

  Json ack = pool.call(members.front(), "say", Json::array({Json{{"room", "r"}, {"text", "t"}}}));
  const std::string mid = ack["mid"];
  ASSERT_TRUE(wait_until([&] { return trace.count(mid, TraceKind::kDrop) == 4; }, 5s))
      << "drops seen: " << trace.count(mid, TraceKind::kDrop);
  std::this_thread::sleep_for(200ms);

  std::set<std::string> dropped, delivered;
  for (const auto& seen : trace.about(mid)) {
    if (seen.kind == TraceKind::kDrop) {
      dropped.insert(seen.socket);
      EXPECT_EQ(seen.detail, "no adapter");
      EXPECT_EQ(seen.name, "r");
      EXPECT_EQ(member_server_[seen.socket], seen.server);
    }
    if (seen.kind == TraceKind::kDeliver) delivered.insert(seen.socket);
  }
  std::set<std::string> elsewhere, at_home;
  for (int member : members) {
    (member_server_[pool.id(member)] == "s1" ? at_home : elsewhere).insert(pool.id(member));
  }
  EXPECT_EQ(dropped, elsewhere) << "a drop for exactly the members on the other servers";
  EXPECT_EQ(delivered, at_home);
  EXPECT_EQ(trace.count(mid, TraceKind::kPublish), 0u);
  EXPECT_EQ(trace.count(mid, TraceKind::kRedisRecv), 0u);
  collector.stop();
}

// The world a snapshot shows, in a form that a replayed WorldModel can be compared with.
struct WorldView {
  std::map<std::string, std::tuple<uint16_t, std::string, bool>> servers;
  std::set<std::tuple<std::string, std::string, std::string, std::string, std::set<std::string>>>
      clients;  // socket, server, nsp, transport, rooms
  bool operator==(const WorldView&) const = default;
};

WorldView view_of(const sim::WorldSnapshot& snapshot) {
  WorldView view;
  for (const auto& server : snapshot.servers) {
    view.servers[server.name] = {server.port, server.adapter, server.running};
    for (const auto& client : server.clients) {
      view.clients.insert({client.socket, server.name, client.nsp, client.transport,
                           std::set<std::string>(client.rooms.begin(), client.rooms.end())});
    }
  }
  return view;
}

WorldView view_of(const sim::WorldModel& world) {
  WorldView view;
  for (const auto& [name, server] : world.servers()) {
    view.servers[name] = {server.port, server.adapter, server.up};
  }
  for (const auto* client : world.clients()) {
    view.clients.insert({client->socket, client->server, client->nsp, client->transport,
                         std::set<std::string>(client->rooms.begin(), client->rooms.end())});
  }
  return view;
}

TEST_F(TraceTest, ReplayAtAMomentShowsWhatTheLiveSnapshotShowedThen) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("replay-" + std::to_string(getpid()) + ".jsonl"))
          .string();
  sim::JsonlTraceWriter writer(path);
  sim::TraceCollector collector;
  collector.add_sink(&writer);
  collector.start();
  auto cluster = start_cluster(AdapterKind::kRedis, 3, &collector);
  ClientPool pool;
  std::vector<int> clients;
  for (int i = 0; i < 9; ++i) {
    const std::string server = "s" + std::to_string(1 + i % 3);
    int client = pool.connect(cluster->server(server)->port(), i % 4 == 0 ? "/chat" : "/");
    ASSERT_GE(client, 0);
    pool.call(client, "join", Json::array({"room-" + std::to_string(i % 2)}));
    if (i % 3 == 0) pool.call(client, "join", Json::array({"extra"}));
    clients.push_back(client);
  }
  pool.call(clients[4], "leave", Json::array({"room-0"}));
  pool.close(clients[5]);
  ASSERT_TRUE(wait_until([&] { return cluster->snapshot().servers[2].clients.size() == 2; }));

  const sim::WorldSnapshot live = cluster->snapshot();
  const int64_t moment = adapter::monotonic_ns();

  // The world moves on after the moment: none of this may show in the replay.
  pool.call(clients[0], "leave", Json::array({"extra"}));
  pool.close(clients[1]);
  pool.connect(cluster->server("s1")->port());
  cluster->kill_server("s3");
  cluster.reset();
  collector.stop();
  writer.flush();

  sim::TraceFileContents recorded = sim::read_trace_files({path});
  sim::WorldModel replayed;
  for (const auto& event : recorded.events) {
    if (event.t_ns > moment) break;
    replayed.apply(event, recorded.names);
  }
  WorldView expected = view_of(live);
  WorldView got = view_of(replayed);
  EXPECT_EQ(got.servers, expected.servers);
  EXPECT_EQ(got.clients, expected.clients);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(replayed.rooms(), live.rooms());
  EXPECT_EQ(expected.clients.size(), 8u);

  // The command prints the same world.
  const std::string log = path + ".out";
  const double seconds = (moment - recorded.events.front().t_ns) / 1e9;
  sim::ChildProcessOptions options;
  options.argv = {SCALEOUT_BIN, "replay", path, "--at", std::to_string(seconds)};
  options.log_path = log;
  sim::ChildProcess replay(options);
  ASSERT_TRUE(replay.wait_exit(10s));
  EXPECT_EQ(replay.exit_status(), 0);
  std::string printed = replay.log_tail(1000);
  for (const auto& client : expected.clients) {
    EXPECT_NE(printed.find(std::get<0>(client)), std::string::npos) << std::get<0>(client);
  }
  EXPECT_NE(printed.find("clients (8)"), std::string::npos) << printed;
  std::filesystem::remove(path);
  std::filesystem::remove(log);
}

}  // namespace
}  // namespace scaleout::test
