// Links (docs/network-links.md) on a real Redis and real sockets: a latency on a server's Redis
// link delays exactly its cross-server deliveries, a partition loses them and the trace says so,
// down makes the adapter see Redis go and come back, and every fault reaches connections that
// were open before it was set (Toxiproxy #148), through the relays and through the balancer.
// Tolerances are one-sided where the physics allows (a delay is never shorter than the link's)
// and generous upward, for a loaded 2-core machine under ASan.
#include <algorithm>

#include "scaleout/base/link_faults.hpp"
#include "support/cluster_fixture.hpp"
#include "support/trace_capture.hpp"

namespace scaleout::test {
namespace {

using sim::AdapterKind;
using sim::TraceKind;

sim::LinkSetting setting(const std::string& text) {
  std::string error;
  auto parsed = sim::parse_link_setting(text, &error);
  EXPECT_TRUE(parsed) << error;
  return parsed.value_or(sim::LinkSetting{});
}

int64_t median(std::vector<int64_t> values) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

class LinkTest : public TracedClusterFixture {
 protected:
  LinkTest() : TracedClusterFixture(std::chrono::milliseconds(500)) {}

  // Two servers on the fixture's Redis behind a balancer, every hop through links.
  std::unique_ptr<sim::Cluster> start_balanced_cluster() {
    sim::ClusterOptions options;
    options.servers = 2;
    options.adapter = AdapterKind::kRedis;
    options.embedded_redis = false;
    options.redis = endpoint_;
    options.policy = sim::BalancePolicy::kRoundRobin;
    options.trace = collector_.get();
    auto cluster = std::make_unique<sim::Cluster>(options);
    cluster->start();
    EXPECT_TRUE(wait_until(
        [&] { return cluster->server("s1")->redis_up() && cluster->server("s2")->redis_up(); }));
    return cluster;
  }

  void apply(sim::Cluster& cluster, const std::string& text) {
    std::string error;
    ASSERT_TRUE(cluster.apply_link_setting(setting(text), &error)) << text << ": " << error;
  }

  struct SenderAndReceiver {
    int sender;
    int receiver;
  };
  // A sender on s1 and a receiver on s2, both in room "r", connected to the servers directly.
  SenderAndReceiver join_across(ClientPool& pool, sim::Cluster& cluster) {
    const int sender = pool.connect(port_of(cluster, "s1"));
    const int receiver = pool.connect(port_of(cluster, "s2"));
    pool.call(sender, "join", Json::array({"r"}));
    pool.call(receiver, "join", Json::array({"r"}));
    return {sender, receiver};
  }
  std::string say(ClientPool& pool, int sender) {
    Json ack = pool.call(sender, "say", Json::array({Json{{"room", "r"}}}));
    return ack.is_object() ? ack.value("mid", "") : "";
  }
  // recv on `from` to deliver on `to` for `mid`, from the trace; -1 until both are there.
  int64_t trace_latency_ns(const std::string& mid, const std::string& from, const std::string& to) {
    int64_t recv = -1;
    int64_t deliver = -1;
    for (const auto& seen : trace_.about(mid)) {
      if (seen.kind == TraceKind::kRecv && seen.server == from) recv = seen.t_ns;
      if (seen.kind == TraceKind::kDeliver && seen.server == to) deliver = seen.t_ns;
    }
    return recv < 0 || deliver < 0 ? -1 : deliver - recv;
  }
  // Says `count` messages one after the other, each once the previous reached s2; returns the
  // recv -> deliver times on the way to `to`.
  std::vector<int64_t> measure(ClientPool& pool, int sender, const std::string& to, int count) {
    std::vector<int64_t> latencies;
    for (int i = 0; i < count; ++i) {
      const std::string mid = say(pool, sender);
      int64_t latency = -1;
      EXPECT_TRUE(wait_until([&] { return (latency = trace_latency_ns(mid, "s1", to)) >= 0; }));
      latencies.push_back(latency);
    }
    return latencies;
  }
  size_t drops_with(const std::vector<std::string>& mids, const std::string& reason) {
    size_t n = 0;
    for (const auto& mid : mids) {
      for (const auto& seen : trace_.about(mid))
        n += seen.kind == TraceKind::kDrop && seen.detail == reason;
    }
    return n;
  }
  size_t kind_on(TraceKind kind, const std::string& server) {
    size_t n = 0;
    for (const auto& seen : trace_.of_kind(kind))
      n += seen.server == server;
    return n;
  }
  // Says until one message reaches s2 again (a reconnect resubscribes a moment after redis_up).
  bool delivers_again(ClientPool& pool, int sender, int receiver) {
    return wait_until(
        [&] {
          const size_t before = pool.count(receiver, "said");
          say(pool, sender);
          return wait_until([&] { return pool.count(receiver, "said") > before; }, 300ms);
        },
        15s);
  }
};

TEST_F(LinkTest, LatencyOnAServersRedisLinkDelaysItsCrossServerDeliveriesByAboutThat) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2, collector_.get());
  ClientPool pool;
  const auto [sender, receiver] = join_across(pool, *cluster);
  const int64_t before = median(measure(pool, sender, "s2", 5));

