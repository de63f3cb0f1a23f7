// Integration tests of the load balancer: real server instances on loopback ports behind a real
// LoadBalancer, spoken to with Beast's HTTP and WebSocket clients exactly as socket.io-client
// would (Engine.IO v4 long-polling, upgrades, WebSocket-only sessions).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/balancer/load_balancer.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/server/server_instance.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using scaleout::sim::Backend;
using scaleout::sim::BackendStats;
using scaleout::sim::BalancePolicy;
using namespace std::chrono_literals;

constexpr auto kIoTimeout = 5s;
const std::string kHandshake = "/socket.io/?EIO=4&transport=polling";
const std::string kWebSocketHandshake = "/socket.io/?EIO=4&transport=websocket";

std::string polling(const std::string& sid) {
  return kHandshake + "&sid=" + sid;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// The sid in a handshake reply `0{"sid":...}`, or "" when it is not one.
std::string sid_of(const std::string& open_packet) {
  if (!open_packet.starts_with("0{")) return "";
  auto open = scaleout::protocol::parse_json(std::string_view(open_packet).substr(1));
  if (!open || !open->contains("sid")) return "";
  return (*open)["sid"].get<std::string>();
}

// The server named in a `welcome` event among Engine.IO packets (a polling payload or a frame).
std::optional<std::string> welcome_server(std::string_view packets) {
  while (!packets.empty()) {
    const size_t end = packets.find('\x1e');
    std::string_view packet = packets.substr(0, end);
    packets = end == std::string_view::npos ? std::string_view() : packets.substr(end + 1);
    if (!packet.starts_with("42[\"welcome\"")) continue;
    auto event = scaleout::protocol::parse_json(packet.substr(2));
    if (event && event->is_array() && event->size() == 2) {
      return (*event)[1]["server"].get<std::string>();
    }
  }
  return std::nullopt;
}

using Response = http::response<http::string_body>;

struct Reply {
  beast::error_code error;
  Response response;

  int status() const { return error ? -1 : response.result_int(); }
  std::string backend() const { return std::string(response["X-Scaleout-Backend"]); }
};

// One client connection to the balancer, kept alive across requests as Node's HTTP agent does.
// Every operation has a deadline, so a hung balancer fails the test instead of hanging it.
class HttpClient {
 public:
  explicit HttpClient(uint16_t port) : stream_(io_) {
    beast::error_code error;
    stream_.socket().connect({asio::ip::make_address("127.0.0.1"), port}, error);
    EXPECT_FALSE(error) << error.message();
  }

  Reply request(http::verb method, const std::string& target, std::string body = {},
                const std::map<std::string, std::string>& fields = {}) {
    send(method, target, std::move(body), fields);
    Reply reply;
    reply.response = {};
    parser_.emplace();
    parser_->body_limit(64 << 20);
    stream_.expires_after(kIoTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [&reply](beast::error_code error, size_t) { reply.error = error; });
    run();
    if (!reply.error) reply.response = parser_->release();
    return reply;
  }

  Reply get(const std::string& target, const std::map<std::string, std::string>& fields = {}) {
    return request(http::verb::get, target, {}, fields);
  }
  Reply post(const std::string& target, std::string body) {
    return request(http::verb::post, target, std::move(body));
  }

  // Writes a request without waiting for its answer (a long-polling GET the server holds).
  void send(http::verb method, const std::string& target, std::string body = {},
            const std::map<std::string, std::string>& fields = {}) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : fields)
      request.set(name, value);
    request.body() = std::move(body);
    request.prepare_payload();
    stream_.expires_after(kIoTimeout);
    beast::error_code written;
    http::async_write(stream_, request,
                      [&written](beast::error_code error, size_t) { written = error; });
    run();
    EXPECT_FALSE(written) << written.message();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

 private:
  void run() {
    io_.restart();
    io_.run();
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
};

Reply get_once(uint16_t port, const std::string& target,
               const std::map<std::string, std::string>& fields = {}) {
  HttpClient client(port);
  return client.get(target, fields);
}

// A WebSocket client through the balancer; reads give up after kIoTimeout of silence. The
// deadlines are the TCP stream's: the websocket stream's own idle timer would outlive each
// operation and keep io_context::run() from returning.
class WsClient {
 public:
  WsClient() : ws_(io_) {}

  beast::error_code connect(uint16_t port, const std::string& target = kWebSocketHandshake) {
    beast::error_code error;
    beast::get_lowest_layer(ws_).socket().connect({asio::ip::make_address("127.0.0.1"), port},
                                                  error);
    if (error) return error;
    beast::get_lowest_layer(ws_).expires_after(kIoTimeout);
    ws_.async_handshake("127.0.0.1", target, [&error](beast::error_code e) { error = e; });
    run();
    return error;
  }

  // The next text frame; error says why there is none (beast::error::timeout: silence).
  std::string read(beast::error_code& error) {
    beast::flat_buffer buffer;
    beast::get_lowest_layer(ws_).expires_after(kIoTimeout);
    ws_.async_read(buffer, [&error](beast::error_code e, size_t) { error = e; });
    run();
    return error ? std::string() : beast::buffers_to_string(buffer.data());
  }

  std::string read() {
    beast::error_code error;
    std::string frame = read(error);
    EXPECT_FALSE(error) << error.message();
    return frame;
  }

  void write(const std::string& text) {
    beast::error_code error;
    ws_.text(true);
    beast::get_lowest_layer(ws_).expires_after(kIoTimeout);
    ws_.async_write(asio::buffer(text), [&error](beast::error_code e, size_t) { error = e; });
    run();
    EXPECT_FALSE(error) << error.message();
  }

  // Opens the default namespace and returns the server named in its `welcome`, "" if none.
  std::string join() {
    write("40");
    for (int frame = 0; frame < 5; ++frame) {
      beast::error_code error;
      std::string text = read(error);
      if (error) return "";
      if (auto server = welcome_server(text)) return *server;
    }
    return "";
  }

  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void run() {
    io_.restart();
    io_.run();
  }

  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
};

// A backend that answers every request with the request's own header lines as its body.
class EchoBackend {
 public:
  EchoBackend() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~EchoBackend() {
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  struct Connection : std::enable_shared_from_this<Connection> {
    explicit Connection(tcp::socket s) : socket(std::move(s)) {}
    void run() {
      http::async_read(socket, buffer, request,
                       [self = shared_from_this()](beast::error_code error, size_t) {
                         if (!error) self->answer();
                       });
    }
    void answer() {
      response = {http::status::ok, 11};
      for (const auto& field : request)
        response.body() +=
            std::string(field.name_string()) + ": " + std::string(field.value()) + "\n";
      response.prepare_payload();
      response.keep_alive(false);
      http::async_write(socket, response, [self = shared_from_this()](beast::error_code, size_t) {
        beast::error_code ignored;
        self->socket.shutdown(tcp::socket::shutdown_send, ignored);
      });
    }
    tcp::socket socket;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    Response response;
  };

  void accept() {
    acceptor_.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error) return;
      std::make_shared<Connection>(std::move(socket))->run();
      accept();
    });
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

// The fixture: a few server instances named s1, s2, ... and a balancer in front of them.
class LoadBalancer : public ::testing::Test {
 protected:
  void TearDown() override {
    balancer_.reset();
    servers_.clear();
  }

  void start_servers(int count) {
    for (int i = 1; i <= count; ++i) {
      scaleout::sim::ServerOptions options;
      options.name = "s" + std::to_string(i);
      options.port = 0;
      servers_.push_back(std::make_unique<scaleout::sim::ServerInstance>(options));
      servers_.back()->start();
    }
  }

  std::vector<Backend> backends() const {
    std::vector<Backend> list;
    for (const auto& server : servers_)
      list.push_back(Backend{server->name(), "127.0.0.1", server->port()});
    return list;
  }

  void start_balancer(BalancePolicy policy, scaleout::sim::LoadBalancerOptions options = {}) {
    options.policy = policy;
    balancer_ = std::make_unique<scaleout::sim::LoadBalancer>(options);
    balancer_->set_backends(backends());
    balancer_->start();
  }

  uint16_t port() const { return balancer_->port(); }

  BackendStats stats_of(const std::string& name) const {
    for (const auto& entry : balancer_->stats()) {
      if (entry.name == name) return entry;
    }
    ADD_FAILURE() << "no backend " << name;
    return {};
  }

  uint64_t open_connections() const {
    uint64_t total = 0;
    for (const auto& entry : balancer_->stats())
      total += entry.open_connections;
    return total;
  }

  // A WebSocket-only client that has joined "/", and the server it landed on.
  std::pair<std::unique_ptr<WsClient>, std::string> open_websocket() {
    auto client = std::make_unique<WsClient>();
    EXPECT_FALSE(client->connect(port()));
    EXPECT_TRUE(client->read().starts_with("0{\"sid\""));
    std::string server = client->join();
    EXPECT_FALSE(server.empty());
    return {std::move(client), server};
  }

  std::vector<std::unique_ptr<scaleout::sim::ServerInstance>> servers_;
  std::unique_ptr<scaleout::sim::LoadBalancer> balancer_;
};

TEST(LoadBalancerPolicy, NamesParseAndPrintBothWays) {
  for (auto policy : {BalancePolicy::kRoundRobin, BalancePolicy::kLeastConnections,
                      BalancePolicy::kStickySid, BalancePolicy::kStickyCookie}) {
    EXPECT_EQ(scaleout::sim::parse_balance_policy(scaleout::sim::to_string(policy)), policy);
  }
  EXPECT_EQ(scaleout::sim::parse_balance_policy("sticky_sid"), BalancePolicy::kStickySid);
  EXPECT_EQ(scaleout::sim::parse_balance_policy("sticky"), std::nullopt);
}

TEST_F(LoadBalancer, StartFailsWithAClearMessageWhenThePortIsTaken) {
  start_servers(1);
  start_balancer(BalancePolicy::kRoundRobin);
  scaleout::sim::LoadBalancerOptions options;
  options.port = port();
  scaleout::sim::LoadBalancer second(options);
  try {
    second.start();
    FAIL() << "a second balancer started on a taken port";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(std::to_string(port())), std::string::npos)
        << error.what();
  }
}

