// Faults on real processes and real sockets. Each case checks three things: the process survives
// (the other servers and clients keep working), the trace reports what happened, and once the
// fault is over nothing more is lost.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <fstream>

#include "scaleout/server/server_instance.hpp"
#include "scaleout/server/sio_server.hpp"
#include "support/cluster_fixture.hpp"
#include "support/trace_capture.hpp"

namespace scaleout::test {
namespace {

using sim::AdapterKind;
using sim::TraceKind;
namespace asio = boost::asio;

// Sanitizers keep freed memory (quarantine, shadow): resident size says nothing under them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

size_t resident_kilobytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6));
  }
  return 0;
}

class FaultTest : public TracedClusterFixture {
 protected:
  FaultTest() : TracedClusterFixture(std::chrono::milliseconds(500)) {}

  struct SenderAndReceiver {
    int sender;
    int receiver;
  };
  // A sender on s1 and a receiver on s2, both in room "r".
  SenderAndReceiver join_across(ClientPool& pool, sim::Cluster& cluster) {
    const int sender = pool.connect(port_of(cluster, "s1"));
    const int receiver = pool.connect(port_of(cluster, "s2"));
    pool.call(sender, "join", Json::array({"r"}));
    pool.call(receiver, "join", Json::array({"r"}));
    return {sender, receiver};
  }
  // Says `count` messages to room "r" from `sender`; returns their mids.
  std::vector<std::string> say_many(ClientPool& pool, int sender, int count) {
    std::vector<std::string> mids;
    for (int i = 0; i < count; ++i) {
      Json ack = pool.call(sender, "say", Json::array({Json{{"room", "r"}, {"n", i}}}));
      if (ack.is_object()) mids.push_back(ack["mid"]);
    }
    return mids;
  }
  // True once every mid has `deliveries` deliver events and, past the settle time, no drop.
  bool delivered_fully(const std::vector<std::string>& mids, size_t deliveries) {
    bool all = wait_until([&] {
      for (const auto& mid : mids) {
        if (trace_.count(mid, TraceKind::kDeliver) < deliveries) return false;
      }
      return true;
    });
    std::this_thread::sleep_for(700ms);  // past the settle time
    for (const auto& mid : mids) {
      if (trace_.count(mid, TraceKind::kDrop) != 0) return false;
      if (trace_.count(mid, TraceKind::kDeliver) != deliveries) return false;
    }
    return all;
  }
};

TEST_F(FaultTest, RedisKilledAndRestartedIsReportedAndThenNothingMoreIsLost) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2, collector_.get());
  ClientPool pool;
  const auto [sender, receiver] = join_across(pool, *cluster);

  redis_->kill();
  ASSERT_TRUE(wait_until([&] { return trace_.count_kind(TraceKind::kRedisDown) >= 2; }));
  std::vector<std::string> lost = say_many(pool, sender, 3);
  ASSERT_EQ(lost.size(), 3u) << "s1 keeps serving its clients while Redis is down";
  ASSERT_TRUE(wait_until([&] { return trace_.count(lost.back(), TraceKind::kDrop) == 1; }));
  for (const auto& seen : trace_.about(lost.back())) {
    if (seen.kind == TraceKind::kDrop) {
      EXPECT_EQ(seen.detail, "redis down");
    }
  }

  redis_->restart();
  ASSERT_TRUE(wait_until([&] { return trace_.count_kind(TraceKind::kRedisUp) >= 4; }));
  EXPECT_TRUE(delivered_fully(say_many(pool, sender, 20), 2));
}

TEST_F(FaultTest, RedisPausedIsNoticedAndTheLinkComesBackWhenItResumes) {
  auto cluster = start_cluster(AdapterKind::kRedis, 2, collector_.get());
  ClientPool pool;
  const auto [sender, receiver] = join_across(pool, *cluster);

  redis_->pause();
  ASSERT_TRUE(wait_until([&] { return trace_.count_kind(TraceKind::kRedisDown) >= 2; }, 8s))
      << "a Redis that does not answer must be noticed";
  EXPECT_TRUE(pool.call(receiver, "whoami", Json::array()).is_object());
  redis_->resume();
  ASSERT_TRUE(wait_until([&] { return trace_.count_kind(TraceKind::kRedisUp) >= 4; }, 8s));
  EXPECT_TRUE(delivered_fully(say_many(pool, sender, 20), 2));
}

