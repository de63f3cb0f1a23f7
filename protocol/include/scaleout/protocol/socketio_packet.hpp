// Socket.IO v5 packets, carried inside Engine.IO message packets:
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]
// Binary values inside the data travel as separate attachments, replaced in the JSON by
// {"_placeholder":true,"num":i}. See shared/protocol-facts.md section 2.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

enum class SioType : uint8_t {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

inline constexpr int kMaxAttachments = 10;
// Ack ids are JavaScript numbers on the other side: keep them exact.
inline constexpr uint64_t kMaxAckId = (uint64_t{1} << 53) - 1;

struct SioPacket {
  SioType type = SioType::kEvent;
  std::string nsp = "/";
  std::optional<uint64_t> ack_id;
  // Absent for DISCONNECT and for a CONNECT without auth. Binary values are Json binary values.
  std::optional<Json> data;
};

// The text part and the binary attachments, in placeholder order.
struct EncodedSioPacket {
  std::string text;
  std::vector<std::string> attachments;
};

// EVENT and ACK packets whose data holds binary become BINARY_EVENT / BINARY_ACK.
EncodedSioPacket encode_sio(const SioPacket& packet);

// True for the event names a client may not emit (connect, disconnect, ...).
bool is_reserved_event(std::string_view name);

// Decodes the text part alone. When the packet announces attachments, `data` still holds the
// placeholders and `attachments` the count still to come.
struct DecodedSioText {
  SioPacket packet;
  int attachments = 0;
};
Result<DecodedSioText> decode_sio_text(std::string_view text);

// Replaces every placeholder in `data` by its attachment; fails on an index out of range and on
// a second placeholder for the same attachment.
Result<Json> reconstruct_binary(Json data, const std::vector<std::string>& attachments);

}  // namespace scaleout::protocol
