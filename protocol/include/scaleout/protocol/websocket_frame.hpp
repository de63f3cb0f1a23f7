// WebSocket framing (RFC 6455) for both ends of a connection: a streaming reader that turns bytes
// into messages and control frames, and header encoding for the writer. The servers write frames
// themselves, rather than through Beast's websocket::stream, so that one shared, pre-encoded
// broadcast can be queued to many sockets and everything queued for one socket leaves in a single
// writev: that is what makes a delivery cheap (shared/perf-facts.md). Beast still parses the HTTP
// upgrade request and writes the handshake reply.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

enum class WsOpcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

namespace ws_close {
inline constexpr uint16_t kNormal = 1000;
inline constexpr uint16_t kGoingAway = 1001;
inline constexpr uint16_t kProtocolError = 1002;
inline constexpr uint16_t kNoStatus = 1005;
inline constexpr uint16_t kTooBig = 1009;
}  // namespace ws_close

// A whole message (fragments joined) or a control frame. `payload` lives until the callback
// returns. For kClose, close_code is the peer's code (kNoStatus when it sent none).
struct WsEvent {
  WsOpcode opcode;
  std::string_view payload;
  uint16_t close_code = 0;
};

// The close code a reader error maps to: kTooLarge -> 1009, anything else -> 1002.
uint16_t close_code_for(const ProtocolError& error);

class WsFrameReader {
 public:
  // A server reads masked frames; a client reads unmasked ones. Messages larger than
  // max_message_size are refused as soon as a header announces them.
  WsFrameReader(bool expect_masked, uint64_t max_message_size)
      : expect_masked_(expect_masked), max_message_size_(max_message_size) {}

  // Consumes every complete frame at the start of `input` (unmasking in place) and returns how
  // many bytes it used; the caller keeps the rest for the next call.
  Result<size_t> consume(std::span<char> input,
                         const std::function<void(const WsEvent&)>& on_event);

 private:
  bool expect_masked_;
  uint64_t max_message_size_;
  std::string fragments_;
  WsOpcode fragmented_opcode_ = WsOpcode::kContinuation;
  bool in_fragmented_message_ = false;
};

inline constexpr size_t kMaxWsHeaderSize = 14;

// Writes a FIN frame header into `out` and returns its size. With a mask, the caller must mask
// the payload with mask_payload().
size_t encode_ws_header(uint8_t* out, WsOpcode opcode, uint64_t payload_size,
                        const uint8_t* mask = nullptr);
void mask_payload(std::span<char> payload, const uint8_t mask[4]);

// A whole frame in one string (used for control frames and by clients).
std::string encode_ws_frame(WsOpcode opcode, std::string_view payload,
                            const uint8_t* mask = nullptr);
std::string encode_ws_close_payload(uint16_t code, std::string_view reason = {});

}  // namespace scaleout::protocol
