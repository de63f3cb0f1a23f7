// The messages of @socket.io/redis-adapter 8.3's classic protocol (shared/protocol-facts.md
// section 3): broadcasts, msgpack arrays [uid, packet, opts] on key#nsp#[room#] channels; and
// requests/responses on key-request#nsp# / key-response#nsp#[uid#], JSON objects except
// BROADCAST (7) and BROADCAST_ACK (9), which are msgpack maps. Receivers tell JSON from msgpack
// by the first byte ('{').
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

enum class RequestType : int {
  kSockets = 0,
  kAllRooms = 1,
  kRemoteJoin = 2,
  kRemoteLeave = 3,
  kRemoteDisconnect = 4,
  kRemoteFetch = 5,
  kServerSideEmit = 6,
  kBroadcast = 7,
  kBroadcastClientCount = 8,
  kBroadcastAck = 9,
};

struct WireOptions {
  std::vector<std::string> rooms;
  std::vector<std::string> except;
  Json flags = Json::object();
};

struct BroadcastMessage {
  std::string uid;  // the sending node; "emitter" for @socket.io/redis-emitter
  std::string nsp = "/";
  Json data = Json::array();  // [event, ...args]; binary values are Json binary
  WireOptions opts;
};

// msgpack [uid, {type: 2, data, nsp}, {rooms, except, flags}], keys in Node's order.
std::string encode_broadcast_message(const BroadcastMessage& message);
Result<BroadcastMessage> decode_broadcast_message(std::string_view bytes);
// The sender's uid, read from the first bytes of a broadcast without decoding the rest, so that a
// server can drop its own echoed publishes cheaply; nullopt when the message does not start like
// [uid, ...].
std::optional<std::string_view> peek_broadcast_uid(std::string_view bytes);

// {rooms, except} (and flags when given) as a JSON object, for requests' "opts".
Json options_to_json(const WireOptions& options, bool with_flags);
// Reads "opts" of a request or the third element of a broadcast; numbers in rooms become text.
Result<WireOptions> options_from_json(const Json& opts);

// A request or response object, JSON or msgpack (sniffed by the first byte). Requests always
// have a numeric "type"; some responses (fetchSockets, allRooms replies) have none.
Result<Json> decode_adapter_object(std::string_view bytes, bool require_type = true);

}  // namespace scaleout::protocol
