// Encoding and decoding the Redis adapter's messages.
#include "scaleout/protocol/adapter_message.hpp"

#include "scaleout/protocol/msgpack_json.hpp"

namespace scaleout::protocol {
namespace {

Result<std::vector<std::string>> room_list(const Json& value, const char* what) {
  std::vector<std::string> rooms;
  if (value.is_null()) return rooms;
  if (!value.is_array())
    return make_error(ErrorCode::kBadMessage, std::string(what) + " is not an array");
  for (const auto& room : value) {
    if (room.is_string()) {
      rooms.push_back(room.get<std::string>());
    } else if (room.is_number_integer()) {
      rooms.push_back(room.dump());  // Node tries numeric room names as numbers too
    } else {
      return make_error(ErrorCode::kBadMessage, std::string(what) + " holds a non-string room");
    }
  }
  return rooms;
}

}  // namespace

Json options_to_json(const WireOptions& options, bool with_flags) {
  Json opts;
  opts["rooms"] = options.rooms;
  opts["except"] = options.except;
  if (with_flags) opts["flags"] = options.flags;
  return opts;
}

Result<WireOptions> options_from_json(const Json& opts) {
  if (!opts.is_object()) return make_error(ErrorCode::kBadMessage, "opts is not a map");
  WireOptions out;
  auto rooms = room_list(opts.contains("rooms") ? opts["rooms"] : Json(), "opts.rooms");
  if (!rooms) return rooms.error();
  auto except = room_list(opts.contains("except") ? opts["except"] : Json(), "opts.except");
  if (!except) return except.error();
  out.rooms = std::move(*rooms);
  out.except = std::move(*except);
  if (opts.contains("flags") && opts["flags"].is_object()) out.flags = opts["flags"];
  return out;
}

std::string encode_broadcast_message(const BroadcastMessage& message) {
  Json packet;
  packet["type"] = 2;  // even with binary inside: receivers pick BINARY_EVENT for their clients
  packet["data"] = message.data;
  packet["nsp"] = message.nsp;
  return to_msgpack(
      Json::array({message.uid, std::move(packet), options_to_json(message.opts, true)}));
}

Result<BroadcastMessage> decode_broadcast_message(std::string_view bytes) {
  auto decoded = from_msgpack(bytes);
  if (!decoded) return decoded.error();
  Json& array = *decoded;
  if (!array.is_array() || array.size() < 3) {
    return make_error(ErrorCode::kBadMessage, "broadcast is not an array [uid, packet, opts]");
  }
  BroadcastMessage message;
  if (!array[0].is_string())
    return make_error(ErrorCode::kBadMessage, "broadcast uid is not a string");
  message.uid = array[0].get<std::string>();
  Json& packet = array[1];
  if (!packet.is_object())
    return make_error(ErrorCode::kBadMessage, "broadcast packet is not a map");
  if (packet.contains("type") && packet["type"] != 2 && packet["type"] != 5) {
    return make_error(ErrorCode::kBadMessage, "broadcast packet type is not an event");
  }
  if (packet.contains("nsp")) {
    if (!packet["nsp"].is_string())
      return make_error(ErrorCode::kBadMessage, "packet nsp is not a string");
    message.nsp = packet["nsp"].get<std::string>();
  }
  if (!packet.contains("data") || !packet["data"].is_array() || packet["data"].empty() ||
      !(packet["data"][0].is_string() || packet["data"][0].is_number())) {
    return make_error(ErrorCode::kBadMessage, "broadcast packet data is not [event, ...args]");
  }
  message.data = std::move(packet["data"]);
  auto opts = options_from_json(array[2]);
  if (!opts) return opts.error();
  message.opts = std::move(*opts);
  return message;
}

std::optional<std::string_view> peek_broadcast_uid(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() < 2 || data[0] != 0x93) return std::nullopt;  // fixarray of 3
  size_t length;
  size_t start;
  if ((data[1] & 0xe0) == 0xa0) {  // fixstr
    length = data[1] & 0x1f;
    start = 2;
  } else if (data[1] == 0xd9 && bytes.size() >= 3) {  // str8
    length = data[2];
    start = 3;
  } else {
    return std::nullopt;
  }
  if (bytes.size() < start + length) return std::nullopt;
  return bytes.substr(start, length);
}

Result<Json> decode_adapter_object(std::string_view bytes, bool require_type) {
  if (bytes.empty()) return make_error(ErrorCode::kEmpty, "empty adapter message");
  auto decoded = bytes.front() == '{' ? parse_json(bytes) : from_msgpack(bytes);
  if (!decoded) return decoded.error();
  if (!decoded->is_object())
    return make_error(ErrorCode::kBadMessage, "adapter message is not an object");
  if (require_type && (!decoded->contains("type") || !(*decoded)["type"].is_number_integer())) {
    return make_error(ErrorCode::kBadMessage, "adapter message has no numeric type");
  }
  return decoded;
}

}  // namespace scaleout::protocol
