// Integration tests of sim::Client against a real in-process server (ServerInstance running the
// demo app) over real loopback sockets. The clients run on an io_context thread of the test's
// own; the test thread drives them through post() and waits on what their handlers record.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/detail/hybi13.hpp>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "scaleout/client/client.hpp"
#include "scaleout/protocol/websocket_frame.hpp"
#include "scaleout/server/demo_app.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/server_instance.hpp"
#include "scaleout/server/sio_server.hpp"
#include "scaleout/server/socket.hpp"

namespace {

namespace asio = boost::asio;
namespace sim = scaleout::sim;
using scaleout::protocol::Json;
using namespace std::chrono_literals;

constexpr auto kWait = 5s;

Json bytes(std::initializer_list<uint8_t> values) {
  return Json::binary(Json::binary_t::container_type(values));
}

// A ping every 200 ms, answered within 150 ms.
sim::ServerOptions fast_heartbeat() {
  sim::ServerOptions options;
  options.ping_interval_ms = 200;
  options.ping_timeout_ms = 150;
  return options;
}

// The demo app, noting why each socket left. Touched only on the server's thread.
class LeavingApp : public sim::DemoApp {
 public:
  using DemoApp::DemoApp;
  void on_disconnect(sim::Socket& socket, std::string_view reason) override {
    reasons.emplace_back(reason);
  }
  std::vector<std::string> reasons;
};

// What one client's handlers saw, written on the io thread and read by the test thread.
struct Recorder {
  std::mutex mutex;
  std::condition_variable changed;
  std::optional<std::string> connect_result;
  std::optional<std::string> disconnect_reason;
  std::vector<std::pair<std::string, Json>> events;
  std::vector<bool> events_asked_ack;
  int raw_frames = 0;

  template <class Change>
  void record(Change change) {
    {
      std::lock_guard lock(mutex);
      change();
    }
    changed.notify_all();
  }

  // Waits until `done()` holds (checked under the lock) or `timeout` passes.
  template <class Done>
  bool wait(Done done, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout, done);
  }

  // The arguments of the first `event` received, once it has arrived.
  std::optional<Json> wait_event(const std::string& event, const Json& first_arg_match = Json()) {
    std::optional<Json> found;
    wait([&] {
      for (const auto& [name, args] : events) {
        if (name != event) continue;
        if (!first_arg_match.is_null() && (args.empty() || !matches(args[0], first_arg_match))) {
          continue;
        }
        found = args;
        return true;
      }
      return false;
    });
    return found;
  }

  size_t count(const std::string& event) {
    std::lock_guard lock(mutex);
    size_t n = 0;
    for (const auto& [name, args] : events)
      n += name == event;
    return n;
  }

  // Every key of `pattern` is in `value` with the same value.
  static bool matches(const Json& value, const Json& pattern) {
    if (!value.is_object() || !pattern.is_object()) return value == pattern;
    for (auto it = pattern.begin(); it != pattern.end(); ++it) {
      if (!value.contains(it.key()) || value[it.key()] != it.value()) return false;
    }
    return true;
  }
};

struct Peer {
  std::shared_ptr<sim::Client> client;
  std::shared_ptr<Recorder> seen = std::make_shared<Recorder>();
};

