// InMemoryAdapter: the single-server room registry and broadcaster.
#include "scaleout/adapter/in_memory_adapter.hpp"

#include <algorithm>

namespace scaleout::adapter {

void InMemoryAdapter::add_all(const SocketId& id, const std::vector<Room>& rooms) {
  auto& joined = sids_[id];
  for (const auto& room : rooms) {
    if (std::find(joined.begin(), joined.end(), room) != joined.end()) continue;
    joined.push_back(room);
    auto [members, created] = rooms_.try_emplace(room);
    members->second.insert(id);
    if (created) on_room_created(room);
    nsp_.on_joined(id, room);
  }
}

void InMemoryAdapter::del(const SocketId& id, const Room& room) {
  auto socket = sids_.find(id);
  if (socket == sids_.end()) return;
  auto& joined = socket->second;
  auto it = std::find(joined.begin(), joined.end(), room);
  if (it == joined.end()) return;
  joined.erase(it);
  auto members = rooms_.find(room);
  if (members != rooms_.end()) {
    members->second.erase(id);
    if (members->second.empty()) {
      rooms_.erase(members);
      on_room_deleted(room);
    }
  }
  nsp_.on_left(id, room);
}

void InMemoryAdapter::del_all(const SocketId& id) {
  auto socket = sids_.find(id);
  if (socket == sids_.end()) return;
  std::vector<Room> joined = std::move(socket->second);
  sids_.erase(socket);
  for (const auto& room : joined) {
    auto members = rooms_.find(room);
    if (members != rooms_.end()) {
      members->second.erase(id);
      if (members->second.empty()) {
        rooms_.erase(members);
        on_room_deleted(room);
      }
    }
    nsp_.on_left(id, room);
  }
}

std::vector<Room> InMemoryAdapter::socket_rooms(const SocketId& id) const {
  auto socket = sids_.find(id);
  return socket == sids_.end() ? std::vector<Room>{} : socket->second;
}

template <class Visit>
void InMemoryAdapter::for_each_match(const BroadcastOptions& options, Visit&& visit) const {
  std::unordered_set<SocketId> excluded;
  for (const auto& room : options.except) {
    auto members = rooms_.find(room);
    if (members != rooms_.end()) excluded.insert(members->second.begin(), members->second.end());
  }
  auto allowed = [&](const SocketId& id) { return excluded.empty() || !excluded.contains(id); };

  if (options.rooms.empty()) {
    for (const auto& [id, joined] : sids_) {
      if (allowed(id)) visit(id);
    }
    return;
  }
  if (options.rooms.size() == 1) {
    auto members = rooms_.find(options.rooms.front());
    if (members == rooms_.end()) return;
    for (const auto& id : members->second) {
      if (allowed(id)) visit(id);
    }
    return;
  }
  std::unordered_set<SocketId> seen;
  for (const auto& room : options.rooms) {
    auto members = rooms_.find(room);
    if (members == rooms_.end()) continue;
    for (const auto& id : members->second) {
      if (allowed(id) && seen.insert(id).second) visit(id);
    }
  }
}

std::vector<SocketId> InMemoryAdapter::local_sockets(const BroadcastOptions& options) const {
  std::vector<SocketId> ids;
  for_each_match(options, [&](const SocketId& id) { ids.push_back(id); });
  return ids;
}

std::vector<Room> InMemoryAdapter::local_rooms() const {
  std::vector<Room> rooms;
  rooms.reserve(rooms_.size());
  for (const auto& [room, members] : rooms_)
    rooms.push_back(room);
  return rooms;
}

size_t InMemoryAdapter::broadcast_locally(const protocol::SioPacket& packet,
                                          const BroadcastOptions& options) {
  EncodedPacket encoded = encode_for_sockets(packet);
  size_t count = 0;
  for_each_match(options, [&](const SocketId& id) {
    nsp_.deliver(id, encoded);
    ++count;
  });
  return count;
}

size_t InMemoryAdapter::broadcast_locally_with_ack(const protocol::SioPacket& packet,
                                                   const BroadcastOptions& options,
                                                   const AckCallback& ack) {
  protocol::SioPacket with_id = packet;
  with_id.ack_id = nsp_.next_ack_id();
  EncodedPacket encoded = encode_for_sockets(with_id);
  size_t count = 0;
  for_each_match(options, [&](const SocketId& id) {
    nsp_.expect_ack(id, *with_id.ack_id, ack);
    nsp_.deliver(id, encoded);
    ++count;
  });
  return count;
}

void InMemoryAdapter::broadcast(const protocol::SioPacket& packet,
                                const BroadcastOptions& options) {
  broadcast_locally(packet, options);
}

void InMemoryAdapter::broadcast_with_ack(const protocol::SioPacket& packet,
                                         const BroadcastOptions& options,
                                         ClientCountCallback client_count, AckCallback ack) {
  client_count(broadcast_locally_with_ack(packet, options, ack));
}

std::vector<SocketDescription> InMemoryAdapter::describe_local(
    const BroadcastOptions& options) const {
  std::vector<SocketDescription> sockets;
  for_each_match(options, [&](const SocketId& id) {
    if (auto description = nsp_.describe(id)) sockets.push_back(std::move(*description));
  });
  return sockets;
}

void InMemoryAdapter::fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) {
  done(describe_local(options), {});
}

void InMemoryAdapter::all_rooms(AllRoomsCallback done) {
  done(local_rooms(), {});
}

void InMemoryAdapter::add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  for (const auto& id : local_sockets(options))
    add_all(id, rooms);
}

void InMemoryAdapter::del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  for (const auto& id : local_sockets(options)) {
    for (const auto& room : rooms)
      del(id, room);
  }
}

void InMemoryAdapter::disconnect_sockets(const BroadcastOptions& options, bool close) {
  for (const auto& id : local_sockets(options))
    nsp_.disconnect_socket(id, close);
}

void InMemoryAdapter::server_side_emit(const Json& args, ServerSideAckCallback ack) {
  // A lone server has no other server to hear it: with an ack, that is zero replies.
  if (ack) ack({}, {});
}

}  // namespace scaleout::adapter
