// PollingClient: the long-polling session. Each Exchange is one HTTP request on a fresh
// connection (connect -> write -> read, under one deadline); the client keeps at most one GET
// and one POST in flight and ends through end() (tell the user why) or close() (the user asked),
// both through finish().
#include "scaleout/client/polling_client.hpp"

#include <utility>

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "scaleout/protocol/base64.hpp"
#include "scaleout/protocol/engineio_packet.hpp"
#include "websocket_handshake.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using protocol::EioType;
using protocol::Json;
using protocol::SioPacket;
using protocol::SioType;

namespace {

// A POST waits this long for its "ok"; a GET the heartbeat deadline and this much more.
constexpr auto kPostTimeout = std::chrono::seconds(10);
constexpr auto kPollGrace = std::chrono::seconds(5);
// A polling reply holds a session's whole queue; refuse anything absurd.
constexpr uint64_t kMaxReplyBody = 16 << 20;

// "HTTP 400 Session ID unknown": the status and the Engine.IO error message (or the body).
std::string describe_refusal(unsigned status, const std::string& body) {
  std::string text = "HTTP " + std::to_string(status);
  auto parsed = protocol::parse_json(body);
  if (parsed && parsed->is_object() && parsed->contains("message") &&
      (*parsed)["message"].is_string()) {
    return text + " " + (*parsed)["message"].get<std::string>();
  }
  if (!body.empty()) text += " " + body.substr(0, 200);
  return text;
}

}  // namespace