// A one-connection server written by hand, for what ServerInstance never does: it sends its 101
// response and the first frames in a single write. It records every text frame the client sends
// ("frame" events) and stops at the first frame that breaks RFC 6455 for a client, such as an
// unmasked one ("error" event).
class HandMadeServer {
 public:
  explicit HandMadeServer(std::string first_frames)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}),
        port_(acceptor_.local_endpoint().port()),
        thread_([this, frames = std::move(first_frames)] { serve(frames); }) {}

  ~HandMadeServer() {
    // Wakes accept() in case no client ever came; otherwise this connection is never read.
    asio::io_context io;
    asio::ip::tcp::socket poke(io);
    boost::system::error_code ignored;
    poke.connect({asio::ip::make_address("127.0.0.1"), port_}, ignored);
    thread_.join();
  }

  uint16_t port() const { return port_; }
  Recorder& seen() { return seen_; }

 private:
  void serve(const std::string& frames) {
    boost::system::error_code error;
    asio::ip::tcp::socket socket(io_);
    acceptor_.accept(socket, error);
    std::string request;
    if (!error) asio::read_until(socket, asio::dynamic_buffer(request), "\r\n\r\n", error);
    const std::string key_field = "Sec-WebSocket-Key: ";
    const size_t key_at = request.find(key_field);
    if (error || key_at == std::string::npos) return;
    const size_t key_start = key_at + key_field.size();
    const std::string key = request.substr(key_start, request.find("\r\n", key_start) - key_start);
    boost::beast::websocket::detail::sec_ws_accept_type accept;
    boost::beast::websocket::detail::make_sec_ws_accept(accept, key);
    const std::string response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        std::string(accept) + "\r\n\r\n" + frames;
    asio::write(socket, asio::buffer(response), error);

    scaleout::protocol::WsFrameReader reader(/*expect_masked=*/true, 1 << 20);
    std::vector<char> buffer(64 * 1024);
    size_t filled = 0;
    while (!error) {
      filled +=
          socket.read_some(asio::buffer(buffer.data() + filled, buffer.size() - filled), error);
      auto used = reader.consume(
          std::span<char>(buffer.data(), filled), [&](const scaleout::protocol::WsEvent& event) {
            if (event.opcode != scaleout::protocol::WsOpcode::kText) return;
            seen_.record([&] {
              seen_.events.emplace_back("frame", Json::array({std::string(event.payload)}));
            });
          });
      if (!used) {
        seen_.record(
            [&] { seen_.events.emplace_back("error", Json::array({used.error().message})); });
        return;
      }
      std::memmove(buffer.data(), buffer.data() + *used, filled - *used);
      filled -= *used;
    }
  }

  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  uint16_t port_;
  Recorder seen_;
  std::thread thread_;
};

// Named "Client" so that the tests read Client.<Behaviour>; the class under test is sim::Client.
class Client : public ::testing::Test {
 protected:
  Client() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

  ~Client() override {
    on_io([this] {
      for (auto& peer : peers_)
        peer->client->abort();
    });
    work_.reset();
    io_.stop();
    thread_.join();
    peers_.clear();
    hand_made_.reset();
    if (server_) server_->stop();
  }

  void start_server(sim::ServerOptions options = {}) {
    auto app = std::make_unique<LeavingApp>(options.name);
    app_ = app.get();
    server_ = std::make_unique<sim::ServerInstance>(std::move(options), sim::ServerTrace{},
                                                    std::move(app));
    server_->start();
  }

  // Why sockets left the server, once `count` have.
  std::vector<std::string> leaving_reasons(size_t count) {
    std::vector<std::string> reasons;
    wait_on_server([&](sim::SioServer&) {
      reasons = app_->reasons;
      return reasons.size() >= count;
    });
    return reasons;
  }

  sim::ClientOptions options_for(const std::string& nsp = "/") {
    sim::ClientOptions options;
    options.port = server_ ? server_->port() : 0;
    options.nsp = nsp;
    return options;
  }

  // Runs `task` on the clients' thread and waits for it.
  template <class Task>
  auto on_io(Task task) -> decltype(task()) {
    std::packaged_task<decltype(task())()> job(std::move(task));
    auto result = job.get_future();
    asio::post(io_, [&job] { job(); });
    return result.get();
  }

  // A client whose handlers record into its Recorder; `answer` answers events that ask for an
  // ack. Not connected yet.
  std::shared_ptr<Peer> make_peer(sim::ClientOptions options,
                                  std::function<Json(const std::string&, Json&)> answer = {}) {
    auto peer = std::make_shared<Peer>();
    peer->client = on_io([&] {
      auto client = sim::Client::create(io_, std::move(options));
      std::shared_ptr<Recorder> seen = peer->seen;
      client->on_event(
          [seen, answer](const std::string& event, Json& args, const sim::Client::AckReply& ack) {
            if (ack && answer) ack(answer(event, args));
            seen->record([&] {
              seen->events.emplace_back(event, args);
              seen->events_asked_ack.push_back(static_cast<bool>(ack));
            });
          });
      client->on_disconnect([seen](const std::string& reason) {
        seen->record([&] { seen->disconnect_reason = reason; });
      });
      return client;
    });
    peers_.push_back(peer);
    return peer;
  }