TEST_F(LoadBalancer, RoutesEachRequestOfAKeepAliveConnectionOnItsOwn) {
  start_servers(3);
  start_balancer(BalancePolicy::kRoundRobin);
  HttpClient client(port());
  std::set<std::string> answered_by;
  for (int i = 0; i < 3; ++i) {
    Reply reply = client.get(kHandshake);
    ASSERT_EQ(reply.status(), 200) << reply.error.message();
    EXPECT_FALSE(sid_of(reply.response.body()).empty()) << reply.response.body();
    answered_by.insert(reply.backend());
  }
  EXPECT_EQ(answered_by, (std::set<std::string>{"s1", "s2", "s3"}));
}

// The lesson: without affinity, a long-polling session's next request meets another server.
TEST_F(LoadBalancer, RoundRobinLosesPollingSessionsWithSessionIdUnknown) {
  start_servers(2);
  start_balancer(BalancePolicy::kRoundRobin);
  HttpClient client(port());
  Reply handshake = client.get(kHandshake);
  ASSERT_EQ(handshake.status(), 200);
  const std::string sid = sid_of(handshake.response.body());
  ASSERT_FALSE(sid.empty());

  Reply connect = client.post(polling(sid), "40");
  EXPECT_NE(connect.backend(), handshake.backend());
  EXPECT_EQ(connect.status(), 400);
  EXPECT_EQ(connect.response.body(), R"({"code":1,"message":"Session ID unknown"})");
}

