// SioSession: the Socket.IO protocol of a client, shared by both transports. The open packet
// arms the ping deadline (re-armed by every ping, and only by a ping, as socket.io-client does)
// and sends the CONNECT; its reply joins the namespace, sends what was emitted meanwhile and
// hands over the events that came first; acks find their callbacks by id.
#include "scaleout/client/sio_session.hpp"

#include <boost/asio/post.hpp>

namespace scaleout::sim {

using protocol::EioType;
using protocol::Json;
using protocol::SioPacket;
using protocol::SioType;

namespace {

// A timing from the open packet, in ms; nullopt when absent or not a sensible number.
std::optional<int64_t> milliseconds_field(const Json& open, const char* name) {
  auto found = open.find(name);
  if (found == open.end() || !found->is_number_integer()) return std::nullopt;
  const int64_t value = found->get<int64_t>();
  if (value < 0) return std::nullopt;
  return value;
}

// The message of a CONNECT_ERROR: {"message": ...} or, from older servers, a bare string.
std::string connect_error_message(const std::optional<Json>& data) {
  if (!data) return "refused";
  if (data->is_string()) return data->get<std::string>();
  if (data->is_object()) {
    auto message = data->find("message");
    if (message != data->end() && message->is_string()) return message->get<std::string>();
  }
  return protocol::dump_json(*data);
}

}  // namespace

SioSession::SioSession(boost::asio::io_context& io, ClientOptions options)
    : io_(io), options_(std::move(options)), connect_timer_(io), ping_timer_(io) {
  if (options_.nsp.empty() || options_.nsp[0] != '/') options_.nsp.insert(0, 1, '/');
}

bool SioSession::begin_connect(ConnectHandler done) {
  if (state_ != State::kIdle) {
    if (state_ != State::kClosed && done) {
      boost::asio::post(io_, [weak = weak_session(), done = std::move(done)] {
        auto self = weak.lock();
        if (self && self->state_ != State::kClosed) done("connect() was already called");
      });
    }
    return false;
  }
  state_ = State::kOpening;
  handlers_.done = std::move(done);
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([weak = weak_session()](boost::system::error_code error) {
    auto self = weak.lock();
    if (!error && self) self->fail("timeout");
  });
  return true;
}

bool SioSession::on_open_packet(std::string_view data) {
  auto open = protocol::parse_json(data);
  if (!open || !open->is_object()) return false;
  auto sid = open->find("sid");
  auto interval = milliseconds_field(*open, "pingInterval");
  auto timeout = milliseconds_field(*open, "pingTimeout");
  if (sid == open->end() || !sid->is_string() || !interval || !timeout) return false;
  engine_sid_ = sid->get<std::string>();
  ping_deadline_ = std::chrono::milliseconds(*interval + *timeout);
  arm_ping_timer();

  SioPacket connect;
  connect.type = SioType::kConnect;
  connect.nsp = options_.nsp;
  if (!options_.auth.is_null()) connect.data = options_.auth;
  send_sio(connect);
  return true;
}

void SioSession::arm_ping_timer() {
  ping_timer_.expires_after(ping_deadline_);
  ping_timer_.async_wait([weak = weak_session()](boost::system::error_code error) {
    auto self = weak.lock();
    if (!error && self) self->fail("ping timeout");
  });
}

void SioSession::on_engine_packet(protocol::EioPacket packet) {
  if (packet.binary) {  // a binary message, or 'b' + base64 sent as text
    on_decoded(decoder_.on_binary(std::move(packet.data)));
    return;
  }
  switch (packet.type) {
    case EioType::kPing:
      send_pong();
      arm_ping_timer();
      break;
    case EioType::kMessage:
      on_decoded(decoder_.on_text(packet.data));
      break;
    case EioType::kClose:
      fail("transport close");
      break;
    case EioType::kOpen:
      fail("parse error");  // only the first packet may be an open
      break;
    default:  // pong, upgrade, noop: nothing to do for a client that does not upgrade
      break;
  }
}

void SioSession::on_decoded(protocol::Result<std::optional<SioPacket>> decoded) {
  if (!decoded) {
    fail("parse error");
    return;
  }
  if (!decoded->has_value()) return;  // attachments still to come
  try {
    on_sio_packet(std::move(**decoded));
  } catch (const std::exception& error) {
    fail(std::string("handler error: ") + error.what());
  }
}

void SioSession::on_sio_packet(SioPacket packet) {
  if (packet.nsp != options_.nsp) return;  // another client's namespace on a shared session
  switch (packet.type) {
    case SioType::kConnect:
      on_connect_reply(packet);
      break;
    case SioType::kConnectError:
      if (state_ == State::kOpening) fail("connect_error: " + connect_error_message(packet.data));
      break;
    case SioType::kDisconnect:
      fail("io server disconnect");
      break;
    case SioType::kEvent:
    case SioType::kBinaryEvent:
      if (state_ == State::kOpening) {
        early_events_.push_back(std::move(packet));
      } else {
        on_event_packet(packet);
      }
      break;
    case SioType::kAck:
    case SioType::kBinaryAck:
      on_ack_packet(packet);
      break;
  }
}

void SioSession::on_connect_reply(const SioPacket& packet) {
  if (state_ != State::kOpening) return;
  const Json* sid = nullptr;
  if (packet.data && packet.data->is_object()) {
    auto found = packet.data->find("sid");
    if (found != packet.data->end() && found->is_string()) sid = &*found;
  }
  if (!sid) {
    fail("connect_error: the CONNECT reply has no sid (not a Socket.IO v5 server?)");
    return;
  }
  id_ = sid->get<std::string>();
  state_ = State::kConnected;
  connect_timer_.cancel();
  for (const auto& unsent : unsent_)
    send_sio(unsent);
  unsent_.clear();
  auto early = std::move(early_events_);
  early_events_.clear();
  auto done = std::move(handlers_.done);
  if (done) done("");  // a throw is caught by on_decoded
  for (auto& event : early) {
    if (state_ != State::kConnected) return;
    on_event_packet(event);
  }
}

void SioSession::on_event_packet(SioPacket& packet) {
  // The decoder has checked the shape: a non-empty array whose first element is the name.
  Json& data = *packet.data;
  std::string event = data[0].is_string() ? std::move(data[0].get_ref<std::string&>())
                                          : protocol::dump_json(data[0]);
  data.erase(data.begin());
  if (event == "welcome" && server_name_.empty() && !data.empty() && data[0].is_object()) {
    auto server = data[0].find("server");
    if (server != data[0].end() && server->is_string()) server_name_ = server->get<std::string>();
  }
  if (!handlers_.event) return;
  handlers_.event(event, data, packet.ack_id ? make_ack_reply(*packet.ack_id) : AckReply());
}

void SioSession::on_ack_packet(SioPacket& packet) {
  if (state_ != State::kConnected || !packet.ack_id) return;
  auto found = acks_.find(*packet.ack_id);
  if (found == acks_.end()) return;
  AckHandler callback = std::move(found->second);
  acks_.erase(found);
  callback(std::move(*packet.data));
}

SioSession::AckReply SioSession::make_ack_reply(uint64_t ack_id) {
  return [weak = weak_session(), ack_id](Json args) {
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

void SioSession::emit(std::string_view event, Json args, AckHandler ack) {
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

SioSession::State SioSession::end_session() {
  const State was = state_;
  state_ = State::kClosed;
  connect_timer_.cancel();
  ping_timer_.cancel();
  acks_.clear();
  unsent_.clear();
  early_events_.clear();
  // Released from the event loop, never while one of them may be running (this may be called
  // from inside a handler).
  boost::asio::post(io_, [weak = weak_session()] {
    if (auto self = weak.lock()) self->handlers_ = Handlers{};
  });
  return was;
}

void SioSession::tell_ended(State was, const std::string& reason) {
  try {
    if (was == State::kOpening && handlers_.done) {
      auto done = std::move(handlers_.done);
      done(reason);
    } else if (was == State::kConnected && handlers_.disconnect) {
      auto disconnected = std::move(handlers_.disconnect);
      disconnected(reason);
    }
  } catch (...) {
  }
}

}  // namespace scaleout::sim