TEST_F(FaultTest, ServerKilledMidBroadcastCostsOnlyItsOwnMembers) {
  auto cluster = start_cluster(AdapterKind::kRedis, 3, collector_.get());
  ClientPool pool;
  std::map<std::string, std::vector<int>> members;
  for (const auto& name : cluster->server_names()) {
    for (int i = 0; i < 2; ++i) {
      int client = pool.connect(port_of(*cluster, name));
      pool.call(client, "join", Json::array({"r"}));
      members[name].push_back(client);
    }
  }
  const int sender = members["s1"][0];
  std::atomic<bool> talking{true};
  std::atomic<int> said{0};
  std::thread talker([&] {
    while (talking) {
      pool.emit(sender, "say", Json::array({Json{{"room", "r"}}}));
      ++said;
      std::this_thread::sleep_for(2ms);
    }
  });
  ASSERT_TRUE(wait_until([&] { return said > 100; }));
  cluster->kill_server("s2");
  ASSERT_TRUE(wait_until([&] { return said > 300; }));
  talking = false;
  talker.join();

  EXPECT_EQ(trace_.count_kind(TraceKind::kServerDown, "killed"), 1u);
  ASSERT_TRUE(wait_until([&] { return !pool.connected(members["s2"][0]); }));
  EXPECT_TRUE(pool.connected(members["s3"][0])) << "s3's clients are not touched";
  // Whatever got lost was lost on s2 only.
  for (const auto& drop : trace_.of_kind(TraceKind::kDrop))
    EXPECT_EQ(drop.server, "s2");

  // Back: s2 restarts, its clients come back; from then on everybody gets everything.
  cluster->start_server("s2");
  for (int i = 0; i < 2; ++i) {
    int client = pool.connect(port_of(*cluster, "s2"));
    ASSERT_GE(client, 0);
    pool.call(client, "join", Json::array({"r"}));
  }
  EXPECT_TRUE(delivered_fully(say_many(pool, sender, 20), 6));
}

TEST_F(FaultTest, ClientThatStopsReadingIsDroppedAndTheOthersGetEverything) {
  sim::ServerOptions options;
  options.max_buffered_bytes = 256 * 1024;
  sim::ServerInstance server(options, collector_->register_server("solo"));
  server.start();
  ClientPool pool;
  const int sleepy = pool.connect(server.port());
  const int awake = pool.connect(server.port());
  const int sender = pool.connect(server.port());
  for (int client : {sleepy, awake, sender})
    pool.call(client, "join", Json::array({"r"}));
  pool.call(sleepy, "join", Json::array({"big"}));  // where the heavy traffic goes
  pool.pause_reading(sleepy, true);

  const size_t before = resident_kilobytes();
  const std::string filler(16 * 1024, 'x');
  // About 19 MB for the sleepy client: far beyond its 256 KB buffer and the kernel's socket
  // buffers, while the others keep talking in "r".
  const int rounds = 1200;
  for (int i = 0; i < rounds; ++i) {
    pool.emit(sender, "say", Json::array({Json{{"room", "big"}, {"filler", filler}}}));
    pool.emit(sender, "say", Json::array({Json{{"room", "r"}, {"n", i}}}));
    if (i % 200 == 0) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(
      wait_until([&] { return pool.count(awake, "said") == static_cast<size_t>(rounds); }, 90s))
      << "the reading client got " << pool.count(awake, "said") << " of " << rounds;
  // What waited for the sleepy client never went past its limit by more than one message...
  EXPECT_LE(server.snapshot().peak_client_buffer, options.max_buffered_bytes + 64 * 1024);
  // ...and the process did not grow with what was sent.
  if (!kSanitized) {
    const size_t after = resident_kilobytes();
    EXPECT_LT((after - std::min(before, after)) / 1024, 32u);
  }
  ASSERT_TRUE(wait_until(
      [&] { return trace_.count_kind(TraceKind::kClientDisconnect, "slow consumer") == 1; }));
  EXPECT_GT(trace_.count_kind(TraceKind::kDrop, "slow consumer"), 0u)
      << "what its buffer held when it was dropped is reported lost";
  for (const auto& drop : trace_.of_kind(TraceKind::kDrop)) {
    EXPECT_EQ(drop.socket, pool.id(sleepy)) << "only the sleepy client lost anything";
  }
  // After it is gone, the others still get everything.
  EXPECT_TRUE(delivered_fully(say_many(pool, sender, 20), 2));
  server.stop();
}

TEST_F(FaultTest, ConnectionFloodIsSurvivedAndRefusedBeyondTheLimit) {
  sim::ServerOptions options;
  options.max_clients = 100;
  options.http_timeout_ms = 500;
  sim::ServerInstance server(options, collector_->register_server("solo"));
  server.start();
  ClientPool pool;
  const int bystander = pool.connect(server.port());
  ASSERT_GE(bystander, 0);

  // Silent TCP connections that never send a request, and more clients than the server takes.
  asio::io_context io;
  std::vector<asio::ip::tcp::socket> silent;
  for (int i = 0; i < 500; ++i) {
    silent.emplace_back(io);
    silent.back().connect({asio::ip::make_address("127.0.0.1"), server.port()});
  }
  int accepted = 0, refused = 0;
  for (int i = 0; i < 150; ++i) {
    (pool.connect(server.port()) >= 0 ? accepted : refused)++;
  }
  EXPECT_EQ(accepted, 99) << "the bystander and 99 more fill the server";
  EXPECT_EQ(refused, 51);
  EXPECT_NE(pool.last_error().find("Server full"), std::string::npos) << pool.last_error();
  EXPECT_GE(server.snapshot().refused_clients, 51u);
  EXPECT_TRUE(pool.call(bystander, "whoami", Json::array()).is_object());

  // The silent connections are closed after the HTTP timeout.
  size_t closed = 0;
  for (auto& socket : silent) {
    char byte;
    boost::system::error_code error;
    socket.read_some(asio::buffer(&byte, 1), error);
    closed += error == asio::error::eof || error == asio::error::connection_reset;
  }
  EXPECT_EQ(closed, silent.size());
  server.stop();
}

TEST_F(FaultTest, FrameOverMaxPayloadIsClosedWith1009AndReported) {
  sim::ServerOptions options;
  options.max_payload = 1000;
  sim::ServerInstance server(options, collector_->register_server("solo"));
  server.start();
  ClientPool pool;
  const int bystander = pool.connect(server.port());

  asio::io_context io;
  boost::beast::websocket::stream<asio::ip::tcp::socket> ws(io);
  ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), server.port()});
  ws.handshake("127.0.0.1", "/socket.io/?EIO=4&transport=websocket");
  boost::beast::flat_buffer buffer;
  ws.read(buffer);  // the open packet
  ws.write(asio::buffer(std::string("40")));
  buffer.clear();
  ws.read(buffer);  // the CONNECT reply
  ws.write(asio::buffer("42[\"say\",{\"text\":\"" + std::string(5000, 'x') + "\"}]"));
  boost::system::error_code error;
  while (!error)
    ws.read(buffer, error);
  EXPECT_EQ(error, boost::beast::websocket::error::closed);
  EXPECT_EQ(ws.reason().code, 1009);

  ASSERT_TRUE(wait_until(
      [&] { return trace_.count_kind(TraceKind::kClientDisconnect, "message too big") == 1; }));
  EXPECT_TRUE(pool.call(bystander, "whoami", Json::array()).is_object());
  server.stop();
}

