// Socket: events, acks and rooms of one client in one namespace.
#include "scaleout/server/socket.hpp"

#include <ctime>

#include "capacity_queue.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/sio_server.hpp"
#include "sio_client.hpp"

namespace scaleout::sim {

using protocol::Json;
using protocol::SioPacket;
using protocol::SioType;

namespace {

// JavaScript's Date.prototype.toString() for a UTC time, as Node puts in handshake.time.
std::string javascript_date(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::strftime(text, sizeof text, "%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)",
                &utc);
  return text;
}

}  // namespace

Socket::Socket(Namespace& nsp, SioClient& client, std::string id, Json auth)
    : nsp_(nsp), client_(client), id_(std::move(id)), auth_(std::move(auth)) {}

const char* Socket::transport() const {
  return client_.session().transport_name();
}

Json Socket::handshake() const {
  const HandshakeInfo& info = client_.session().handshake();
  Json handshake;
  handshake["headers"] = info.headers;
  handshake["time"] = javascript_date(info.issued_ms);
  handshake["address"] = info.address;
  handshake["xdomain"] = info.headers.contains("origin");
  handshake["secure"] = false;
  handshake["issued"] = info.issued_ms;
  handshake["url"] = info.url;
  handshake["query"] = info.query;
  handshake["auth"] = auth_;
  return handshake;
}

void Socket::emit(std::string_view event, Json args, adapter::AckCallback ack) {
  if (!connected_) return;
  SioPacket packet;
  packet.type = SioType::kEvent;
  packet.nsp = nsp_.name();
  Json data = Json::array();
  data.push_back(std::string(event));
  for (auto& arg : args)
    data.push_back(std::move(arg));
  packet.data = std::move(data);
  if (ack) {
    packet.ack_id = nsp_.next_ack_id();
    acks_.emplace(*packet.ack_id, std::move(ack));
  }
  client_.write(packet);
}

bool Socket::join(const std::string& room) {
  const ServerOptions& limits = nsp_.server().options();
  if (room.size() > limits.max_room_name_bytes) return false;
  // +1: the socket's own room does not count against the limit.
  if (nsp_.adapter().socket_rooms(id_).size() >= limits.max_rooms_per_socket + 1) return false;
  nsp_.adapter().add_all(id_, {room});
  return true;
}

void Socket::leave(const std::string& room) {
  nsp_.adapter().del(id_, room);
}

std::vector<std::string> Socket::rooms() const {
  return nsp_.adapter().socket_rooms(id_);
}

void Socket::disconnect(bool close) {
  if (!connected_) return;
  SioPacket packet;
  packet.type = SioType::kDisconnect;
  packet.nsp = nsp_.name();
  client_.write(packet);
  SioClient& client = client_;
  on_closed("server namespace disconnect");  // destroys this socket
  if (close) client.close("forced server close");
}

void Socket::close_connection(std::string_view reason) {
  client_.close(reason);
}

void Socket::expect_ack(uint64_t ack_id, adapter::AckCallback callback) {
  acks_.emplace(ack_id, std::move(callback));
}

AckFunction Socket::make_ack(uint64_t ack_id, std::string mid) {
  // The ack may be called after the socket is gone; it then finds no socket and does nothing.
  return [server = &nsp_.server(), nsp = nsp_.name(), id = id_, ack_id,
          mid = std::move(mid)](Json args) {
    Namespace* space = server->find_namespace(nsp);
    Socket* socket = space ? space->find(id) : nullptr;
    if (!socket) return;
    SioPacket packet;
    packet.type = SioType::kAck;
    packet.nsp = nsp;
    packet.ack_id = ack_id;
    packet.data = args.is_array() ? std::move(args) : Json::array({std::move(args)});
    socket->client().write(packet);
    if (!mid.empty()) server->trace().ack(nsp, id, mid);
  };
}

void Socket::on_packet(SioPacket packet, size_t wire_bytes) {
  Json& data = *packet.data;
  if (packet.type == SioType::kAck || packet.type == SioType::kBinaryAck) {
    if (!packet.ack_id) return;
    auto found = acks_.find(*packet.ack_id);
    if (found == acks_.end()) return;
    auto callback = std::move(found->second);
    acks_.erase(found);
    callback(std::move(data));
    return;
  }
  std::string event = data[0].is_string() ? data[0].get<std::string>() : data[0].dump();
  Json args = Json::array();
  for (size_t i = 1; i < data.size(); ++i)
    args.push_back(std::move(data[i]));
  App& app = nsp_.server().app();
  EventTag tag = app.tag_event(event, args);
  AckFunction ack = packet.ack_id ? make_ack(*packet.ack_id, tag.mid) : AckFunction();
  nsp_.server().trace().recv(nsp_.name(), id_, event, wire_bytes, tag.mid, tag.room);
  if (CapacityQueue* capacity = nsp_.server().capacity()) {
    // The capacity model: handled once a vCPU is free and has spent the event's cost on it.
    capacity->handle_event([&nsp = nsp_, id = id_, event = std::move(event), args = std::move(args),
                            ack = std::move(ack)]() mutable {
      if (Socket* socket = nsp.find(id))
        nsp.server().app().on_event(*socket, event, std::move(args), std::move(ack));
    });
    return;
  }
  app.on_event(*this, event, std::move(args), std::move(ack));
}

void Socket::on_closed(std::string_view reason) {
  if (!connected_) return;
  connected_ = false;
  acks_.clear();
  client_.forget_socket(nsp_.name());
  nsp_.remove(*this, reason);
}

}  // namespace scaleout::sim