TEST_F(LoadBalancer, StickySidKeepsPollingSessionsOnOneServer) {
  start_servers(3);
  start_balancer(BalancePolicy::kStickySid);
  // Six sessions interleaved on one kept-alive connection, as an HTTP agent would carry them.
  HttpClient client(port());
  std::vector<std::pair<std::string, std::string>> sessions;  // sid, server
  for (int i = 0; i < 6; ++i) {
    Reply handshake = client.get(kHandshake);
    ASSERT_EQ(handshake.status(), 200);
    sessions.emplace_back(sid_of(handshake.response.body()), handshake.backend());
  }
  // In reverse order, so that taking turns could not land each request on its server by chance.
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
    const auto& [sid, server] = *it;
    Reply connect = client.post(polling(sid), "40");
    EXPECT_EQ(connect.status(), 200) << connect.response.body();
    EXPECT_EQ(connect.backend(), server);
  }
  std::set<std::string> servers;
  for (const auto& [sid, server] : sessions) {
    std::optional<std::string> welcomed;
    for (int poll = 0; poll < 3 && !welcomed; ++poll) {
      Reply packets = client.get(polling(sid));
      ASSERT_EQ(packets.status(), 200) << packets.response.body();
      EXPECT_EQ(packets.backend(), server);
      welcomed = welcome_server(packets.response.body());
    }
    EXPECT_EQ(welcomed, server);
    servers.insert(server);
  }
  EXPECT_EQ(servers.size(), 3u) << "sessions without affinity are spread in turn";
}

