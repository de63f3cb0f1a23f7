// Engine.IO v4 packets: the one-digit transport packets ("0" open ... "6" noop), the polling
// payload that joins them with 0x1e, and binary packets ('b' + base64 over polling, a raw binary
// frame over WebSocket). See shared/protocol-facts.md section 1.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

enum class EioType : uint8_t {
  kOpen = 0,
  kClose = 1,
  kPing = 2,
  kPong = 3,
  kMessage = 4,
  kUpgrade = 5,
  kNoop = 6,
};

// One decoded packet. A binary packet is always a message; `data` then holds the raw bytes.
struct EioPacket {
  EioType type = EioType::kMessage;
  std::string data;
  bool binary = false;
};

// One packet ready to go out, shared by every recipient of a broadcast: `bytes` holds the text
// form ("42[...]", "2", "3probe") or, for a binary packet, the raw bytes.
struct EioFrame {
  std::shared_ptr<const std::string> bytes;
  bool binary = false;
};

// The polling payload separator (ASCII record separator).
inline constexpr char kPayloadSeparator = '\x1e';

// Decodes a WebSocket text frame or one element of a polling payload ('b' means base64 binary).
Result<EioPacket> decode_eio_text(std::string_view text);

// "<type digit><data>", the text form of a packet.
std::string encode_eio_text(EioType type, std::string_view data = {});
EioFrame make_text_frame(EioType type, std::string_view data = {});
EioFrame make_binary_frame(std::string bytes);

// A polling POST body: packets joined by 0x1e.
Result<std::vector<EioPacket>> decode_polling_payload(std::string_view body);
// A polling GET reply: text frames as they are, binary ones as 'b' + base64, joined by 0x1e.
std::string encode_polling_payload(std::span<const EioFrame> frames);

struct OpenParameters {
  std::string sid;
  bool offer_websocket_upgrade = false;
  int ping_interval_ms = 25000;
  int ping_timeout_ms = 20000;
  int64_t max_payload = 1000000;
};
// "0{...}": the first packet of every session.
std::string encode_open_packet(const OpenParameters& open);

}  // namespace scaleout::protocol
