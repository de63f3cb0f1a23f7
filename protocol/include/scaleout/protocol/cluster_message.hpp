// The messages of socket.io-adapter 2.5's ClusterAdapter, which @socket.io/redis-adapter 8.3's
// sharded adapter (createShardedAdapter) sends whole on its shard channels
// (shared/adapter-variants-facts.md section 0): an envelope {type, data, uid, nsp}, written as
// JSON unless `data` holds binary, then as notepack msgpack; a receiver tells them apart by the
// first byte ('{' is JSON). Pure codec: what a peer sends never throws past it.
#pragma once

#include <string>
#include <string_view>

#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

enum class ClusterMessageType : int {
  kInitialHeartbeat = 1,
  kHeartbeat = 2,
  kBroadcast = 3,
  kSocketsJoin = 4,
  kSocketsLeave = 5,
  kDisconnectSockets = 6,
  kFetchSockets = 7,
  kFetchSocketsResponse = 8,
  kServerSideEmit = 9,
  kServerSideEmitResponse = 10,
  kBroadcastClientCount = 11,
  kBroadcastAck = 12,
  kAdapterClose = 13,
};

struct ClusterMessage {
  ClusterMessageType type = ClusterMessageType::kBroadcast;
  Json data;        // null when the type carries none (heartbeats, close)
  std::string uid;  // the sending server: 16 hex characters in Node, "emitter" for an emitter
  std::string nsp = "/";
};

// JSON in Node's key order (type, data, uid, nsp), or msgpack when `data` holds binary.
std::string encode_cluster_message(const ClusterMessage& message);
// Either encoding; an unknown type number is kept (a newer peer's), a missing or non-numeric one
// is an error, as are a uid or nsp that are not text.
Result<ClusterMessage> decode_cluster_message(std::string_view bytes);

}  // namespace scaleout::protocol