TEST_F(LoadBalancer, StickySidFollowsAPollingSessionIntoItsWebSocketUpgrade) {
  start_servers(2);
  start_balancer(BalancePolicy::kStickySid);
  Reply handshake = get_once(port(), kHandshake);
  const std::string sid = sid_of(handshake.response.body());
  ASSERT_FALSE(sid.empty());
  HttpClient client(port());
  ASSERT_EQ(client.post(polling(sid), "40").status(), 200);

  WsClient upgrade;
  ASSERT_FALSE(upgrade.connect(port(), kWebSocketHandshake + "&sid=" + sid));
  upgrade.write("2probe");
  EXPECT_EQ(upgrade.read(), "3probe");
  upgrade.write("5");
  // After the upgrade the session's packets, the CONNECT reply included, come over the WebSocket.
  std::optional<std::string> welcomed;
  for (int frame = 0; frame < 4 && !welcomed; ++frame)
    welcomed = welcome_server(upgrade.read());
  EXPECT_EQ(welcomed, handshake.backend());
}

TEST_F(LoadBalancer, StickyCookiePinsAClientToTheServerInItsCookie) {
  start_servers(3);
  start_balancer(BalancePolicy::kStickyCookie);
  Reply first = get_once(port(), kHandshake);
  ASSERT_EQ(first.status(), 200);
  const std::string cookie(first.response[http::field::set_cookie]);
  EXPECT_EQ(cookie, "scaleout_server=" + first.backend() + "; Path=/");

  const std::string pair = cookie.substr(0, cookie.find(';'));
  for (int i = 0; i < 5; ++i) {
    Reply again = get_once(port(), kHandshake, {{"Cookie", "theme=dark; " + pair}});
    EXPECT_EQ(again.status(), 200);
    EXPECT_EQ(again.backend(), first.backend());
    EXPECT_EQ(again.response.count(http::field::set_cookie), 0u) << "the cookie is already right";
  }
  Reply stale = get_once(port(), kHandshake, {{"Cookie", "scaleout_server=gone"}});
  EXPECT_EQ(stale.status(), 200);
  EXPECT_EQ(std::string(stale.response[http::field::set_cookie]),
            "scaleout_server=" + stale.backend() + "; Path=/");
}

TEST_F(LoadBalancer, WebSocketUpgradeThroughTheBalancerWorks) {
  start_servers(2);
  start_balancer(BalancePolicy::kStickySid);
  WsClient client;
  ASSERT_FALSE(client.connect(port()));
  const std::string open = client.read();
  EXPECT_TRUE(open.starts_with("0{\"sid\"")) << open;
  EXPECT_NE(open.find("\"upgrades\":[]"), std::string::npos) << open;
  const std::string server = client.join();
  EXPECT_TRUE(server == "s1" || server == "s2") << server;
  EXPECT_EQ(stats_of(server).open_connections, 1u);
}

TEST_F(LoadBalancer, LeastConnectionsSendsNewWebSocketsToTheIdlestServer) {
  start_servers(2);
  start_balancer(BalancePolicy::kLeastConnections);
  std::vector<std::pair<std::unique_ptr<WsClient>, std::string>> clients;
  std::map<std::string, int> count;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(open_websocket());
    ++count[clients.back().second];
  }
  EXPECT_EQ(count, (std::map<std::string, int>{{"s1", 2}, {"s2", 2}}));

  // Empty s2. Round robin would now alternate s1, s2; least connections fills s2 first.
  for (auto& [client, server] : clients) {
    if (server == "s2") client->close();
  }
  ASSERT_TRUE(wait_until([&] { return stats_of("s2").open_connections == 0; }));
  EXPECT_EQ(open_websocket().second, "s2");
  auto second = open_websocket();  // the first is closed again: s2 has 0 against 2
  EXPECT_EQ(second.second, "s2");
  EXPECT_EQ(stats_of("s1").open_connections, 2u);
}

