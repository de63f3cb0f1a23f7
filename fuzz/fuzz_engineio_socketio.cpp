// libFuzzer target for what a client sends a server: Engine.IO text packets, polling payloads,
// Socket.IO packets through SioDecoder, and WebSocket frames. The first byte of the input picks the
// decoder (its value modulo 4, so the seeds start with an ASCII digit); the rest is its input:
//   '0'  one Engine.IO text packet (decode_eio_text)
//   '1'  a polling POST body (decode_polling_payload); its messages then go through a SioDecoder
//   '2'  Socket.IO messages separated by 0x1e: text, then binary while the decoder awaits
//        attachments (a leading 0x1f sends a message as text anyway)
//   '3'  WebSocket bytes after one flags byte: bit 0 masked (server side) or not, bits 1-3 the
//        max_message_size, bits 4-7 the read size the stream is cut into
// Whatever decodes is encoded again and must decode to the same thing; nothing may crash.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "scaleout/protocol/engineio_packet.hpp"
#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/protocol/socketio_packet.hpp"
#include "scaleout/protocol/websocket_frame.hpp"

using namespace scaleout::protocol;

namespace {

constexpr char kForceText = '\x1f';

// --- Engine.IO ------------------------------------------------------------------------------

EioFrame frame_of(const EioPacket& packet) {
  return packet.binary ? make_binary_frame(packet.data) : make_text_frame(packet.type, packet.data);
}

bool same_eio(const EioPacket& a, const EioPacket& b) {
  return a.type == b.type && a.data == b.data && a.binary == b.binary;
}

void fuzz_eio_text(std::string_view input) {
  auto packet = decode_eio_text(input);
  if (!packet) return;
  if (!packet->binary) FUZZ_CHECK(encode_eio_text(packet->type, packet->data) == input);
  // The polling form of one packet is the packet itself ('b' + base64 when binary).
  const EioFrame frames[] = {frame_of(*packet)};
  auto again = decode_eio_text(encode_polling_payload(frames));
  FUZZ_CHECK(again && same_eio(*again, *packet));
}

// --- Socket.IO ------------------------------------------------------------------------------

SioType without_binary(SioType type) {
  if (type == SioType::kBinaryEvent) return SioType::kEvent;
  if (type == SioType::kBinaryAck) return SioType::kAck;
  return type;
}

// Compared as text so that binary values compare by content; a non-finite number has no JSON
// form and is written as null, which is what JSON.stringify does too.
std::string data_text(const std::optional<Json>& data) {
  return data ? dump_json(*data) : std::string("<none>");
}

// Encodes a decoded packet and decodes it again with a fresh decoder: same packet. The binary
// type is the encoder's choice (from the data), so types are compared without it.
void check_sio_round_trip(const SioPacket& packet) {
  EncodedSioPacket encoded = encode_sio(packet);
  // Each attachment fills one placeholder, so a decoded packet never holds more binary values
  // than a packet may carry attachments.
  FUZZ_CHECK(encoded.attachments.size() <= static_cast<size_t>(kMaxAttachments));
  SioDecoder decoder;
  auto result = decoder.on_text(encoded.text);
  FUZZ_CHECK(result);
  for (const std::string& attachment : encoded.attachments) {
    FUZZ_CHECK(!result->has_value());
    result = decoder.on_binary(attachment);
    FUZZ_CHECK(result);
  }
  FUZZ_CHECK(result->has_value());
  const SioPacket& again = **result;
  FUZZ_CHECK(without_binary(again.type) == without_binary(packet.type));
  FUZZ_CHECK((again.type == SioType::kBinaryEvent || again.type == SioType::kBinaryAck) ==
             !encoded.attachments.empty());
  FUZZ_CHECK(again.nsp == packet.nsp);
  FUZZ_CHECK(again.ack_id == packet.ack_id);
  FUZZ_CHECK(data_text(again.data) == data_text(packet.data));
  FUZZ_CHECK(!decoder.awaiting_attachments());
}

// Feeds one message; returns false once the decoder has failed (the connection would close).
bool feed(SioDecoder& decoder, std::string_view message, bool binary) {
  auto result = binary ? decoder.on_binary(std::string(message)) : decoder.on_text(message);
  if (!result) return false;
  if (result->has_value()) {
    FUZZ_CHECK(!decoder.awaiting_attachments());
    check_sio_round_trip(**result);
  }
  return true;
}

void fuzz_socketio(std::string_view input) {
  SioDecoder decoder;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find(kPayloadSeparator, start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view message = input.substr(start, end - start);
    bool binary = decoder.awaiting_attachments();
    if (!message.empty() && message.front() == kForceText) {
      message.remove_prefix(1);
      binary = false;
    }
    if (!feed(decoder, message, binary)) return;
    start = end + 1;
  }
}

void fuzz_polling(std::string_view input) {
  auto packets = decode_polling_payload(input);
  if (!packets) return;
  FUZZ_CHECK(!packets->empty());
  std::vector<EioFrame> frames;
  for (const EioPacket& packet : *packets)
    frames.push_back(frame_of(packet));
  auto again = decode_polling_payload(encode_polling_payload(frames));
  FUZZ_CHECK(again && again->size() == packets->size());
  for (size_t i = 0; i < packets->size(); ++i)
    FUZZ_CHECK(same_eio((*again)[i], (*packets)[i]));

  // What the server does with the messages of a POST.
  SioDecoder decoder;
  for (const EioPacket& packet : *packets) {
    if (packet.type != EioType::kMessage) continue;
    if (!feed(decoder, packet.data, packet.binary)) return;
  }
}

// --- WebSocket ------------------------------------------------------------------------------

constexpr std::array<uint64_t, 8> kMaxMessageSizes = {0, 1, 2, 125, 126, 127, 300, 4096};
constexpr std::array<size_t, 16> kReadSizes = {1,  2,  3,  4,  5,  6,   7,    8,
                                               11, 13, 16, 31, 64, 127, 1000, 100000};
constexpr uint8_t kMask[4] = {0x37, 0xfa, 0x21, 0x3d};

struct Event {
  WsOpcode opcode;
  std::string payload;
  uint16_t close_code;
  bool operator==(const Event&) const = default;
};

struct ReadLog {
  std::vector<Event> events;
  std::optional<ProtocolError> error;
  size_t left_over = 0;  // bytes of an unfinished frame, kept for the next read
};

// Reads `stream` the way a connection does: `read_size` bytes at a time, keeping what the
// reader did not consume in front of the next read.
ReadLog read_stream(std::string_view stream, bool masked, uint64_t max_size, size_t read_size) {
  WsFrameReader reader(masked, max_size);
  ReadLog log;
  auto record = [&](const WsEvent& event) {
    log.events.push_back(Event{event.opcode, std::string(event.payload), event.close_code});
  };
  std::string buffer;
  for (size_t pos = 0; pos < stream.size(); pos += read_size) {
    buffer.append(stream.substr(pos, read_size));
    auto used = reader.consume(std::span<char>(buffer.data(), buffer.size()), record);
    if (!used) {
      log.error = used.error();
      return log;
    }
    FUZZ_CHECK(*used <= buffer.size());
    buffer.erase(0, *used);
  }
  log.left_over = buffer.size();
  return log;
}

// A single frame for an event as the peer could have sent it: the reader must give it back.
void check_ws_round_trip(const Event& event, bool masked, uint64_t max_size) {
  std::string payload = event.payload;
  if (event.opcode == WsOpcode::kClose &&
      !(event.close_code == ws_close::kNoStatus && event.payload.empty())) {
    payload = encode_ws_close_payload(event.close_code, event.payload);
  }
  const std::string frame = encode_ws_frame(event.opcode, payload, masked ? kMask : nullptr);
  ReadLog log = read_stream(frame, masked, max_size, frame.size());
  FUZZ_CHECK(!log.error);
  FUZZ_CHECK(log.left_over == 0);
  FUZZ_CHECK(log.events.size() == 1 && log.events[0] == event);
}

void fuzz_websocket(std::string_view input) {
  if (input.empty()) return;
  const uint8_t flags = static_cast<uint8_t>(input[0]);
  const bool masked = flags & 1;
  const uint64_t max_size = kMaxMessageSizes[(flags >> 1) & 7];
  const size_t read_size = kReadSizes[flags >> 4];
  const std::string_view stream = input.substr(1);

  // A stream read at once and the same stream cut into pieces give the same events.
  ReadLog whole = read_stream(stream, masked, max_size, stream.size() + 1);
  ReadLog pieces = read_stream(stream, masked, max_size, read_size);
  FUZZ_CHECK(whole.events == pieces.events);
  FUZZ_CHECK(whole.error.has_value() == pieces.error.has_value());
  if (whole.error) {
    FUZZ_CHECK(whole.error->code == pieces.error->code);
    FUZZ_CHECK(whole.error->message == pieces.error->message);
    const uint16_t code = close_code_for(*whole.error);
    FUZZ_CHECK(code == ws_close::kTooBig || code == ws_close::kProtocolError);
  } else {
    FUZZ_CHECK(whole.left_over == pieces.left_over);
  }
  for (const Event& event : whole.events) {
    FUZZ_CHECK(event.opcode != WsOpcode::kContinuation);
    FUZZ_CHECK(event.payload.size() <= max_size);
    check_ws_round_trip(event, masked, max_size);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      fuzz_eio_text(input);
      break;
    case 1:
      fuzz_polling(input);
      break;
    case 2:
      fuzz_socketio(input);
      break;
    case 3:
      fuzz_websocket(input);
      break;
  }
  return 0;
}
