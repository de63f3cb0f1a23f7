// NamespacePort: what an adapter asks of the namespace it serves. The namespace (in sim/) owns the
// sockets; the adapter only knows their ids and reaches them through this interface, so that
// adapter/ never depends on the server code above it.
#pragma once

#include <string>

#include "scaleout/adapter/types.hpp"

namespace scaleout::adapter {

class NamespacePort {
 public:
  virtual ~NamespacePort() = default;

  virtual const std::string& name() const = 0;

  // Writes an already encoded packet to one local socket.
  virtual void deliver(const SocketId& id, const EncodedPacket& packet) = 0;

  // Registers the callback for the ack that `id` will send for `ack_id`.
  virtual void expect_ack(const SocketId& id, uint64_t ack_id, AckCallback callback) = 0;

  // A fresh ack id for a broadcast with acks (one per namespace, as in Node).
  virtual uint64_t next_ack_id() = 0;

  virtual std::optional<SocketDescription> describe(const SocketId& id) const = 0;

  // Disconnects a local socket, and its whole connection when `close` is set.
  virtual void disconnect_socket(const SocketId& id, bool close) = 0;

  // Told after every change of membership, whoever asked for it (a local join, a remote
  // socketsJoin, a disconnect), so that the trace sees them all.
  virtual void on_joined(const SocketId& id, const Room& room) = 0;
  virtual void on_left(const SocketId& id, const Room& room) = 0;

  // Runs the namespace's serverSideEmit listeners; `ack` is empty when the sender wants none.
  virtual void on_server_side_emit(const Json& args, AckCallback ack) = 0;
};

}  // namespace scaleout::adapter
