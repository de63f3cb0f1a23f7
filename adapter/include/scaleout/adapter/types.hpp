// The vocabulary shared by every adapter and the namespaces they serve: socket ids, rooms,
// broadcast options and the description of a socket that fetchSockets returns.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scaleout/protocol/engineio_packet.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/socketio_packet.hpp"

namespace scaleout::adapter {

using protocol::Json;
using SocketId = std::string;
using Room = std::string;

// Socket.IO's broadcast flags. `local` keeps a broadcast on this server; `timeout` (ms) is set
// for broadcasts that wait for acks.
struct BroadcastFlags {
  bool local = false;
  bool is_volatile = false;
  std::optional<bool> compress;
  std::optional<int64_t> timeout_ms;
};

// Who a broadcast is for: members of any of `rooms` (every socket when empty), minus members of
// any of `except`.
struct BroadcastOptions {
  std::vector<Room> rooms;
  std::vector<Room> except;
  BroadcastFlags flags;
};

// A packet encoded once, shared by all of its local recipients: the Engine.IO frames (text, then
// binary attachments) and the message id used to follow it through the trace.
struct EncodedPacket {
  std::vector<protocol::EioFrame> frames;
  std::string mid;
  size_t bytes = 0;
};

EncodedPacket encode_for_sockets(const protocol::SioPacket& packet);

// The message id that `say` puts in the `said` object ("mid"), when an event's first argument
// carries one; empty otherwise. Numbers are written as decimal text.
std::string message_id_of(const protocol::SioPacket& packet);

// What fetchSockets returns for one socket (Node's RemoteSocket reads exactly these).
struct SocketDescription {
  SocketId id;
  Json handshake;
  std::vector<Room> rooms;
  Json data;
};

using AckCallback = std::function<void(Json args)>;

// Random text of `length` characters from [A-Za-z0-9]: adapter uids and request ids, like
// Node's uid2().
std::string random_token(size_t length);

}  // namespace scaleout::adapter
