// The names of the world's own small enums as commands, scenarios, the trace and views spell
// them (the server's and the stores' are with them). Apart from the classes they belong to, so
// that the command and scenario parsers (and their fuzz target) need nothing else of the world.
#include "scaleout/world/client_fleet.hpp"

namespace scaleout::sim {

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

}  // namespace scaleout::sim
