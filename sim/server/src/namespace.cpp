// Namespace: sockets, broadcasts through the adapter, and the adapter's view of the sockets.
#include "scaleout/server/namespace.hpp"

#include "capacity_queue.hpp"
#include "scaleout/base/ids.hpp"
#include "scaleout/server/sio_server.hpp"
#include "sio_client.hpp"

namespace scaleout::sim {

using protocol::Json;

Namespace::Namespace(SioServer& server, std::string name, const AdapterFactory& make_adapter)
    : server_(server), name_(std::move(name)), adapter_(make_adapter(*this)) {}

Namespace::~Namespace() {
  adapter_->close();
}

Socket* Namespace::find(const std::string& id) {
  auto found = sockets_.find(id);
  return found == sockets_.end() ? nullptr : found->second.get();
}

void Namespace::emit(std::string_view event, Json args, const adapter::BroadcastOptions& options) {
  protocol::SioPacket packet;
  packet.type = protocol::SioType::kEvent;
  packet.nsp = name_;
  Json data = Json::array();
  data.push_back(std::string(event));
  for (auto& arg : args)
    data.push_back(std::move(arg));
  packet.data = std::move(data);
  adapter_->broadcast(packet, options);
}

Socket& Namespace::add(SioClient& client, Json auth) {
  std::string id = generate_id();
  std::string client_name;
  if (auth.is_object()) {
    auto name = auth.find("name");
    if (name != auth.end() && name->is_string()) client_name = name->get<std::string>();
  }
  auto socket = std::make_unique<Socket>(*this, client, id, std::move(auth));
  Socket& added = *socket;
  sockets_.emplace(id, std::move(socket));
  server_.trace().client_connect(name_, id, client.session().transport_name(), client_name);
  adapter_->add_all(id, {id});  // every socket is in the room named after its id
  return added;
}

void Namespace::remove(Socket& socket, std::string_view reason) {
  auto found = sockets_.find(socket.id());
  if (found == sockets_.end()) return;
  std::unique_ptr<Socket> leaving = std::move(found->second);
  sockets_.erase(found);
  adapter_->del_all(leaving->id());
  server_.trace().client_disconnect(name_, leaving->id(), reason);
  server_.app().on_disconnect(*leaving, reason);
}

void Namespace::deliver(const adapter::SocketId& id, const adapter::EncodedPacket& packet) {
  if (CapacityQueue* capacity = server_.capacity()) {
    // The capacity model: written once a vCPU is free and has spent a delivery's cost on it.
    capacity->deliver([this, id, packet] { write_delivery(id, packet); });
    return;
  }
  write_delivery(id, packet);
}

void Namespace::write_delivery(const adapter::SocketId& id, const adapter::EncodedPacket& packet) {
  if (Socket* socket = find(id)) {
    socket->client().write(packet);
    socket->client().track_delivery(name_, id, packet.mid);
  }
}

void Namespace::expect_ack(const adapter::SocketId& id, uint64_t ack_id,
                           adapter::AckCallback callback) {
  if (Socket* socket = find(id)) socket->expect_ack(ack_id, std::move(callback));
}

std::optional<adapter::SocketDescription> Namespace::describe(const adapter::SocketId& id) const {
  auto found = sockets_.find(id);
  if (found == sockets_.end()) return std::nullopt;
  Socket& socket = *found->second;
  return adapter::SocketDescription{socket.id(), socket.handshake(), socket.rooms(), socket.data()};
}

void Namespace::disconnect_socket(const adapter::SocketId& id, bool close) {
  if (Socket* socket = find(id)) socket->disconnect(close);
}

// A socket's own room (named after its id) is not worth a trace event.
void Namespace::on_joined(const adapter::SocketId& id, const adapter::Room& room) {
  if (room != id) server_.trace().join(name_, id, room);
}

void Namespace::on_left(const adapter::SocketId& id, const adapter::Room& room) {
  if (room != id) server_.trace().leave(name_, id, room);
}

void Namespace::on_server_side_emit(const Json& args, adapter::AckCallback ack) {
  server_.app().on_server_side_emit(*this, args, std::move(ack));
}

}  // namespace scaleout::sim
