// PollingClient: the long-polling session. Each Exchange is one HTTP request on a fresh
// connection (connect -> write -> read, under one deadline); the client keeps at most one GET
// and one POST in flight and ends through end() (tell the user why) or close() (the user asked),
// both through finish().
#include "scaleout/sim/polling_client.hpp"

#include <utility>

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "client/websocket_handshake.hpp"
#include "scaleout/protocol/base64.hpp"
#include "scaleout/protocol/engineio_packet.hpp"

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

std::string connect_error_message(const std::optional<Json>& data) {
  if (!data) return "refused";
  if (data->is_string()) return data->get<std::string>();
  if (data->is_object() && data->contains("message") && (*data)["message"].is_string()) {
    return (*data)["message"].get<std::string>();
  }
  return protocol::dump_json(*data);
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
    : io_(io), options_(std::move(options)), connect_timer_(io), ping_timer_(io) {
  if (options_.nsp.empty() || options_.nsp[0] != '/') options_.nsp.insert(0, 1, '/');
}

PollingClient::~PollingClient() {
  for (auto& exchange : in_flight_)
    exchange->cut();
}

// ---- the session -------------------------------------------------------------------------

void PollingClient::connect(ConnectHandler done) {
  if (state_ != State::kIdle) return;
  state_ = State::kOpening;
  done_ = std::move(done);
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->end("timeout");
  });
  // Posted, so that `done` is never called from inside connect().
  asio::post(io_, [self = shared_from_this()] {
    self->request(false, {}, [self](Reply reply) { self->on_handshake(std::move(reply)); });
  });
}

void PollingClient::request(bool post, std::string body, std::function<void(Reply)> done) {
  if (state_ == State::kClosed) return;
  const auto timeout =
      post ? std::chrono::milliseconds(kPostTimeout)
           : (engine_sid_.empty() ? options_.connect_timeout
                                  : ping_deadline_ + std::chrono::milliseconds(kPollGrace));
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
  if (!engine_sid_.empty()) query.emplace_back("sid", engine_sid_);
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
  if (!packets || packets->empty() || (*packets)[0].type != EioType::kOpen) {
    return end("parse error");
  }
  auto open = protocol::parse_json((*packets)[0].data);
  if (!open || !open->is_object() || !open->contains("sid") || !(*open)["sid"].is_string()) {
    return end("parse error");
  }
  engine_sid_ = (*open)["sid"].get<std::string>();
  const Json& interval = (*open)["pingInterval"];
  const Json& timeout = (*open)["pingTimeout"];
  if (interval.is_number_integer() && timeout.is_number_integer()) {
    ping_deadline_ = std::chrono::milliseconds(interval.get<int64_t>() + timeout.get<int64_t>());
  }
  arm_ping_timer();
  SioPacket connect;
  connect.type = SioType::kConnect;
  connect.nsp = options_.nsp;
  if (!options_.auth.is_null()) connect.data = options_.auth;
  send_sio(connect);
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
    on_packet(std::move(packet));
  }
}

void PollingClient::on_packet(protocol::EioPacket packet) {
  auto handle = [this](protocol::Result<std::optional<SioPacket>> decoded) {
    if (!decoded) return end("parse error");
    if (!decoded->has_value()) return;  // attachments still to come
    try {
      on_sio_packet(std::move(**decoded));
    } catch (const std::exception& error) {
      end(std::string("handler error: ") + error.what());
    }
  };
  if (packet.binary) return handle(decoder_.on_binary(std::move(packet.data)));
  switch (packet.type) {
    case EioType::kPing:
      send_packet("3");
      arm_ping_timer();
      break;
    case EioType::kMessage:
      handle(decoder_.on_text(packet.data));
      break;
    case EioType::kClose:
      end("transport close");
      break;
    default:  // open again, pong, upgrade, noop: nothing to do
      break;
  }
}

