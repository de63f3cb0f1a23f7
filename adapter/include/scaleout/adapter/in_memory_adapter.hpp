// InMemoryAdapter: rooms and broadcasts within one server, the behaviour of socket.io-adapter's
// base class. RedisAdapter builds on it for the local half of every operation.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "scaleout/adapter/adapter.hpp"

namespace scaleout::adapter {

class InMemoryAdapter : public Adapter {
 public:
  explicit InMemoryAdapter(NamespacePort& nsp) : nsp_(nsp) {}

  std::string_view kind() const override { return "memory"; }

  void add_all(const SocketId& id, const std::vector<Room>& rooms) override;
  void del(const SocketId& id, const Room& room) override;
  void del_all(const SocketId& id) override;
  std::vector<Room> socket_rooms(const SocketId& id) const override;
  std::vector<SocketId> local_sockets(const BroadcastOptions& options) const override;
  std::vector<Room> local_rooms() const override;
  size_t local_room_count() const override { return rooms_.size(); }

  void broadcast(const protocol::SioPacket& packet, const BroadcastOptions& options) override;
  void broadcast_with_ack(const protocol::SioPacket& packet, const BroadcastOptions& options,
                          ClientCountCallback client_count, AckCallback ack) override;

  void fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) override;
  void all_rooms(AllRoomsCallback done) override;
  void add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void disconnect_sockets(const BroadcastOptions& options, bool close) override;
  void server_side_emit(const Json& args, ServerSideAckCallback ack) override;
  void server_count(ServerCountCallback done) override { done(1); }
  void close() override {}

 protected:
  // Delivers to the matching local sockets; returns how many there were.
  size_t broadcast_locally(const protocol::SioPacket& packet, const BroadcastOptions& options);
  // Delivers with a fresh ack id and registers `ack` for each recipient.
  size_t broadcast_locally_with_ack(const protocol::SioPacket& packet,
                                    const BroadcastOptions& options, const AckCallback& ack);
  std::vector<SocketDescription> describe_local(const BroadcastOptions& options) const;
  bool has_room(const Room& room) const { return rooms_.contains(room); }
  bool is_local_socket(const SocketId& id) const { return sids_.contains(id); }
  // A room got its first local member, or lost its last (socket.io-adapter's create-room and
  // delete-room events): the sharded adapter subscribes to its channel then, and leaves it.
  virtual void on_room_created(const Room& room) {}
  virtual void on_room_deleted(const Room& room) {}

  NamespacePort& nsp_;

 private:
  // Calls `visit` once for each local socket that matches. `visit` must not change membership.
  template <class Visit>
  void for_each_match(const BroadcastOptions& options, Visit&& visit) const;

  std::unordered_map<Room, std::unordered_set<SocketId>> rooms_;
  // Each socket's rooms in the order it joined them (its own id first), as Node lists them.
  std::unordered_map<SocketId, std::vector<Room>> sids_;
};

}  // namespace scaleout::adapter
