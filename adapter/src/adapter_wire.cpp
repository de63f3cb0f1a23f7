// Options, socket descriptions and event packets as the adapters send and receive them.
#include "adapter_wire.hpp"

namespace scaleout::adapter {

protocol::WireOptions to_wire(const BroadcastOptions& options) {
  protocol::WireOptions wire;
  wire.rooms = options.rooms;
  wire.except = options.except;
  if (options.flags.is_volatile) wire.flags["volatile"] = true;
  if (options.flags.compress) wire.flags["compress"] = *options.flags.compress;
  if (options.flags.timeout_ms) wire.flags["timeout"] = *options.flags.timeout_ms;
  return wire;
}

BroadcastOptions from_wire(const protocol::WireOptions& wire) {
  BroadcastOptions options;
  options.rooms = wire.rooms;
  options.except = wire.except;
  return options;
}

Json describe_to_json(const SocketDescription& socket) {
  Json out;
  out["id"] = socket.id;
  out["handshake"] = socket.handshake;
  out["rooms"] = socket.rooms;
  out["data"] = socket.data;
  return out;
}

std::optional<SocketDescription> describe_from_json(const Json& value) {
  if (!value.is_object() || !value.contains("id") || !value["id"].is_string()) return std::nullopt;
  SocketDescription socket;
  socket.id = value["id"].get<std::string>();
  socket.handshake = value.value("handshake", Json::object());
  socket.rooms = rooms_field(value);
  socket.data = value.contains("data") ? value["data"] : Json();
  return socket;
}

std::string text_field(const Json& object, const char* name) {
  if (!object.is_object()) return {};
  auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

protocol::SioPacket event_packet(const std::string& nsp, Json data) {
  protocol::SioPacket packet;
  packet.type = protocol::SioType::kEvent;
  packet.nsp = nsp;
  packet.data = std::move(data);
  return packet;
}

std::vector<Room> rooms_field(const Json& object) {
  std::vector<Room> rooms;
  if (!object.is_object()) return rooms;
  auto found = object.find("rooms");
  if (found == object.end() || !found->is_array()) return rooms;
  for (const auto& room : *found) {
    if (room.is_string()) rooms.push_back(room.get<std::string>());
  }
  return rooms;
}

}  // namespace scaleout::adapter
