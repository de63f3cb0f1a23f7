// WorldModel: folding trace events into servers, clients, rooms and messages in flight.
#include "scaleout/trace/world_model.hpp"

#include <algorithm>

namespace scaleout::sim {

std::string WorldModel::room_key(std::string_view nsp, std::string_view room) {
  std::string key(nsp);
  key += '\0';
  key += room;
  return key;
}

uint32_t WorldModel::client_index(const std::string& socket) {
  auto found = by_socket_.find(socket);
  if (found != by_socket_.end()) return found->second;
  auto index = static_cast<uint32_t>(clients_.size());
  Client client;
  client.socket = socket;
  client.connected = false;
  clients_.push_back(std::move(client));
  by_socket_.emplace(socket, index);
  return index;
}

std::vector<uint32_t> WorldModel::members(const std::string& nsp, const std::string& room) const {
  const auto& index = room.empty() ? nsp_members_ : room_members_;
  auto found = index.find(room.empty() ? nsp : room_key(nsp, room));
  if (found == index.end()) return {};
  return std::vector<uint32_t>(found->second.begin(), found->second.end());
}

std::optional<uint32_t> WorldModel::find_client(const std::string& socket) const {
  auto found = by_socket_.find(socket);
  if (found == by_socket_.end()) return std::nullopt;
  return found->second;
}

void WorldModel::apply(const TraceEvent& event, const ServerNames& names) {
  last_time_ = std::max(last_time_, event.t_ns);
  switch (event.kind) {
    case TraceKind::kRecv:
    case TraceKind::kDeliver:
    case TraceKind::kDrop:
    case TraceKind::kRedisCmd:
    case TraceKind::kCommand:
    case TraceKind::kAck:
    case TraceKind::kFlow:
    case TraceKind::kAdapterError:
      break;
    case TraceKind::kPublish:
    case TraceKind::kRedisRecv: {
      // A channel changes the world only the first time a server uses it.
      const std::string server_name = event.server < names.size() ? names[event.server] : "";
      auto known = channels_.find(server_name);
      if (known == channels_.end() || !known->second.count(std::string(event.name.view()))) {
        ++version_;
      }
      break;
    }
    default:
      ++version_;
  }
  if (!track_messages_ && (event.kind == TraceKind::kRecv || event.kind == TraceKind::kDeliver ||
                           event.kind == TraceKind::kDrop)) {
    return;
  }
  const std::string server =
      event.server < names.size() ? names[event.server] : "#" + std::to_string(event.server);
  switch (event.kind) {
    case TraceKind::kServerUp: {
      Server& entry = servers_[server];
      entry.name = server;
      entry.port = static_cast<uint16_t>(event.number);
      entry.adapter = std::string(event.name.view());
      entry.up = true;
      entry.down_reason.clear();
      entry.redis_known = false;
      entry.redis_up = false;
      break;
    }
    case TraceKind::kServerDown: {
      Server& entry = servers_[server];
      entry.name = server;
      entry.up = false;
      entry.down_reason = std::string(event.detail.view());
      // Its clients are gone with it.
      for (Client& client : clients_) {
        if (client.connected && client.server == server) {
          TraceEvent gone;
          gone.kind = TraceKind::kClientDisconnect;
          gone.t_ns = event.t_ns;
          gone.server = event.server;
          gone.nsp.assign(client.nsp);
          gone.socket.assign(client.socket);
          gone.detail.assign("server down");
          apply(gone, names);
        }
      }
      break;
    }
    case TraceKind::kClientConnect: {
      uint32_t index = client_index(std::string(event.socket.view()));
      Client& client = clients_[index];
      client.server = server;
      client.nsp = std::string(event.nsp.view());
      client.transport = std::string(event.name.view());
      client.name = std::string(event.detail.view());
      client.rooms.clear();
      client.connected = true;
      client.disconnect_reason.clear();
      nsp_members_[client.nsp].insert(index);
      break;
    }
    case TraceKind::kClientUpgrade: {
      auto found = by_socket_.find(std::string(event.socket.view()));
      if (found != by_socket_.end())
        clients_[found->second].transport = std::string(event.name.view());
      break;
    }
    case TraceKind::kClientDisconnect: {
      auto found = by_socket_.find(std::string(event.socket.view()));
      if (found == by_socket_.end()) break;
      Client& client = clients_[found->second];
      if (!client.connected) break;
      for (const auto& room : client.rooms)
        room_members_[room_key(client.nsp, room)].erase(found->second);
      nsp_members_[client.nsp].erase(found->second);
      client.rooms.clear();
      client.connected = false;
      client.disconnect_reason = std::string(event.detail.view());
      break;
    }
    case TraceKind::kJoin:
    case TraceKind::kLeave: {
      auto found = by_socket_.find(std::string(event.socket.view()));
      if (found == by_socket_.end()) break;
      Client& client = clients_[found->second];
      std::string room(event.name.view());
      auto at = std::find(client.rooms.begin(), client.rooms.end(), room);
      if (event.kind == TraceKind::kJoin && at == client.rooms.end()) {
        client.rooms.push_back(room);
        room_members_[room_key(client.nsp, room)].insert(found->second);
      } else if (event.kind == TraceKind::kLeave && at != client.rooms.end()) {
        client.rooms.erase(at);
        auto members = room_members_.find(room_key(client.nsp, room));
        if (members != room_members_.end()) {
          members->second.erase(found->second);
          if (members->second.empty()) room_members_.erase(members);
        }
      }
      break;
    }
    case TraceKind::kRecv: {
      if (event.mid.empty()) break;
      Message message;
      message.mid = std::string(event.mid.view());
      message.server = server;
      message.nsp = std::string(event.nsp.view());
      message.room = std::string(event.detail.view());
      message.recv_ns = event.t_ns;
      message.owed = members(message.nsp, message.room);
      message.delivered.assign(message.owed.size(), false);
      auto origin = servers_.find(server);
      message.origin_redis_down = origin != servers_.end() && origin->second.adapter == "redis" &&
                                  origin->second.redis_known && !origin->second.redis_up;
      if (!links_.empty()) note_link_faults(message);
      in_flight_[message.mid] = std::move(message);
      break;
    }
    case TraceKind::kPublish: {
      channels_[server].insert(std::string(event.name.view()));
      if (event.number == 0 && !event.mid.empty()) {
        auto found = in_flight_.find(std::string(event.mid.view()));
        if (found != in_flight_.end()) found->second.publish_failed = true;
      }
      break;
    }
    case TraceKind::kRedisRecv:
      channels_[server].insert(std::string(event.name.view()));
      break;
    case TraceKind::kDeliver:
    case TraceKind::kDrop: {
      if (event.mid.empty()) break;
      auto message = in_flight_.find(std::string(event.mid.view()));
      if (message == in_flight_.end()) break;
      auto socket = by_socket_.find(std::string(event.socket.view()));
      if (socket == by_socket_.end()) break;
      Message& m = message->second;
      for (size_t i = 0; i < m.owed.size(); ++i) {
        if (m.owed[i] == socket->second && !m.delivered[i]) {
          m.delivered[i] = true;
          ++m.delivered_count;
          break;
        }
      }
      if (m.delivered_count == m.owed.size()) in_flight_.erase(message);
      break;
    }
    case TraceKind::kLink:
      apply_link(event);
      break;
    case TraceKind::kRedisDown:
    case TraceKind::kRedisUp: {
      Server& entry = servers_[server];
      entry.name = server;
      entry.redis_known = true;
      entry.redis_up = event.kind == TraceKind::kRedisUp;
      if (entry.redis_up) entry.redis_up_ns = event.t_ns;
      break;
    }
    default:
      break;
  }
}

uint8_t WorldModel::Message::faults_seen(const std::string& link, LinkDirection direction) const {
  const auto& seen = link_faults_seen[static_cast<size_t>(direction)];
  auto found = seen.find(link);
  return found == seen.end() ? 0 : found->second;
}

namespace {

// Fault kinds other than latency, as bits.
uint8_t cut_bits(const LinkFaults& faults) {
  uint8_t bits = 0;
  for (auto kind : {LinkFaultKind::kBandwidth, LinkFaultKind::kDown, LinkFaultKind::kPartition}) {
    if (faults.has(kind)) bits |= static_cast<uint8_t>(1u << static_cast<unsigned>(kind));
  }
  return bits;
}

int64_t latency_ns(const LinkFaults& faults) {
  if (!faults.latency) return 0;
  return std::chrono::nanoseconds(faults.latency->delay + faults.latency->jitter).count();
}

// The faults text of a `link` event. Each fault is read on its own, so that one cut short at
// the end of its slot (~) costs only itself.
LinkFaults parse_faults_text(std::string_view text) {
  LinkFaults faults;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (auto one = parse_link_faults(text.substr(start, comma - start), nullptr)) {
      one->apply_to(faults);
    }
    start = comma + 1;
  }
  return faults;
}

}  // namespace