  void start_connect(Peer& peer) {
    on_io([&] {
      std::shared_ptr<Recorder> seen = peer.seen;
      peer.client->connect([seen](const std::string& error) {
        seen->record([&] { seen->connect_result = error; });
      });
    });
  }

  // Connects and returns "" or the connect error ("no answer" when none came in time).
  std::string connect(Peer& peer) {
    start_connect(peer);
    Recorder& seen = *peer.seen;
    if (!seen.wait([&] { return seen.connect_result.has_value(); })) return "no answer";
    std::lock_guard lock(seen.mutex);
    return *seen.connect_result;
  }

  std::shared_ptr<Peer> connected_peer(const std::string& nsp = "/") {
    auto peer = make_peer(options_for(nsp));
    EXPECT_EQ(connect(*peer), "");
    return peer;
  }

  void emit(Peer& peer, const std::string& event, Json args) {
    on_io([&] { peer.client->emit(event, std::move(args)); });
  }

  // Emits with an ack and returns the ack's arguments, or nullopt when none came in time.
  std::optional<Json> emit_with_ack(Peer& peer, const std::string& event, Json args) {
    auto answer = std::make_shared<std::promise<Json>>();
    auto future = answer->get_future();
    on_io([&] {
      peer.client->emit(event, std::move(args), [answer](Json args) { answer->set_value(args); });
    });
    if (future.wait_for(kWait) != std::future_status::ready) return std::nullopt;
    return future.get();
  }

