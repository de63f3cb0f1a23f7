// Client: Engine.IO and Socket.IO packets. The first frame must be the open packet (sid and
// heartbeat timing); then every ping is answered at once, and Socket.IO packets for our namespace
// drive the connection: the CONNECT reply or refusal, events, acks and DISCONNECT.
#include <boost/asio/post.hpp>

#include "scaleout/sim/client.hpp"

namespace scaleout::sim {

using protocol::EioType;
using protocol::Json;
using protocol::SioPacket;
using protocol::SioType;
using protocol::WsOpcode;

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

void Client::on_text_frame(std::string_view frame) {
  // The load generator's fast path: a message frame seen before (and maybe instead of) parsing.
  if (handlers_.raw && state_ == State::kConnected && frame.size() > 1 && frame[0] == '4' &&
      !decoder_.awaiting_attachments()) {
    try {
      if (handlers_.raw(frame)) return;
    } catch (const std::exception& error) {
      end(std::string("handler error: ") + error.what(), Teardown::kGraceful);
      return;
    }
    if (state_ == State::kClosed) return;
  }
  auto packet = protocol::decode_eio_text(frame);
  if (!packet) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  if (!engine_open_) {
    if (packet->type != EioType::kOpen || packet->binary) {
      end("parse error", Teardown::kGraceful);
      return;
    }
    on_open_packet(packet->data);
    return;
  }
  if (packet->binary) {  // 'b' + base64: a binary message sent as text
    on_sio_decoded(decoder_.on_binary(std::move(packet->data)));
    return;
  }
  switch (packet->type) {
    case EioType::kPing:
      send_frame(WsOpcode::kText, "3");
      arm_ping_timer();
      break;
    case EioType::kMessage:
      on_sio_decoded(decoder_.on_text(packet->data));
      break;
    case EioType::kClose:
      end("transport close", Teardown::kGraceful);
      break;
    case EioType::kOpen:
      end("parse error", Teardown::kGraceful);  // only the first packet may be an open
      break;
    default:  // pong, upgrade, noop: nothing to do over a plain WebSocket
      break;
  }
}

void Client::on_binary_frame(std::string_view bytes) {
  if (!engine_open_) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  on_sio_decoded(decoder_.on_binary(std::string(bytes)));
}

void Client::on_open_packet(std::string_view data) {
  auto open = protocol::parse_json(data);
  if (!open || !open->is_object()) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  auto sid = open->find("sid");
  auto interval = milliseconds_field(*open, "pingInterval");
  auto timeout = milliseconds_field(*open, "pingTimeout");
  if (sid == open->end() || !sid->is_string() || !interval || !timeout) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  engine_open_ = true;
  engine_sid_ = sid->get<std::string>();
  ping_deadline_ = std::chrono::milliseconds(*interval + *timeout);
  arm_ping_timer();

  SioPacket connect;
  connect.type = SioType::kConnect;
  connect.nsp = options_.nsp;
  if (!options_.auth.is_null()) connect.data = options_.auth;
  send_sio(connect);
}

// Re-armed by every ping, and only by a ping, as socket.io-client does.
void Client::arm_ping_timer() {
  ping_timer_.expires_after(ping_deadline_);
  ping_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->end("ping timeout", Teardown::kGraceful);
  });
}

void Client::on_sio_decoded(protocol::Result<std::optional<SioPacket>> decoded) {
  if (!decoded) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  if (!decoded->has_value()) return;  // attachments still to come
  try {
    on_sio_packet(std::move(**decoded));
  } catch (const std::exception& error) {
    end(std::string("handler error: ") + error.what(), Teardown::kGraceful);
  }
}

void Client::on_sio_packet(SioPacket packet) {
  if (packet.nsp != options_.nsp) return;  // another client's namespace on a shared session
  switch (packet.type) {
    case SioType::kConnect:
      on_connect_reply(packet);
      break;
    case SioType::kConnectError:
      if (state_ == State::kOpening) {
        end("connect_error: " + connect_error_message(packet.data), Teardown::kGraceful);
      }
      break;
    case SioType::kDisconnect:
      end("io server disconnect", Teardown::kGraceful);
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

void Client::on_connect_reply(const SioPacket& packet) {
  if (state_ != State::kOpening) return;
  const Json* sid = nullptr;
  if (packet.data && packet.data->is_object()) {
    auto found = packet.data->find("sid");
    if (found != packet.data->end() && found->is_string()) sid = &*found;
  }
  if (!sid) {
    end("connect_error: the CONNECT reply has no sid (not a Socket.IO v5 server?)",
        Teardown::kGraceful);
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
  try {
    auto done = std::move(handlers_.done);
    if (done) done("");
  } catch (const std::exception& error) {
    end(std::string("handler error: ") + error.what(), Teardown::kGraceful);
    return;
  }
  for (auto& event : early) {
    if (state_ != State::kConnected) return;
    on_event_packet(event);
  }
}

void Client::on_event_packet(SioPacket& packet) {
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

void Client::on_ack_packet(SioPacket& packet) {
  if (state_ != State::kConnected || !packet.ack_id) return;
  auto found = acks_.find(*packet.ack_id);
  if (found == acks_.end()) return;
  AckHandler callback = std::move(found->second);
  acks_.erase(found);
  callback(std::move(*packet.data));
}

Client::AckReply Client::make_ack_reply(uint64_t ack_id) {
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

void Client::send_sio(const SioPacket& packet) {
  const auto encoded = protocol::encode_sio(packet);
  send_frame(WsOpcode::kText, "4", encoded.text);
  for (const auto& attachment : encoded.attachments)
    send_frame(WsOpcode::kBinary, attachment);
}

}  // namespace scaleout::sim