int64_t WorldModel::redis_path_delay_ns() const {
  int64_t upstream = 0;
  int64_t downstream = 0;
  for (const auto& [name, link] : links_) {
    if (!name.ends_with("-redis")) continue;
    upstream = std::max(upstream, latency_ns(link.faults[0]));
    downstream = std::max(downstream, latency_ns(link.faults[1]));
  }
  return upstream + downstream;
}

void WorldModel::note_link_faults(Message& message) const {
  message.link_delay_ns = std::max(message.link_delay_ns, redis_path_delay_ns());
  for (const auto& [name, link] : links_) {
    for (size_t direction = 0; direction < 2; ++direction) {
      if (uint8_t bits = cut_bits(link.faults[direction])) {
        message.link_faults_seen[direction][name] |= bits;
      }
    }
  }
}

void WorldModel::apply_link(const TraceEvent& event) {
  const std::string name(event.socket.view());
  const size_t direction = event.nsp.view() == "downstream" ? 1 : 0;
  Link& link = links_[name];
  link.name = name;
  link.faults[direction] = parse_faults_text(event.detail.view());
  for (auto& [mid, message] : in_flight_)
    note_link_faults(message);
}

std::vector<const WorldModel::Client*> WorldModel::clients() const {
  std::vector<const Client*> out;
  for (const Client& client : clients_) {
    if (client.connected) out.push_back(&client);
  }
  return out;
}

std::map<std::string, std::map<std::string, std::map<std::string, std::set<std::string>>>>
WorldModel::rooms() const {
  std::map<std::string, std::map<std::string, std::map<std::string, std::set<std::string>>>> out;
  for (const Client& client : clients_) {
    if (!client.connected) continue;
    for (const auto& room : client.rooms)
      out[client.nsp][room][client.server].insert(client.socket);
  }
  return out;
}

std::map<std::string, std::set<std::string>> WorldModel::channels() const {
  return channels_;
}

WorldModel::Message WorldModel::take_message(const std::string& mid) {
  auto found = in_flight_.find(mid);
  if (found == in_flight_.end()) return {};
  Message message = std::move(found->second);
  in_flight_.erase(found);
  return message;
}

}  // namespace scaleout::sim