  // Polls the server's thread until `done(sio)` holds or the deadline passes.
  template <class Done>
  bool wait_on_server(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (std::chrono::steady_clock::now() < deadline) {
      if (server_->call([&](sim::SioServer& sio) { return done(sio); })) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  std::unique_ptr<sim::ServerInstance> server_;
  LeavingApp* app_ = nullptr;  // owned by server_
  std::unique_ptr<HandMadeServer> hand_made_;
  std::vector<std::shared_ptr<Peer>> peers_;
};

TEST_F(Client, ConnectsAndReceivesWelcome) {
  start_server();
  auto peer = connected_peer();
  auto welcome = peer->seen->wait_event("welcome");
  ASSERT_TRUE(welcome);
  const auto [id, sid, connected, server_name] = on_io([&] {
    auto& client = *peer->client;
    return std::tuple(client.id(), client.engine_sid(), client.connected(), client.server_name());
  });
  EXPECT_EQ(*welcome, Json::array({Json{{"server", "s1"}, {"id", id}}}));
  EXPECT_EQ(id.size(), 20u);
  EXPECT_EQ(sid.size(), 20u);
  EXPECT_NE(id, sid);
  EXPECT_TRUE(connected);
  EXPECT_EQ(server_name, "s1");
}

TEST_F(Client, SaidReachesOnlyTheRoomsMembers) {
  start_server();
  auto alice = connected_peer();
  auto bob = connected_peer();
  auto carol = connected_peer();
  auto rooms = emit_with_ack(*alice, "join", Json::array({"lobby"}));
  ASSERT_TRUE(rooms);
  EXPECT_NE((*rooms)[0].dump().find("lobby"), std::string::npos);
  ASSERT_TRUE(emit_with_ack(*bob, "join", Json::array({"lobby"})));
  ASSERT_TRUE(emit_with_ack(*carol, "join", Json::array({"elsewhere"})));

  auto reply = emit_with_ack(*alice, "say", Json::array({Json{{"room", "lobby"}, {"text", "hi"}}}));
  ASSERT_TRUE(reply);
  const Json mid = (*reply)[0]["mid"];
  const std::string alice_id = on_io([&] { return alice->client->id(); });
  auto said = bob->seen->wait_event("said", Json{{"text", "hi"}});
  ASSERT_TRUE(said);
  EXPECT_EQ(
      *said,
      Json::array({Json{
          {"from", alice_id}, {"server", "s1"}, {"room", "lobby"}, {"text", "hi"}, {"mid", mid}}}));
  EXPECT_TRUE(alice->seen->wait_event("said", Json{{"text", "hi"}}));

  // Carol's own message reaches her after anything sent to her before it: nothing from lobby.
  ASSERT_TRUE(
      emit_with_ack(*carol, "say", Json::array({Json{{"room", "elsewhere"}, {"text", "mine"}}})));
  ASSERT_TRUE(carol->seen->wait_event("said", Json{{"text", "mine"}}));
  EXPECT_EQ(carol->seen->count("said"), 1u);
  EXPECT_EQ(bob->seen->count("said"), 1u);
}

TEST_F(Client, AckedEmitGetsTheServersAnswer) {
  start_server();
  auto peer = connected_peer();
  auto whoami = emit_with_ack(*peer, "whoami", Json::array());
  ASSERT_TRUE(whoami);
  const std::string id = on_io([&] { return peer->client->id(); });
  EXPECT_EQ(*whoami,
            Json::array({Json{{"id", id}, {"server", "s1"}, {"rooms", Json::array({id})}}}));
}

TEST_F(Client, AnswersAnAckTheServerAsksFor) {
  start_server();
  auto peer = make_peer(options_for(), [](const std::string& event, Json& args) {
    return Json::array({"answer to " + event, args[0]});
  });
  ASSERT_EQ(connect(*peer), "");
  auto answer = emit_with_ack(*peer, "ask", Json::array({42}));
  ASSERT_TRUE(answer);
  EXPECT_EQ(*answer, Json::array({"answer to question", 42}));
  std::lock_guard lock(peer->seen->mutex);
  ASSERT_EQ(peer->seen->events.back().first, "question");
  EXPECT_TRUE(peer->seen->events_asked_ack.back());
}

TEST_F(Client, BinaryArgumentsRoundTrip) {
  start_server();
  // The server's question carries the client's binary; the answer adds one of its own.
  auto peer = make_peer(options_for(), [](const std::string&, Json& args) {
    return Json::array({args[0], bytes({0xff, 0x00})});
  });
  ASSERT_EQ(connect(*peer), "");
  auto answer = emit_with_ack(*peer, "ask", Json::array({Json{{"blob", bytes({1, 2, 3})}}}));
  ASSERT_TRUE(answer);
  EXPECT_EQ(*answer, Json::array({Json{{"blob", bytes({1, 2, 3})}}, bytes({0xff, 0x00})}));

  // A BINARY_EVENT from the server: "said" with a binary field, to everybody.
  ASSERT_TRUE(emit_with_ack(*peer, "say",
                            Json::array({Json{{"room", nullptr}, {"data", bytes({0xde, 0xad})}}})));
  auto said = peer->seen->wait_event("said", Json{{"data", bytes({0xde, 0xad})}});
  ASSERT_TRUE(said);
  EXPECT_TRUE((*said)[0]["data"].is_binary());
}

TEST_F(Client, JoinsTheChatNamespaceApartFromTheMainOne) {
  start_server();
  auto chat = connected_peer("/chat");
  auto main = connected_peer("/");
  const auto [chat_id, main_id] =
      on_io([&] { return std::pair(chat->client->id(), main->client->id()); });
  auto welcome = chat->seen->wait_event("welcome");
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)[0]["id"], chat_id);

  ASSERT_TRUE(
      emit_with_ack(*chat, "say", Json::array({Json{{"room", nullptr}, {"text", "chat"}}})));
  auto said = chat->seen->wait_event("said", Json{{"text", "chat"}});
  ASSERT_TRUE(said);
  EXPECT_EQ((*said)[0]["from"], chat_id);
  ASSERT_TRUE(
      emit_with_ack(*main, "say", Json::array({Json{{"room", nullptr}, {"text", "main"}}})));
  ASSERT_TRUE(main->seen->wait_event("said", Json{{"text", "main"}}));
  EXPECT_EQ(main->seen->count("said"), 1u);  // the /chat broadcast stayed in /chat
}