TEST_F(LoadBalancer, RefusedBackendGets502AndIsSkipped) {
  start_servers(2);
  start_balancer(BalancePolicy::kRoundRobin);
  servers_[1]->stop();  // s2 no longer listens

  int bad_gateways = 0;
  for (int i = 0; i < 2; ++i) {
    Reply reply = get_once(port(), kHandshake);
    if (reply.status() == 502) ++bad_gateways;
  }
  EXPECT_EQ(bad_gateways, 1) << "s2's turn comes once and is refused";
  EXPECT_FALSE(stats_of("s2").up);
  EXPECT_EQ(stats_of("s2").failures, 1u);
  for (int i = 0; i < 4; ++i) {
    Reply reply = get_once(port(), kHandshake);
    EXPECT_EQ(reply.status(), 200);
    EXPECT_EQ(reply.backend(), "s1");
  }
}

TEST_F(LoadBalancer, RemovingABackendClosesItsTunnels) {
  start_servers(2);
  start_balancer(BalancePolicy::kRoundRobin);
  balancer_->set_backends({backends()[1]});
  auto [client, server] = open_websocket();
  ASSERT_EQ(server, "s2");

  balancer_->set_backends({backends()[0]});
  beast::error_code error;
  client->read(error);
  EXPECT_TRUE(error) << "the tunnel to s2 is still open";
  EXPECT_NE(error, beast::error::timeout) << "the tunnel to s2 was not closed";
  EXPECT_EQ(open_websocket().second, "s1");
}

TEST_F(LoadBalancer, KillingABackendClosesItsTunnels) {
  start_servers(1);
  start_balancer(BalancePolicy::kRoundRobin);
  auto [client, server] = open_websocket();
  ASSERT_EQ(server, "s1");
  servers_[0]->kill();
  beast::error_code error;
  client->read(error);
  EXPECT_TRUE(error);
  EXPECT_NE(error, beast::error::timeout);
  EXPECT_TRUE(wait_until([&] { return stats_of("s1").open_connections == 0; }));
}

TEST_F(LoadBalancer, ClientThatHangsUpMidPollReleasesItsBackendConnection) {
  start_servers(1);
  start_balancer(BalancePolicy::kLeastConnections);
  const std::string sid = sid_of(get_once(port(), kHandshake).response.body());
  ASSERT_FALSE(sid.empty());
  HttpClient poller(port());
  poller.send(http::verb::get, polling(sid));  // held by the server until it has a packet
  ASSERT_TRUE(wait_until([&] { return open_connections() == 1; }));
  poller.close();
  EXPECT_TRUE(wait_until([&] { return open_connections() == 0; }, 2s))
      << "the long-polling GET still counts after its client left";
}

TEST_F(LoadBalancer, AnswersWith503WhenThereIsNoBackend) {
  start_servers(1);
  start_balancer(BalancePolicy::kRoundRobin);
  balancer_->set_backends({});
  EXPECT_EQ(get_once(port(), kHandshake).status(), 503);
}

TEST_F(LoadBalancer, ForwardsWithXForwardedForAndRefusesOversizedBodies) {
  EchoBackend echo;
  scaleout::sim::LoadBalancerOptions options;
  options.max_body = 1000;
  options.policy = BalancePolicy::kRoundRobin;
  balancer_ = std::make_unique<scaleout::sim::LoadBalancer>(options);
  balancer_->set_backends({Backend{"echo", "127.0.0.1", echo.port()}});
  balancer_->start();

  HttpClient client(port());
  Reply reply = client.get("/anything", {{"X-Forwarded-For", "10.1.2.3"}});
  ASSERT_EQ(reply.status(), 200);
  EXPECT_NE(reply.response.body().find("X-Forwarded-For: 10.1.2.3, 127.0.0.1\n"), std::string::npos)
      << reply.response.body();
  EXPECT_EQ(reply.backend(), "echo");
  // The client's connection stays open although the backend's closed after its answer.
  EXPECT_EQ(client.post("/small", std::string(1000, 'x')).status(), 200);
  EXPECT_EQ(client.post("/large", std::string(1001, 'x')).status(), 413);
}

}  // namespace