  // Longer than the loss detector's settle time (500 ms): these deliveries are late, not lost.
  constexpr auto kLatency = std::chrono::milliseconds(600);
  apply(*cluster, "s2-redis=latency:600ms");
  const std::vector<int64_t> delayed = measure(pool, sender, "s2", 5);
  const std::vector<int64_t> local = measure(pool, sender, "s1", 3);

  const int64_t latency_ns = std::chrono::nanoseconds(kLatency).count();
  for (int64_t each : delayed)
    EXPECT_GE(each, latency_ns) << "no byte crosses the link faster than its latency";
  EXPECT_LT(median(delayed) - before, latency_ns + 300'000'000) << "about the latency, not more";
  EXPECT_LT(median(local), latency_ns / 2) << "s1's own members are not behind s2's link";
  EXPECT_EQ(trace_.count_kind(TraceKind::kDrop), 0u);
  const auto links = trace_.of_kind(TraceKind::kLink);
  ASSERT_EQ(links.size(), 2u) << "one link event per direction";
  EXPECT_EQ(links[0].socket, "s2-redis");
  EXPECT_EQ(links[0].detail, "latency:600ms");
}

TEST_F(LinkTest, PartitionFromRedisLosesCrossServerMessagesNamesTheReasonAndHeals) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2, collector_.get());
  ClientPool pool;
  const auto [sender, receiver] = join_across(pool, *cluster);
  ASSERT_TRUE(delivers_again(pool, sender, receiver));
  const size_t received_before = pool.count(receiver, "said");
  const size_t echoed_before = pool.count(sender, "said");

  apply(*cluster, "s2-redis=partition");
  std::vector<std::string> lost;
  for (int i = 0; i < 3; ++i)
    lost.push_back(say(pool, sender));
  ASSERT_TRUE(wait_until([&] { return drops_with(lost, "partition") == lost.size(); }))
      << "each message s2's member missed is a drop named after the partition";
  EXPECT_EQ(pool.count(receiver, "said"), received_before);
  EXPECT_TRUE(wait_until([&] { return pool.count(sender, "said") == echoed_before + 3; }))
      << "s1's own member got everything";
  // Nobody notices at once: s2 finds out from its health check, not from a closed socket.
  ASSERT_TRUE(wait_until([&] { return kind_on(TraceKind::kRedisDown, "s2") >= 1; }, 10s));
  EXPECT_EQ(kind_on(TraceKind::kRedisDown, "s1"), 0u);

  apply(*cluster, "s2-redis=clear:partition");
  ASSERT_TRUE(wait_until([&] { return kind_on(TraceKind::kRedisUp, "s2") >= 2; }, 10s));
  EXPECT_TRUE(delivers_again(pool, sender, receiver)) << "s2 resubscribed";
}

TEST_F(LinkTest, DownMakesTheAdapterReportRedisDownAndRecoverWhenCleared) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2, collector_.get());
  ClientPool pool;
  const auto [sender, receiver] = join_across(pool, *cluster);

  apply(*cluster, "s2-redis=down");
  ASSERT_TRUE(wait_until([&] { return !cluster->server("s2")->redis_up(); }))
      << "its open connections are reset at once";
  EXPECT_TRUE(cluster->server("s1")->redis_up());
  EXPECT_GE(notices_with("s2: redis down"), 1u);
  const std::vector<std::string> lost = {say(pool, sender), say(pool, sender)};
  ASSERT_TRUE(wait_until([&] { return drops_with(lost, "network") == lost.size(); }));
  // While down, each reconnect is refused: s2 stays down.
  std::this_thread::sleep_for(1s);
  EXPECT_FALSE(cluster->server("s2")->redis_up());

  apply(*cluster, "s2-redis=clear");
  ASSERT_TRUE(wait_until([&] { return cluster->server("s2")->redis_up(); }, 10s));
  EXPECT_TRUE(delivers_again(pool, sender, receiver));
}