void PollingClient::on_sio_packet(SioPacket packet) {
  if (packet.nsp != options_.nsp) return;
  switch (packet.type) {
    case SioType::kConnect: {
      if (state_ != State::kOpening) return;
      if (!packet.data || !packet.data->is_object() || !packet.data->contains("sid") ||
          !(*packet.data)["sid"].is_string()) {
        return end("connect_error: the CONNECT reply has no sid");
      }
      id_ = (*packet.data)["sid"].get<std::string>();
      state_ = State::kConnected;
      connect_timer_.cancel();
      for (const auto& unsent : unsent_)
        send_sio(unsent);
      unsent_.clear();
      if (auto done = std::move(done_)) done("");
      break;
    }
    case SioType::kConnectError:
      if (state_ == State::kOpening) end("connect_error: " + connect_error_message(packet.data));
      break;
    case SioType::kDisconnect:
      end("io server disconnect");
      break;
    case SioType::kEvent:
    case SioType::kBinaryEvent:
      if (state_ == State::kConnected) on_event_packet(packet);
      break;
    case SioType::kAck:
    case SioType::kBinaryAck: {
      if (!packet.ack_id) return;
      auto found = acks_.find(*packet.ack_id);
      if (found == acks_.end()) return;
      AckHandler callback = std::move(found->second);
      acks_.erase(found);
      callback(std::move(*packet.data));
      break;
    }
  }
}

void PollingClient::on_event_packet(SioPacket& packet) {
  Json& data = *packet.data;
  std::string event = data[0].is_string() ? std::move(data[0].get_ref<std::string&>())
                                          : protocol::dump_json(data[0]);
  data.erase(data.begin());
  if (!event_handler_) return;
  event_handler_(event, data, packet.ack_id ? make_ack_reply(*packet.ack_id) : AckReply());
}

PollingClient::AckReply PollingClient::make_ack_reply(uint64_t ack_id) {
  return [weak = weak_from_this(), ack_id](Json args) {
    auto self = weak.lock();
    if (!self || self->state_ != State::kConnected) return;
    SioPacket packet;
    packet.type = SioType::kAck;
    packet.nsp = self->options_.nsp;
    packet.ack_id = ack_id;
    packet.data = args.is_array() ? std::move(args) : Json::array({std::move(args)});
    self->send_sio(packet);
  };
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

void PollingClient::emit(std::string_view event, Json args, AckHandler ack) {
  if (state_ == State::kClosed) return;
  SioPacket packet;
  packet.type = SioType::kEvent;
  packet.nsp = options_.nsp;
  Json data = Json::array();
  data.push_back(std::string(event));
  if (args.is_array()) {
    for (auto& arg : args)
      data.push_back(std::move(arg));
  } else if (!args.is_null()) {
    data.push_back(std::move(args));
  }
  packet.data = std::move(data);
  if (ack) {
    packet.ack_id = next_ack_id_++;
    acks_.emplace(*packet.ack_id, std::move(ack));
  }
  if (state_ == State::kConnected) {
    send_sio(packet);
  } else {
    unsent_.push_back(std::move(packet));
  }
}

// Re-armed by every ping, as socket.io-client does.
void PollingClient::arm_ping_timer() {
  ping_timer_.expires_after(ping_deadline_);
  ping_timer_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
    auto self = weak.lock();
    if (!error && self) self->end("ping timeout");
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
  const bool had_session = !engine_sid_.empty();
  finish();
  // The goodbye goes out on its own, outliving this client if need be; nobody waits for it.
  if (had_session) send_request(true, std::move(goodbye), kPostTimeout, [](Reply) {});
}

void PollingClient::end(const std::string& reason) {
  if (state_ == State::kClosed) return;
  const bool was_connected = state_ == State::kConnected;
  auto done = std::exchange(done_, nullptr);
  auto disconnected = std::exchange(disconnect_handler_, nullptr);
  finish();
  if (!was_connected) {
    if (done) done(reason);
  } else if (disconnected) {
    disconnected(reason);
  }
}

void PollingClient::finish() {
  state_ = State::kClosed;
  connect_timer_.cancel();
  ping_timer_.cancel();
  for (auto& exchange : in_flight_)
    exchange->cut();
  in_flight_.clear();
  outgoing_.clear();
  acks_.clear();
  unsent_.clear();
  done_ = nullptr;
  event_handler_ = nullptr;
  disconnect_handler_ = nullptr;
}

}  // namespace scaleout::sim
