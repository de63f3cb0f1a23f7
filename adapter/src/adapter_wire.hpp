// What the classic and the sharded adapter write alike: broadcast options as they travel
// ({rooms, except, flags}), a socket's description as fetchSockets returns it, and an event
// packet rebuilt from a message's data. Internal to adapter/.
#pragma once

#include <optional>
#include <string>

#include "scaleout/adapter/types.hpp"
#include "scaleout/protocol/adapter_message.hpp"

namespace scaleout::adapter {

protocol::WireOptions to_wire(const BroadcastOptions& options);
BroadcastOptions from_wire(const protocol::WireOptions& wire);
Json describe_to_json(const SocketDescription& socket);
std::optional<SocketDescription> describe_from_json(const Json& value);
// The text of object[name], or empty when it is missing or not text.
std::string text_field(const Json& object, const char* name);
protocol::SioPacket event_packet(const std::string& nsp, Json data);
// The rooms of a message's "rooms" array (texts only).
std::vector<Room> rooms_field(const Json& object);

}  // namespace scaleout::adapter
