// Socket: one client's connection to one namespace (Socket.IO's server-side socket). It has a
// 20-character id of its own (not the Engine.IO sid), rooms, handshake data and acks waiting in
// both directions. Lives on its server's thread, owned by its namespace.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scaleout/adapter/types.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/socketio_packet.hpp"
#include "scaleout/server/app.hpp"

namespace scaleout::sim {

class Namespace;
class SioClient;

class Socket {
 public:
  Socket(Namespace& nsp, SioClient& client, std::string id, protocol::Json auth);

  const std::string& id() const { return id_; }
  Namespace& nsp() { return nsp_; }
  SioClient& client() { return client_; }
  const char* transport() const;
  protocol::Json& data() { return data_; }
  // What the client sent in its CONNECT packet (an object, maybe empty).
  const protocol::Json& auth() const { return auth_; }
  // Socket.IO's socket.handshake: headers, time, address, xdomain, secure, issued, url, query,
  // auth.
  protocol::Json handshake() const;

  // Emits to this socket alone; with `ack`, the client's reply arrives there.
  void emit(std::string_view event, protocol::Json args, adapter::AckCallback ack = {});
  // false when a limit refuses it (room name too long, too many rooms).
  bool join(const std::string& room);
  void leave(const std::string& room);
  std::vector<std::string> rooms() const;
  // Sends DISCONNECT and forgets the socket; with `close`, ends the whole connection too.
  void disconnect(bool close = false);
  // Ends the whole connection as a server shutting down would: no DISCONNECT, so that the
  // client reconnects by itself (a drain lets its clients go this way).
  void close_connection(std::string_view reason);

  // Called by the client and the namespace.
  void on_packet(protocol::SioPacket packet, size_t wire_bytes);
  void on_closed(std::string_view reason);
  void expect_ack(uint64_t ack_id, adapter::AckCallback callback);

 private:
  // `mid`: the message id of the event it answers, for the trace's `ack`.
  AckFunction make_ack(uint64_t ack_id, std::string mid);

  Namespace& nsp_;
  SioClient& client_;
  std::string id_;
  protocol::Json auth_;
  protocol::Json data_ = protocol::Json::object();
  std::unordered_map<uint64_t, adapter::AckCallback> acks_;
  bool connected_ = true;
};

}  // namespace scaleout::sim
