// SioClient: Socket.IO packets of one connection, routed to namespaces and sockets.
#include "sio_client.hpp"

#include <boost/algorithm/string/trim.hpp>
#include <boost/asio/ip/address.hpp>
#include <cstdio>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/server/sio_server.hpp"
#include "scaleout/server/socket.hpp"

namespace scaleout::sim {

using protocol::SioPacket;
using protocol::SioType;

namespace {

// The address the client connects from: the TCP peer, or, when the peer is a proxy on this
// machine (our load balancer), the last X-Forwarded-For entry: the one that proxy wrote. Earlier
// entries came from the client and prove nothing.
std::string client_address(const HandshakeInfo& handshake) {
  boost::system::error_code error;
  const auto peer = boost::asio::ip::make_address(handshake.address, error);
  if (error || !peer.is_loopback()) return handshake.address;
  auto forwarded = handshake.headers.find("x-forwarded-for");
  if (forwarded == handshake.headers.end() || !forwarded->is_string()) return handshake.address;
  const std::string& list = forwarded->get_ref<const std::string&>();
  std::string last = boost::algorithm::trim_copy(list.substr(list.find_last_of(',') + 1));
  return last.empty() ? handshake.address : last;  // find_last_of: npos + 1 == 0, the whole list
}

}  // namespace

SioClient::SioClient(SioServer& server, std::shared_ptr<EngineSession> session)
    : server_(server),
      session_(std::move(session)),
      address_(client_address(session_->handshake())),
      connect_timer_(server.io()) {
  session_->set_handler(this);
  // A client that opens a session but joins no namespace in time is dropped.
  connect_timer_.expires_after(std::chrono::milliseconds(server.options().connect_timeout_ms));
  connect_timer_.async_wait([this](boost::system::error_code error) {
    if (!error && sockets_.empty()) close("connect timeout");
  });
}

SioClient::~SioClient() {
  connect_timer_.cancel();
  session_->set_handler(nullptr);
}

void SioClient::write(const SioPacket& packet) {
  write(adapter::encode_for_sockets(packet));
}

void SioClient::write(const adapter::EncodedPacket& packet) {
  for (const auto& frame : packet.frames)
    session_->send(frame);
}

void SioClient::track_delivery(const std::string& nsp, const std::string& socket,
                               const std::string& mid) {
  ServerTrace& trace = server_.trace();
  if (!trace.enabled()) return;
  unsent_.emplace_back(session_->queued_total(), trace.prepare_delivery(nsp, socket, mid));
}

void SioClient::on_engine_sent(uint64_t total_sent) {
  if (unsent_head_ == unsent_.size()) return;
  // Everything written by one write left at the same moment: one clock read for all of it.
  const int64_t now_ns = adapter::monotonic_ns();
  while (unsent_head_ < unsent_.size() && unsent_[unsent_head_].first <= total_sent) {
    server_.trace().delivered(unsent_[unsent_head_].second, now_ns);
    ++unsent_head_;
  }
  if (unsent_head_ == unsent_.size()) {
    unsent_.clear();
    unsent_head_ = 0;
  } else if (unsent_head_ >= 64 && unsent_head_ * 2 >= unsent_.size()) {
    unsent_.erase(unsent_.begin(), unsent_.begin() + static_cast<ptrdiff_t>(unsent_head_));
    unsent_head_ = 0;
  }
}

void SioClient::on_engine_flow(std::string_view state, size_t bytes) {
  for (const auto& [nsp, socket] : sockets_)
    server_.trace().flow(nsp, socket->id(), state, bytes);
}

void SioClient::close(std::string_view reason) {
  if (closed_) return;
  session_->close(reason);  // calls on_engine_close
}

void SioClient::forget_socket(const std::string& nsp) {
  sockets_.erase(nsp);
}

void SioClient::on_engine_message(protocol::EioPacket packet) {
  pending_bytes_ += packet.data.size();
  auto decoded =
      packet.binary ? decoder_.on_binary(std::move(packet.data)) : decoder_.on_text(packet.data);
  if (!decoded) {
    close("parse error");
    return;
  }
  if (decoded->has_value()) {
    const size_t bytes = pending_bytes_;
    pending_bytes_ = 0;
    handle_packet(std::move(**decoded), bytes);
  }
}

void SioClient::handle_packet(SioPacket packet, size_t wire_bytes) {
  if (packet.type == SioType::kConnect) {
    connect(std::move(packet));
    return;
  }
  auto found = sockets_.find(packet.nsp);
  switch (packet.type) {
    case SioType::kDisconnect:
      if (found != sockets_.end()) found->second->on_closed("client namespace disconnect");
      return;
    case SioType::kEvent:
    case SioType::kBinaryEvent:
      if (found != sockets_.end() && !server_.admit_message(address_)) {
        refuse_event(packet);
        return;
      }
      [[fallthrough]];
    case SioType::kAck:
    case SioType::kBinaryAck:
      if (found == sockets_.end()) {
        close("parse error");  // an event for a namespace the client never joined
        return;
      }
      found->second->on_packet(std::move(packet), wire_bytes);
      return;
    default:
      close("parse error");  // CONNECT_ERROR is for servers to send
      return;
  }
}

void SioClient::connect(SioPacket packet) {
  if (sockets_.contains(packet.nsp)) {
    close("parse error");  // a second CONNECT for the same namespace
    return;
  }
  Namespace* nsp = server_.find_namespace(packet.nsp);
  if (!nsp) {
    SioPacket refusal;
    refusal.type = SioType::kConnectError;
    refusal.nsp = packet.nsp;
    refusal.data = protocol::Json{{"message", "Invalid namespace"}};
    write(refusal);
    return;
  }
  protocol::Json auth =
      packet.data && packet.data->is_object() ? std::move(*packet.data) : protocol::Json::object();
  if (std::string refusal = server_.app().refuse_connection(auth); !refusal.empty()) {
    SioPacket reply;
    reply.type = SioType::kConnectError;
    reply.nsp = packet.nsp;
    reply.data = protocol::Json{{"message", std::move(refusal)}};
    write(reply);
    return;
  }
  connect_timer_.cancel();
  Socket& socket = nsp->add(*this, std::move(auth));
  sockets_[packet.nsp] = &socket;

  SioPacket reply;
  reply.type = SioType::kConnect;
  reply.nsp = packet.nsp;
  reply.data = protocol::Json{{"sid", socket.id()}};
  write(reply);
  server_.app().on_connection(socket);
}

void SioClient::refuse_event(const SioPacket& packet) {
  if (!packet.ack_id) return;
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", server_.options().chat.messages_per_second);
  SioPacket reply;
  reply.type = SioType::kAck;
  reply.nsp = packet.nsp;
  reply.ack_id = packet.ack_id;
  reply.data = protocol::Json::array(
      {protocol::Json{{"error", std::string("slow down: at most ") + rate +
                                    " messages a second from your address"}}});
  write(reply);
}

void SioClient::on_engine_upgrade() {
  for (auto& [nsp, socket] : sockets_) {
    server_.trace().client_upgrade(nsp, socket->id(), session_->transport_name());
  }
}

void SioClient::on_engine_close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  connect_timer_.cancel();
  // What was queued and never left is lost with the connection.
  const char* lost_because = reason == "slow consumer" ? "slow consumer" : "disconnected";
  for (size_t i = unsent_head_; i < unsent_.size(); ++i)
    server_.trace().lost(unsent_[i].second, lost_because);
  unsent_.clear();
  unsent_head_ = 0;
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& [nsp, socket] : sockets)
    socket->on_closed(reason);
  server_.forget_client(*this);
}

}  // namespace scaleout::sim