TEST_F(LinkTest, ClientLinkLatencyReachesWebSocketsOpenedBeforeIt) {
  auto cluster = start_balanced_cluster();
  ClientPool pool;
  const int client = pool.connect(cluster->balancer()->port());
  ASSERT_GE(client, 0) << pool.last_error();
  auto round_trip = [&] {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(pool.call(client, "whoami", Json::array()).is_object());
    return std::chrono::steady_clock::now() - start;
  };
  const auto before = round_trip();

  apply(*cluster, "clients=latency:250ms");
  const auto after = round_trip();
  EXPECT_GE(after, 500ms) << "the tunnel opened before the fault crosses it both ways";
  EXPECT_LT(after - before, 500ms + 400ms);

  apply(*cluster, "clients=clear:latency");
  EXPECT_LT(round_trip(), 250ms) << "cleared, it is fast again";
}

TEST_F(LinkTest, DownOnAHopResetsOpenConnectionsAndRefusesNewOnesUntilCleared) {
  auto cluster = start_balanced_cluster();
  ClientPool pool;
  const int first = pool.connect(cluster->balancer()->port());
  ASSERT_GE(first, 0) << pool.last_error();
  apply(*cluster, "clients=down");
  ASSERT_TRUE(wait_until([&] { return !pool.connected(first); })) << "reset, though open";
  EXPECT_LT(pool.connect(cluster->balancer()->port()), 0) << "a new connection is refused";

  apply(*cluster, "clients=clear:down");
  EXPECT_GE(pool.connect(cluster->balancer()->port()), 0) << pool.last_error();
}

TEST_F(LinkTest, HealingAPartitionReleasesWhatItHeld) {
  auto cluster = start_balanced_cluster();
  ClientPool pool;
  const int client = pool.connect(cluster->balancer()->port());
  ASSERT_GE(client, 0) << pool.last_error();
  const std::string server = pool.call(client, "whoami", Json::array()).value("server", "");
  ASSERT_FALSE(server.empty());

  apply(*cluster, server + ":upstream=partition");
  pool.emit(client, "join", Json::array({"held"}));
  std::this_thread::sleep_for(300ms);
  auto rooms = [&] { return cluster->snapshot().rooms()["/"]["held"][server].size(); };
  EXPECT_EQ(rooms(), 0u) << "the join waits inside the link";
  EXPECT_TRUE(pool.connected(client)) << "nothing is closed by a partition";

  apply(*cluster, server + "=clear:partition");
  EXPECT_TRUE(wait_until([&] { return rooms() == 1u; })) << "released when healed";
}

TEST_F(LinkTest, AProbabilityHitsSomeConnectionsAndSparesOthers) {
  auto cluster = start_balanced_cluster();
  apply(*cluster, "clients=down@50%");
  ClientPool pool;
  int refused = 0;
  int accepted = 0;
  for (int i = 0; i < 24; ++i)
    (pool.connect(cluster->balancer()->port()) < 0 ? refused : accepted)++;
  // All 24 on one side would happen once in 8 million runs.
  EXPECT_GT(refused, 0);
  EXPECT_GT(accepted, 0);
}

TEST_F(LinkTest, SnapshotListsEveryLinkWithItsFaultsAndNewServersFollowTheirGroups) {
  auto cluster = start_balanced_cluster();
  apply(*cluster, "all=latency:10ms");
  apply(*cluster, "s1-redis:upstream=bandwidth:1mb");
  const std::string s3 = cluster->add_server();

  std::map<std::string, sim::LinkSnapshot> links;
  for (auto& link : cluster->snapshot().links)
    links[link.name] = link;
  for (const char* name : {"clients", "s1", "s1-redis", "s2", "s2-redis", "s3", "s3-redis"}) {
    ASSERT_TRUE(links.count(name)) << name;
    EXPECT_EQ(sim::to_string(links[name].downstream), "latency:10ms") << name;
  }
  EXPECT_EQ(sim::to_string(links["s1-redis"].upstream), "latency:10ms,bandwidth:1mb");
  EXPECT_EQ(links["s3"].kind, sim::LinkKind::kServer);
  EXPECT_EQ(links["s3-redis"].server, s3);
  EXPECT_GE(links["s1-redis"].connections, 2u) << "its commands and subscriber connections";
  const auto targets = cluster->network()->targets();
  for (const char* target : {"clients", "s3-redis", "servers", "redis", "all"})
    EXPECT_NE(std::find(targets.begin(), targets.end(), target), targets.end()) << target;

  std::string error;
  EXPECT_FALSE(cluster->apply_link_setting(setting("s9=down"), &error));
  EXPECT_NE(error.find("no link named 's9'"), std::string::npos) << error;
}

}  // namespace
}  // namespace scaleout::test
