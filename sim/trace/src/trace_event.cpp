// Names of the trace kinds, as they appear in trace files.
#include "scaleout/trace/trace_event.hpp"

#include <array>

namespace scaleout::sim {
namespace {

constexpr std::array<const char*, kTraceKindCount> kNames = {
    "server_up", "server_down", "client_connect", "client_upgrade", "client_disconnect", "join",
    "leave",     "recv",        "publish",        "redis_recv",     "deliver",           "drop",
    "redis_cmd", "redis_down",  "redis_up",       "adapter_error",  "command",           "ack",
    "flow",      "link"};

}  // namespace

const char* to_string(TraceKind kind) {
  return kNames[static_cast<size_t>(kind)];
}

std::optional<TraceKind> parse_trace_kind(std::string_view text) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (text == kNames[i]) return static_cast<TraceKind>(i);
  }
  return std::nullopt;
}

}  // namespace scaleout::sim
