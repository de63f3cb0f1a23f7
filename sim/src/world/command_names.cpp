// The names of the world's small enums as commands, scenarios, the trace and views spell them.
// Apart from the classes they belong to, so that the command and scenario parsers (and their
// fuzz target) need nothing else of the world.
#include "scaleout/sim/client_fleet.hpp"
#include "scaleout/sim/server_options.hpp"
#include "scaleout/sim/store_runs.hpp"

namespace scaleout::sim {

const char* to_string(AdapterKind kind) {
  switch (kind) {
    case AdapterKind::kRedis:
      return "redis";
    case AdapterKind::kSharded:
      return "sharded";
    case AdapterKind::kMemory:
      break;
  }
  return "memory";
}

std::optional<AdapterKind> parse_adapter(std::string_view text) {
  for (auto kind : {AdapterKind::kMemory, AdapterKind::kRedis, AdapterKind::kSharded}) {
    if (text == to_string(kind)) return kind;
  }
  return std::nullopt;
}

const char* to_string(ClientTransport transport) {
  return transport == ClientTransport::kPolling ? "polling" : "websocket";
}

std::optional<ClientTransport> parse_client_transport(std::string_view text) {
  if (text == "websocket") return ClientTransport::kWebSocket;
  if (text == "polling") return ClientTransport::kPolling;
  return std::nullopt;
}

const char* to_string(StateStore store) {
  return store == StateStore::kMemory ? "memory" : "redis";
}

std::optional<StateStore> parse_state_store(std::string_view text) {
  if (text == "redis") return StateStore::kRedis;
  if (text == "memory") return StateStore::kMemory;
  return std::nullopt;
}

const char* to_string(StoreKind kind) {
  switch (kind) {
    case StoreKind::kRedis:
      return "redis";
    case StoreKind::kMemcached:
      return "memcached";
    case StoreKind::kGlobalLock:
      return "global-lock";
    case StoreKind::kBucketLocks:
      return "bucket-locks";
    case StoreKind::kEventLoop:
      return "event-loop";
  }
  return "?";
}

std::optional<StoreKind> parse_store_kind(std::string_view text) {
  for (auto kind : {StoreKind::kRedis, StoreKind::kMemcached, StoreKind::kGlobalLock,
                    StoreKind::kBucketLocks, StoreKind::kEventLoop}) {
    if (text == to_string(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace scaleout::sim