TEST_F(Client, UnknownNamespaceIsAConnectError) {
  start_server();
  auto peer = make_peer(options_for("/nope"));
  EXPECT_EQ(connect(*peer), "connect_error: Invalid namespace");
  EXPECT_FALSE(on_io([&] { return peer->client->connected(); }));
}

TEST_F(Client, ServerStopIsReportedAsTransportClose) {
  start_server();
  auto peer = connected_peer();
  server_->stop();
  Recorder& seen = *peer->seen;
  ASSERT_TRUE(seen.wait([&] { return seen.disconnect_reason.has_value(); }));
  EXPECT_EQ(*seen.disconnect_reason, "transport close");
  EXPECT_FALSE(on_io([&] { return peer->client->connected(); }));
}

TEST_F(Client, ServerSideDisconnectIsReportedAsIoServerDisconnect) {
  start_server();
  auto peer = connected_peer();
  const std::string id = on_io([&] { return peer->client->id(); });
  server_->call([&](sim::SioServer& sio) { sio.find_namespace("/")->find(id)->disconnect(); });
  Recorder& seen = *peer->seen;
  ASSERT_TRUE(seen.wait([&] { return seen.disconnect_reason.has_value(); }));
  EXPECT_EQ(*seen.disconnect_reason, "io server disconnect");
}

TEST_F(Client, StaysConnectedAcrossManyPingIntervals) {
  start_server(fast_heartbeat());
  auto peer = connected_peer();
  Recorder& seen = *peer->seen;
  // Five intervals: without pongs the server drops the client after 350 ms, and without
  // re-arming on each ping the client gives up after 350 ms.
  EXPECT_FALSE(seen.wait([&] { return seen.disconnect_reason.has_value(); }, 1000ms));
  EXPECT_TRUE(on_io([&] { return peer->client->connected(); }));
  EXPECT_TRUE(emit_with_ack(*peer, "whoami", Json::array()));
}

TEST_F(Client, ReportsPingTimeoutWhenTheServerFallsSilent) {
  start_server(fast_heartbeat());
  auto peer = connected_peer();
  // Hold the server's thread: no ping for 1 s, far past pingInterval + pingTimeout.
  auto frozen = std::async(std::launch::async, [&] {
    server_->call([](sim::SioServer&) { std::this_thread::sleep_for(1s); });
  });
  Recorder& seen = *peer->seen;
  ASSERT_TRUE(seen.wait([&] { return seen.disconnect_reason.has_value(); }));
  EXPECT_EQ(*seen.disconnect_reason, "ping timeout");
  frozen.get();
}

TEST_F(Client, RawFrameHandlerSeesMessagesBeforeParsing) {
  start_server();
  auto counter = make_peer(options_for());
  on_io([&] {
    std::shared_ptr<Recorder> seen = counter->seen;
    counter->client->on_raw_frame([seen](std::string_view frame) {
      if (!frame.starts_with(R"(42["said")")) return false;
      seen->record([&] { ++seen->raw_frames; });
      return true;
    });
  });
  ASSERT_EQ(connect(*counter), "");
  auto talker = connected_peer();
  constexpr int kMessages = 50;
  for (int i = 0; i < kMessages; ++i)
    emit(*talker, "say", Json::array({Json{{"room", nullptr}, {"n", i}}}));
  Recorder& seen = *counter->seen;
  ASSERT_TRUE(seen.wait([&] { return seen.raw_frames == kMessages; }));
  EXPECT_EQ(seen.count("said"), 0u);     // consumed frames are not parsed
  EXPECT_EQ(seen.count("welcome"), 1u);  // declined ones are
}

TEST_F(Client, CloseSendsDisconnectThenClosesWithoutCallingHandlers) {
  start_server();
  auto peer = connected_peer();
  on_io([&] { peer->client->close(); });
  // The server saw the namespace DISCONNECT, not just the socket going away.
  EXPECT_EQ(leaving_reasons(1), std::vector<std::string>{"client namespace disconnect"});
  EXPECT_TRUE(wait_on_server([](sim::SioServer& sio) { return sio.client_count() == 0; }));
  EXPECT_FALSE(on_io([&] { return peer->client->connected(); }));
  std::lock_guard lock(peer->seen->mutex);
  EXPECT_FALSE(peer->seen->disconnect_reason.has_value());
}

