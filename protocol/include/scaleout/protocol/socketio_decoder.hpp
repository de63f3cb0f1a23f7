// SioDecoder: turns the Engine.IO messages of one connection into Socket.IO packets. A packet
// with attachments spans several messages (its text, then one binary message per attachment),
// so the decoder keeps the half-built packet between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/protocol/socketio_packet.hpp"

namespace scaleout::protocol {

class SioDecoder {
 public:
  // Each returns the finished packet, nullopt while attachments are still due, or an error after
  // which the connection must be closed.
  Result<std::optional<SioPacket>> on_text(std::string_view text);
  Result<std::optional<SioPacket>> on_binary(std::string bytes);

  bool awaiting_attachments() const { return pending_.has_value(); }

 private:
  std::optional<SioPacket> pending_;
  int expected_ = 0;
  std::vector<std::string> buffers_;
};

}  // namespace scaleout::protocol
