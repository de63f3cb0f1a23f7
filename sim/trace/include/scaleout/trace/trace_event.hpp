// TraceEvent: one thing that happened in the world, with a monotonic time in nanoseconds and the
// ids it concerns. Fixed size, no pointers, so that a server thread can append it to its ring
// with a plain copy. The kinds and field names are also the trace file format
// (docs/trace-format.md); a text too long for its field is cut and ends in "~".
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scaleout::sim {

enum class TraceKind : uint8_t {
  kServerUp,          // server, number=port, name=adapter kind, detail=name of the server
  kServerDown,        // server, detail=reason (stopped, killed)
  kClientConnect,     // server, nsp, socket, name=transport, detail=client's name (auth.name)
  kClientUpgrade,     // server, nsp, socket, name=new transport
  kClientDisconnect,  // server, nsp, socket, detail=reason
  kJoin,              // server, nsp, socket, name=room
  kLeave,             // server, nsp, socket, name=room
  kRecv,              // server, nsp, socket, name=event, bytes, mid, detail=room
  kPublish,           // server, nsp, name=channel, bytes, mid, number=1 sent / 0 not sent
  kRedisRecv,         // server, nsp, name=channel, bytes, origin=uid, mid
  kDeliver,           // server, nsp, socket, mid
  kDrop,              // server, nsp, socket, mid, name=room, detail=why
  kRedisCmd,          // server, name=command, number=latency ns
  kRedisDown,         // server, detail=reason
  kRedisUp,           // server, detail=what it connected to
  kAdapterError,      // server, nsp, detail=message
  kCommand,           // server ("world"), name=command, number=1 done / 0 failed, detail=outcome
  kAck,               // server, nsp, socket, mid: the server answered the client's event
  kFlow,              // server, nsp, socket, name=state (slow, stuck, caught up, held, ...), bytes
  kLink,              // server ("network"), socket=link, nsp=direction, detail=faults now,
                      // name=the change applied
};
inline constexpr int kTraceKindCount = 20;

const char* to_string(TraceKind kind);
std::optional<TraceKind> parse_trace_kind(std::string_view text);

// A short string stored inline.
template <size_t Capacity>
struct InlineText {
  uint8_t size = 0;
  char data[Capacity];

  void assign(std::string_view text) {
    if (text.size() <= Capacity) {
      size = static_cast<uint8_t>(text.size());
      std::copy(text.begin(), text.end(), data);
    } else {
      // Cut on a UTF-8 character boundary, then mark the cut.
      size_t keep = Capacity - 1;
      while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80)
        --keep;
      std::copy(text.begin(), text.begin() + keep, data);
      data[keep] = '~';
      size = static_cast<uint8_t>(keep + 1);
    }
  }
  std::string_view view() const { return std::string_view(data, size); }
  bool empty() const { return size == 0; }
};

struct TraceEvent {
  int64_t t_ns = 0;
  TraceKind kind = TraceKind::kServerUp;
  uint16_t server = 0;  // index into the trace's server names
  uint32_t bytes = 0;
  int64_t number = 0;
  InlineText<23> socket;
  InlineText<15> nsp;
  InlineText<63> name;
  InlineText<31> mid;
  InlineText<15> origin;
  InlineText<63> detail;
};

}  // namespace scaleout::sim
