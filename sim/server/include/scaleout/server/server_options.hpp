// ServerOptions: everything one server instance can be told, with Node socket.io's defaults
// where Node has one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/server/instance_capacity.hpp"
#include "scaleout/web/classroom_limits.hpp"

namespace scaleout::sim {

class ClassroomPage;

enum class AdapterKind { kMemory, kRedis };
const char* to_string(AdapterKind kind);

struct ServerOptions {
  std::string name = "s1";
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port
  std::string path = "/socket.io/";
  std::vector<std::string> namespaces = {"/", "/chat"};

  int ping_interval_ms = 25000;
  int ping_timeout_ms = 20000;
  int upgrade_timeout_ms = 10000;
  int connect_timeout_ms = 45000;
  int64_t max_payload = 1000000;  // Node's maxHttpBufferSize
  bool allow_polling = true;
  bool allow_websocket = true;

  // Flow control (docs/flow-control.md). Over the soft limit a client is slow: while it takes
  // bytes, the clients whose messages fill its queue are not read until it drains to half the
  // limit; once it has taken none for a fifth of the stall timeout it holds nobody back. Over the
  // hard limit, or slow and taking no bytes for the stall timeout, it is dropped as a slow
  // consumer. A soft limit above the hard one counts as the hard one.
  size_t soft_buffered_bytes = 1 << 20;
  size_t max_buffered_bytes = 32 << 20;  // the hard limit
  int stall_timeout_ms = 5000;

  // Limits on what clients may ask for. A join over them is refused; a client over max_clients
  // is refused at the handshake (403, Engine.IO code 4).
  size_t max_clients = 50000;
  size_t max_room_name_bytes = 256;
  size_t max_rooms_per_socket = 256;
  // A connection that does not send a whole HTTP request in this time (or stays idle that long
  // between requests) is closed.
  int http_timeout_ms = 30000;
  // Names, rooms, messages and message rates of the demo app's clients (classroom_limits.hpp).
  ChatLimits chat;
  // When set, GET / answers with the classroom chat page and /socket.io/socket.io.min.js with
  // the socket.io-client bundle, as Node's socket.io serves it.
  std::shared_ptr<const ClassroomPage> page;

  // memory: rooms end at this server. redis: shared with every server on the same Redis.
  AdapterKind adapter = AdapterKind::kMemory;
  adapter::RedisEndpoint redis;
  std::string redis_key = "socket.io";  // the adapter's channel prefix, Node's `key`
  int requests_timeout_ms = 5000;

  // The capacity model (vcpus 0, the default: none; the instance works as fast as it can).
  InstanceCapacity capacity;
};

}  // namespace scaleout::sim
