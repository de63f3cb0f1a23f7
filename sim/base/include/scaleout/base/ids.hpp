// Ids as Socket.IO makes them: 15 bytes (12 random, then a 3-byte counter) in url-safe base64,
// 20 characters. Engine.IO session ids and Socket.IO socket ids are both made this way, and are
// always distinct. The length matters: Node's sharded adapter takes a 20-character room name for
// a socket id.
#pragma once

#include <string>

namespace scaleout::sim {

std::string generate_id();

}  // namespace scaleout::sim
