// Adapter: the room registry and broadcaster of one namespace, as Socket.IO defines it. A
// namespace asks its adapter to add and remove sockets to and from rooms, to broadcast packets
// (with rooms, except and flags), and to run the cluster-wide requests (fetchSockets, allRooms,
// serverSideEmit, socketsJoin/Leave, disconnectSockets). InMemoryAdapter answers them for one
// server; RedisAdapter for every server that shares a Redis.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/adapter/namespace_port.hpp"
#include "scaleout/adapter/types.hpp"

namespace scaleout::adapter {

// Results of cluster-wide requests; `error` is empty on success. A partial result comes with an
// error that says what is missing (e.g. a request timeout).
using FetchSocketsCallback =
    std::function<void(std::vector<SocketDescription> sockets, std::string error)>;
using AllRoomsCallback = std::function<void(std::vector<Room> rooms, std::string error)>;
using ServerSideAckCallback = std::function<void(std::vector<Json> replies, std::string error)>;
using ClientCountCallback = std::function<void(size_t client_count)>;
using ServerCountCallback = std::function<void(size_t server_count)>;

class Adapter {
 public:
  virtual ~Adapter() = default;

  // "memory" or "redis": what the GUI and the trace call it.
  virtual std::string_view kind() const = 0;

  // Room membership of local sockets.
  virtual void add_all(const SocketId& id, const std::vector<Room>& rooms) = 0;
  virtual void del(const SocketId& id, const Room& room) = 0;
  virtual void del_all(const SocketId& id) = 0;
  virtual std::vector<Room> socket_rooms(const SocketId& id) const = 0;
  // Local sockets that a broadcast with `options` would reach.
  virtual std::vector<SocketId> local_sockets(const BroadcastOptions& options) const = 0;
  // Every local room, socket-id rooms included.
  virtual std::vector<Room> local_rooms() const = 0;
  virtual size_t local_room_count() const = 0;

  virtual void broadcast(const protocol::SioPacket& packet, const BroadcastOptions& options) = 0;
  // Broadcast whose recipients ack: `client_count` is told how many recipients there are (per
  // server), `ack` receives each recipient's first ack argument.
  virtual void broadcast_with_ack(const protocol::SioPacket& packet,
                                  const BroadcastOptions& options, ClientCountCallback client_count,
                                  AckCallback ack) = 0;

  virtual void fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) = 0;
  virtual void all_rooms(AllRoomsCallback done) = 0;
  virtual void add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) = 0;
  virtual void del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) = 0;
  virtual void disconnect_sockets(const BroadcastOptions& options, bool close) = 0;
  // Emits to the other servers' serverSideEmit listeners; with `ack`, waits for one reply each.
  virtual void server_side_emit(const Json& args, ServerSideAckCallback ack) = 0;
  virtual void server_count(ServerCountCallback done) = 0;

  // Stops listening to other servers (unsubscribes); local state stays.
  virtual void close() = 0;
};

}  // namespace scaleout::adapter