TEST_F(Client, NoHandlerRunsAfterAHandlerCloses) {
  start_server();
  auto closer = make_peer(options_for());
  on_io([&] {
    // The first "said" closes the client; the second, sent in the same burst, must not show.
    std::shared_ptr<Recorder> seen = closer->seen;
    std::weak_ptr<sim::Client> weak = closer->client;
    closer->client->on_event(
        [seen, weak](const std::string& event, Json& args, const sim::Client::AckReply&) {
          seen->record([&] { seen->events.emplace_back(event, args); });
          if (event == "said") weak.lock()->close();
        });
  });
  ASSERT_EQ(connect(*closer), "");
  auto talker = connected_peer();
  on_io([&] {
    for (int i = 0; i < 2; ++i)
      talker->client->emit("say", Json::array({Json{{"room", nullptr}, {"n", i}}}));
  });
  ASSERT_TRUE(talker->seen->wait_event("said", Json{{"n", 1}}));
  EXPECT_EQ(leaving_reasons(1), std::vector<std::string>{"client namespace disconnect"});
  EXPECT_EQ(closer->seen->count("said"), 1u);
  std::lock_guard lock(closer->seen->mutex);
  EXPECT_FALSE(closer->seen->disconnect_reason.has_value());
}

TEST_F(Client, AbortCutsTheConnectionWithoutCallingHandlers) {
  start_server();
  auto peer = connected_peer();
  on_io([&] { peer->client->abort(); });
  // No DISCONNECT and no close frame: the server only sees the TCP connection end.
  EXPECT_EQ(leaving_reasons(1), std::vector<std::string>{"transport close"});
  std::lock_guard lock(peer->seen->mutex);
  EXPECT_FALSE(peer->seen->disconnect_reason.has_value());
}

TEST_F(Client, ConnectionRefusedIsAConnectError) {
  uint16_t port;
  {
    asio::ip::tcp::acceptor closed(io_, {asio::ip::make_address("127.0.0.1"), 0});
    port = closed.local_endpoint().port();
  }
  sim::ClientOptions options;
  options.port = port;
  EXPECT_EQ(connect(*make_peer(options)), "connection refused");
}

TEST_F(Client, ConnectTimesOutWhenTheServerNeverAnswers) {
  // The kernel completes the TCP handshake, but nobody ever reads the upgrade request.
  asio::ip::tcp::acceptor silent(io_, {asio::ip::make_address("127.0.0.1"), 0});
  sim::ClientOptions options;
  options.port = silent.local_endpoint().port();
  options.connect_timeout = 200ms;
  EXPECT_EQ(connect(*make_peer(options)), "timeout");
}

TEST_F(Client, RefusedUpgradeIsAConnectError) {
  sim::ServerOptions options;
  options.allow_websocket = false;
  start_server(options);
  auto peer = make_peer(options_for());
  EXPECT_EQ(connect(*peer), "websocket upgrade refused: HTTP 400 Transport unknown");
}

TEST_F(Client, EmitsBeforeTheConnectReplyLeaveAfterIt) {
  start_server();
  auto peer = make_peer(options_for());
  auto answer = std::make_shared<std::promise<Json>>();
  auto future = answer->get_future();
  on_io([&] {
    peer->client->emit("whoami", Json::array(), [answer](Json args) { answer->set_value(args); });
  });
  start_connect(*peer);
  ASSERT_EQ(future.wait_for(kWait), std::future_status::ready);
  const std::string id = on_io([&] { return peer->client->id(); });
  EXPECT_EQ(future.get()[0]["id"], id);
}

TEST_F(Client, AuthAndQueryReachTheServer) {
  start_server();
  auto options = options_for();
  options.auth = Json{{"token", "abc"}};
  options.query = {{"user", "a b&c"}};
  auto peer = make_peer(options);
  ASSERT_EQ(connect(*peer), "");
  const std::string id = on_io([&] { return peer->client->id(); });
  Json handshake = server_->call(
      [&](sim::SioServer& sio) { return sio.find_namespace("/")->find(id)->handshake(); });
  EXPECT_EQ(handshake["auth"], (Json{{"token", "abc"}}));
  EXPECT_EQ(handshake["query"]["user"], "a b&c");
  EXPECT_EQ(handshake["query"]["EIO"], "4");
  EXPECT_EQ(handshake["query"]["transport"], "websocket");
}

