// ServerOptions: the names of its enums as commands, scenarios, the trace and views spell them.
#include "scaleout/server/server_options.hpp"

namespace scaleout::sim {

const char* to_string(AdapterKind kind) {
  return kind == AdapterKind::kRedis ? "redis" : "memory";
}

}  // namespace scaleout::sim
