// Limits that keep a cluster usable when anyone on the network can join it (classroom mode:
// `scaleout cluster --classroom`, `scaleout gui --classroom`). Two halves, each where the
// client's address is known for sure:
//   ChatLimits     enforced by every server: what a name, a room and a message may be (the demo
//                  app), how many rooms a server keeps, and how many messages per second one
//                  address may send (the Socket.IO layer; behind the balancer the address is the
//                  last X-Forwarded-For entry, which the balancer itself wrote).
//   AddressLimits  enforced by the load balancer, which sees every student's real address: open
//                  connections at once and new Engine.IO sessions per second.
// Each address has its own counters and token buckets, so one address over its limits is refused
// or slowed while every other address goes on as before. This machine's own addresses (127.0.0.1,
// ::1 and those of its interfaces: bots, the GUI's clients, a browser on the teacher's machine)
// are exempt; other loopback addresses (127.0.0.2, ...) are not, which the tests rely on.
//
// Outside classroom mode only the name limit is on (a name is a label in the trace, the GUI and
// reports); classroom_limits() in classroom.hpp has the classroom values.
#pragma once

#include <cstddef>
#include <string_view>

namespace scaleout::sim {

struct ChatLimits {
  // Characters (Unicode code points); 0: no limit. A name, room or text that is limited must
  // also be plain text: no control characters, no bidirectional overrides, no line separators.
  size_t max_name_chars = 64;  // the name in the CONNECT auth, {name: "..."}
  size_t max_room_chars = 0;   // a room to join or to say something to
  size_t max_text_chars = 0;   // the `text` of a say
  // Distinct rooms one namespace of one server holds (sockets' own rooms not counted); 0: any.
  size_t max_rooms = 0;
  // Events one client address may send per second, on average and in a burst; 0: any.
  double messages_per_second = 0;
  double message_burst = 0;
};

struct AddressLimits {
  // TCP connections one client address may hold open at once (HTTP and WebSocket); 0: any.
  size_t max_connections = 0;
  // New Engine.IO sessions (handshakes) per second, on average and in a burst; 0: any.
  double sessions_per_second = 0;
  double session_burst = 0;
};

// 127.0.0.1, ::1 and the addresses of this machine's interfaces (read once, at the first call):
// the limits never apply to them.
bool exempt_from_limits(std::string_view address);

}  // namespace scaleout::sim
