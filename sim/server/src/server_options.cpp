// ServerOptions: the names of its enums as commands, scenarios, the trace and views spell them.
#include "scaleout/server/server_options.hpp"

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

}  // namespace scaleout::sim