TEST_F(FaultTest, HalfOpenConnectionsAreFoundByTheHeartbeatAndFreed) {
  sim::ServerOptions options;
  options.ping_interval_ms = 200;
  // Room for the bystander to answer its pings on a loaded machine (it missed one once, with
  // 200 ms, in a -j2 run: two ping timeouts instead of one).
  options.ping_timeout_ms = 600;
  options.http_timeout_ms = 500;
  sim::ServerInstance server(options, collector_->register_server("solo"));
  server.start();
  ClientPool pool;
  const int bystander = pool.connect(server.port());
  // A WebSocket client whose peer went silent: it neither reads nor answers pings.
  const int silent = pool.connect(server.port());
  pool.pause_reading(silent, true);
  // A polling session that is never polled again.
  asio::io_context io;
  asio::ip::tcp::socket polling(io);
  polling.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  asio::write(polling, asio::buffer(std::string(
                           "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n")));
  // A connection that sent half a request.
  asio::ip::tcp::socket half(io);
  half.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  asio::write(half, asio::buffer(std::string("GET /socket.io/?EIO=4&transport=polling HTT")));

  ASSERT_TRUE(wait_until(
      [&] { return trace_.count_kind(TraceKind::kClientDisconnect, "ping timeout") == 1; }));
  ASSERT_TRUE(wait_until([&] { return server.snapshot().engine_sessions == 1; }))
      << "the silent WebSocket and the abandoned polling session are gone";
  char byte;
  boost::system::error_code error;
  half.read_some(asio::buffer(&byte, 1), error);
  EXPECT_TRUE(error == asio::error::eof || error == asio::error::connection_reset);
  // Meanwhile and afterwards, the live client is served.
  EXPECT_TRUE(pool.connected(bystander));
  EXPECT_TRUE(pool.call(bystander, "whoami", Json::array()).is_object());
  server.stop();
}

}  // namespace
}  // namespace scaleout::test
