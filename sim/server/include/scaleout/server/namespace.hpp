// Namespace: a group of sockets with its own rooms and its own adapter ("/", "/chat", ...). It
// is the adapter's NamespacePort: the adapter decides who gets a broadcast, the namespace writes
// to them. Lives on its server's thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "scaleout/adapter/adapter.hpp"
#include "scaleout/adapter/namespace_port.hpp"
#include "scaleout/server/socket.hpp"

namespace scaleout::sim {

class SioServer;

using AdapterFactory =
    std::function<std::unique_ptr<adapter::Adapter>(adapter::NamespacePort& nsp)>;

class Namespace : public adapter::NamespacePort {
 public:
  Namespace(SioServer& server, std::string name, const AdapterFactory& make_adapter);
  ~Namespace() override;

  SioServer& server() { return server_; }
  adapter::Adapter& adapter() { return *adapter_; }
  size_t socket_count() const { return sockets_.size(); }
  Socket* find(const std::string& id);
  template <class Visit>
  void for_each_socket(Visit&& visit) {
    for (auto& [id, socket] : sockets_)
      visit(*socket);
  }

  // io.to(rooms).except(except).emit(event, ...args)
  void emit(std::string_view event, protocol::Json args, const adapter::BroadcastOptions& options);

  Socket& add(SioClient& client, protocol::Json auth);
  void remove(Socket& socket, std::string_view reason);

  // adapter::NamespacePort
  const std::string& name() const override { return name_; }
  void deliver(const adapter::SocketId& id, const adapter::EncodedPacket& packet) override;
  void expect_ack(const adapter::SocketId& id, uint64_t ack_id,
                  adapter::AckCallback callback) override;
  uint64_t next_ack_id() override { return next_ack_id_++; }
  std::optional<adapter::SocketDescription> describe(const adapter::SocketId& id) const override;
  void disconnect_socket(const adapter::SocketId& id, bool close) override;
  void on_joined(const adapter::SocketId& id, const adapter::Room& room) override;
  void on_left(const adapter::SocketId& id, const adapter::Room& room) override;
  void on_server_side_emit(const protocol::Json& args, adapter::AckCallback ack) override;

 private:
  void write_delivery(const adapter::SocketId& id, const adapter::EncodedPacket& packet);

  SioServer& server_;
  std::string name_;
  std::unordered_map<std::string, std::unique_ptr<Socket>> sockets_;
  std::unique_ptr<adapter::Adapter> adapter_;
  uint64_t next_ack_id_ = 0;
};

}  // namespace scaleout::sim
