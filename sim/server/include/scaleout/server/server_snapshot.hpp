// ServerSnapshot: a plain copy of what one server instance holds (its clients and their rooms,
// its Redis subscriptions, flow control and capacity figures), for the GUI, scenarios, tests and
// --stats. Each server copies its own state on its own thread (ServerInstance::snapshot), so
// taking one holds a server for a moment only; nothing in a snapshot points into a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scaleout/server/class_question.hpp"
#include "scaleout/server/instance_capacity.hpp"

namespace scaleout::sim {

struct ClientSnapshot {
  std::string socket;
  std::string nsp;
  std::string transport;
  std::vector<std::string> rooms;  // joined rooms, without the socket's own
};

// Where one of a server's subscriptions is: the Redis node it is placed on (host:port), and
// whether that node confirmed it. With a Redis Cluster, sharded channels live on the node of
// their slot and classic ones on the server's home node.
struct SubscriptionPlacement {
  std::string channel;  // a channel, pattern or shard channel
  std::string kind;     // channel, pattern or shard
  std::string node;
  bool active = false;
};

struct ServerSnapshot {
  std::string name;
  uint16_t port = 0;
  std::string adapter;  // "memory" or "redis"
  bool running = false;
  bool redis_up = false;
  std::vector<ClientSnapshot> clients;
  std::vector<std::string> subscriptions;         // Redis channels and patterns (redis adapter)
  std::vector<SubscriptionPlacement> placements;  // the same, with their nodes
  std::string redis_home;  // the node its classic subscriptions and PUBLISHes use
  size_t engine_sessions = 0;
  uint64_t refused_clients = 0;  // handshakes refused because the server was full
  // Flow control (docs/flow-control.md).
  size_t buffered_bytes = 0;         // waiting unsent now, all clients together
  size_t peak_client_buffer = 0;     // the most bytes that ever waited unsent for one client
  size_t slow_clients = 0;           // clients over the soft limit now
  size_t held_clients = 0;           // clients not read now: held back by a slow member
  uint64_t slow_consumer_drops = 0;  // clients dropped as slow consumers
  uint64_t redis_outages = 0;        // times the link to Redis was lost (e.g. Redis cut it)
  uint64_t redis_messages_in = 0;    // messages Redis pushed to it, wanted or not
  uint64_t redis_bytes_in = 0;       // their bytes (channel and payload)
  InstanceLoad load;                 // the capacity model's figures (vcpus 0: no model)
  bool draining = false;             // scale-in: the balancer sends it no new session
  // The class's question on show and the votes this server heard for it (class_question.hpp).
  std::optional<QuestionSnapshot> question;
};

}  // namespace scaleout::sim