class PollingClient::Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  using Done = std::function<void(Reply)>;

  Exchange(asio::io_context& io, asio::ip::tcp::endpoint endpoint,
           http::request<http::string_body> request, std::chrono::milliseconds timeout, Done done)
      : stream_(io),
        endpoint_(endpoint),
        request_(std::move(request)),
        timeout_(timeout),
        done_(std::move(done)) {
    parser_.body_limit(kMaxReplyBody);
  }

  void start() {
    stream_.expires_after(timeout_);
    stream_.async_connect(endpoint_, [self = shared_from_this()](beast::error_code error) {
      if (error)
        return self->fail(error == asio::error::connection_refused
                              ? "connection refused"
                              : "cannot connect: " + error.message());
      http::async_write(self->stream_, self->request_, [self](beast::error_code error, size_t) {
        if (error) return self->fail("transport error");
        http::async_read(self->stream_, self->buffer_, self->parser_,
                         [self](beast::error_code error, size_t) { self->on_read(error); });
      });
    });
  }

  // The client is over: no answer is wanted any more.
  void cut() {
    done_ = nullptr;
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

 private:
  void on_read(beast::error_code error) {
    if (error) return fail(error == beast::error::timeout ? "timeout" : "transport error");
    auto& response = parser_.get();
    Reply reply;
    if (response.result() != http::status::ok) {
      reply.error = describe_refusal(response.result_int(), response.body());
    }
    reply.body = std::move(response.body());
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    finish(std::move(reply));
  }

  void fail(std::string why) { finish(Reply{std::move(why), {}}); }

  void finish(Reply reply) {
    if (auto done = std::move(done_)) done(std::move(reply));
  }

  beast::tcp_stream stream_;
  asio::ip::tcp::endpoint endpoint_;
  http::request<http::string_body> request_;
  std::chrono::milliseconds timeout_;
  Done done_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

std::shared_ptr<PollingClient> PollingClient::create(asio::io_context& io, ClientOptions options) {
  return std::make_shared<PollingClient>(PrivateTag{}, io, std::move(options));
}

PollingClient::PollingClient(PrivateTag, asio::io_context& io, ClientOptions options)
    : SioSession(io, std::move(options)) {}

PollingClient::~PollingClient() {
  for (auto& exchange : in_flight_)
    exchange->cut();
}

// ---- the session -------------------------------------------------------------------------

void PollingClient::connect(ConnectHandler done) {
  if (!begin_connect(std::move(done))) return;
  // Posted, so that `done` is never called from inside connect().
  asio::post(io_, [self = shared_from_this()] {
    self->request(false, {}, [self](Reply reply) { self->on_handshake(std::move(reply)); });
  });
}

void PollingClient::request(bool post, std::string body, std::function<void(Reply)> done) {
  if (state_ == State::kClosed) return;
  const auto timeout =
      post ? std::chrono::milliseconds(kPostTimeout)
           : (engine_sid().empty() ? options_.connect_timeout
                                   : ping_deadline() + std::chrono::milliseconds(kPollGrace));
  auto exchange = send_request(post, std::move(body), timeout,
                               [weak = weak_from_this(), done = std::move(done)](Reply reply) {
                                 if (auto self = weak.lock()) done(std::move(reply));
                               });
  if (!exchange) return;
  // An exchange still in flight is also held by its own handlers; the others are over.
  std::erase_if(in_flight_, [](const auto& held) { return held.use_count() == 1; });
  in_flight_.push_back(std::move(exchange));
}

std::shared_ptr<PollingClient::Exchange> PollingClient::send_request(
    bool post, std::string body, std::chrono::milliseconds timeout,
    std::function<void(Reply)> done) {
  boost::system::error_code bad_address;
  auto address = asio::ip::make_address(options_.host, bad_address);
  if (bad_address) {
    end("the polling client needs an IP address, not " + options_.host);
    return nullptr;
  }
  auto query = options_.query;
  if (!engine_sid().empty()) query.emplace_back("sid", engine_sid());
  http::request<http::string_body> message{post ? http::verb::post : http::verb::get,
                                           engine_target(options_.path, query, "polling"), 11};
  message.set(http::field::host, host_header(options_.host, options_.port));
  if (post) message.set(http::field::content_type, "text/plain;charset=UTF-8");
  message.body() = std::move(body);
  message.prepare_payload();
  auto exchange = std::make_shared<Exchange>(io_, asio::ip::tcp::endpoint(address, options_.port),
                                             std::move(message), timeout, std::move(done));
  exchange->start();
  return exchange;
}

void PollingClient::on_handshake(Reply reply) {
  if (state_ != State::kOpening) return;
  if (!reply.error.empty()) {
    return end(reply.error.starts_with("HTTP") ? "polling request refused: " + reply.error
                                               : reply.error);
  }
  auto packets = protocol::decode_polling_payload(reply.body);
  if (!packets || packets->empty() || (*packets)[0].type != EioType::kOpen ||
      (*packets)[0].binary || !on_open_packet((*packets)[0].data)) {
    return end("parse error");
  }
  poll();
}

void PollingClient::poll() {
  if (state_ == State::kClosed) return;
  request(false, {}, [this](Reply reply) {
    if (state_ == State::kClosed) return;
    if (!reply.error.empty()) {
      return end(state_ == State::kOpening && reply.error.starts_with("HTTP")
                     ? "polling request refused: " + reply.error
                     : "transport error: " + reply.error);
    }
    on_payload(reply.body);
    poll();
  });
}

void PollingClient::on_payload(std::string_view body) {
  auto packets = protocol::decode_polling_payload(body);
  if (!packets) return end("parse error");
  for (auto& packet : *packets) {
    if (state_ == State::kClosed) return;
    on_engine_packet(std::move(packet));
  }
}

// ---- sending: one POST at a time, carrying everything queued ------------------------------

void PollingClient::send_sio(const SioPacket& packet) {
  const auto encoded = protocol::encode_sio(packet);
  send_packet("4" + encoded.text);
  for (const auto& attachment : encoded.attachments)
    send_packet("b" + protocol::base64_encode(attachment));
}

void PollingClient::send_packet(std::string text) {
  outgoing_.push_back(std::move(text));
  flush();
}

void PollingClient::flush() {
  if (posting_ || outgoing_.empty() || state_ == State::kClosed) return;
  std::string body;
  for (const auto& packet : outgoing_) {
    if (!body.empty()) body += protocol::kPayloadSeparator;
    body += packet;
  }
  outgoing_.clear();
  posting_ = true;
  request(true, std::move(body), [this](Reply reply) {
    posting_ = false;
    if (state_ == State::kClosed) return;
    if (!reply.error.empty()) {
      return end(state_ == State::kOpening && reply.error.starts_with("HTTP")
                     ? "polling request refused: " + reply.error
                     : "transport error: " + reply.error);
    }
    flush();
  });
}

// ---- ending --------------------------------------------------------------------------------

void PollingClient::close() {
  if (state_ == State::kClosed) return;
  std::string goodbye;
  if (state_ == State::kConnected) {
    SioPacket disconnect;
    disconnect.type = SioType::kDisconnect;
    disconnect.nsp = options_.nsp;
    goodbye = "4" + protocol::encode_sio(disconnect).text + protocol::kPayloadSeparator;
  }
  goodbye += "1";
  const bool had_session = !engine_sid().empty();
  finish();
  // The goodbye goes out on its own, outliving this client if need be; nobody waits for it.
  if (had_session) send_request(true, std::move(goodbye), kPostTimeout, [](Reply) {});
}

void PollingClient::end(const std::string& reason) {
  const State was = state_;
  if (was == State::kIdle || was == State::kClosed) return;
  finish();
  tell_ended(was, reason);
}

void PollingClient::finish() {
  end_session();
  for (auto& exchange : in_flight_)
    exchange->cut();
  in_flight_.clear();
  outgoing_.clear();
}

}  // namespace scaleout::sim
