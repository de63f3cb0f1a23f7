// Turning one message seen on a Socket.IO adapter channel into one readable line, for
// `scaleout observe` and the window's observe mode: broadcasts (origin, namespace, rooms,
// except, flags, event, arguments) and requests/responses (their kind and what they carry).
// Anything that does not decode is shown as such, with its size and first bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scaleout::sim {

struct ObservedLine {
  enum class Kind { kBroadcast, kRequest, kResponse, kOther };
  Kind kind = Kind::kOther;
  std::string text;    // without time
  std::string origin;  // uid of the sender, when known
  std::string nsp;
  std::string event;
  std::string mid;
  std::vector<std::string> rooms;  // a broadcast's rooms
  std::string request;             // a request's kind ("allRooms", ...) or "reply"
  bool decoded = false;
};

// `key` is the adapter's channel prefix ("socket.io"); `width` bounds the arguments' text.
ObservedLine describe_adapter_message(std::string_view key, std::string_view channel,
                                      std::string_view payload, size_t width);

}  // namespace scaleout::sim