TEST_F(Client, PausedReadingHoldsEventsUntilResumed) {
  start_server();
  auto paused = connected_peer();
  auto talker = connected_peer();
  ASSERT_TRUE(paused->seen->wait_event("welcome"));
  on_io([&] { paused->client->pause_reading(true); });
  ASSERT_TRUE(emit_with_ack(*talker, "say", Json::array({Json{{"room", nullptr}, {"text", "x"}}})));
  ASSERT_TRUE(talker->seen->wait_event("said", Json{{"text", "x"}}));
  Recorder& seen = *paused->seen;
  EXPECT_FALSE(
      seen.wait([&] { return !seen.events.empty() && seen.events.back().first == "said"; }, 300ms));
  on_io([&] { paused->client->pause_reading(false); });
  EXPECT_TRUE(seen.wait_event("said", Json{{"text", "x"}}));
}

TEST_F(Client, PausedClientBacksUpTheServerUntilDropped) {
  sim::ServerOptions options;
  options.max_buffered_bytes = 256 * 1024;
  start_server(options);
  auto paused = connected_peer();
  ASSERT_TRUE(emit_with_ack(*paused, "join", Json::array({"slow"})));
  on_io([&] { paused->client->pause_reading(true); });
  auto talker = connected_peer();
  // 64 KiB messages, one at a time (a reading client keeps up with that), until the server's
  // queue for the paused client passes its limit, once the kernel's socket buffers are full.
  const Json say = Json::array({Json{{"room", "slow"}, {"text", std::string(64 * 1024, 'x')}}});
  bool dropped = false;
  for (int i = 1; i <= 1000 && !dropped; ++i) {
    ASSERT_TRUE(emit_with_ack(*talker, "say", say));
    if (i % 8 == 0)
      dropped = server_->call([&](sim::SioServer&) { return !app_->reasons.empty(); });
  }
  ASSERT_TRUE(dropped);
  EXPECT_EQ(leaving_reasons(1).at(0), "slow consumer");
  on_io([&] { paused->client->pause_reading(false); });
  Recorder& seen = *paused->seen;
  EXPECT_TRUE(seen.wait([&] { return seen.disconnect_reason.has_value(); }));
}

TEST_F(Client, ReadsFramesThatCameWithTheUpgradeResponseAndMasksItsOwn) {
  std::string frames;
  for (const char* text :
       {R"(0{"sid":"hand-made-sid","upgrades":[],"pingInterval":25000,"pingTimeout":20000})",
        R"(40{"sid":"hand-made-id"})",
        R"(42["welcome",{"server":"hand-made","id":"hand-made-id"}])"}) {
    frames += scaleout::protocol::encode_ws_frame(scaleout::protocol::WsOpcode::kText, text);
  }
  hand_made_ = std::make_unique<HandMadeServer>(frames);
  sim::ClientOptions options;
  options.port = hand_made_->port();
  auto peer = make_peer(options);
  ASSERT_EQ(connect(*peer), "");
  ASSERT_TRUE(peer->seen->wait_event("welcome"));
  const auto [id, sid, server_name] = on_io([&] {
    auto& client = *peer->client;
    return std::tuple(client.id(), client.engine_sid(), client.server_name());
  });
  EXPECT_EQ(id, "hand-made-id");
  EXPECT_EQ(sid, "hand-made-sid");
  EXPECT_EQ(server_name, "hand-made");

  emit(*peer, "hello", Json::array({"x"}));
  Recorder& got = hand_made_->seen();
  EXPECT_TRUE(got.wait_event("frame", R"(42["hello","x"])"));
  std::lock_guard lock(got.mutex);
  ASSERT_FALSE(got.events.empty());
  EXPECT_EQ(got.events.front(), (std::pair<std::string, Json>("frame", Json::array({"40"}))));
}

}  // namespace
