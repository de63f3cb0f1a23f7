// Engine.IO v4 packet and payload codec.
#include "scaleout/protocol/engineio_packet.hpp"

#include "scaleout/protocol/base64.hpp"
#include "scaleout/protocol/json.hpp"

namespace scaleout::protocol {

Result<EioPacket> decode_eio_text(std::string_view text) {
  if (text.empty()) return make_error(ErrorCode::kEmpty, "empty Engine.IO packet");
  if (text[0] == 'b') {
    auto bytes = base64_decode(text.substr(1));
    if (!bytes) return make_error(ErrorCode::kBadBase64, "binary packet is not valid base64");
    return EioPacket{EioType::kMessage, std::move(*bytes), true};
  }
  if (text[0] < '0' || text[0] > '6') {
    return make_error(ErrorCode::kUnknownType,
                      "unknown Engine.IO packet type '" + std::string(1, text[0]) + "'");
  }
  return EioPacket{static_cast<EioType>(text[0] - '0'), std::string(text.substr(1)), false};
}

std::string encode_eio_text(EioType type, std::string_view data) {
  std::string out;
  out.reserve(1 + data.size());
  out += static_cast<char>('0' + static_cast<int>(type));
  out += data;
  return out;
}

EioFrame make_text_frame(EioType type, std::string_view data) {
  return EioFrame{std::make_shared<const std::string>(encode_eio_text(type, data)), false};
}

EioFrame make_binary_frame(std::string bytes) {
  return EioFrame{std::make_shared<const std::string>(std::move(bytes)), true};
}

Result<std::vector<EioPacket>> decode_polling_payload(std::string_view body) {
  std::vector<EioPacket> packets;
  size_t start = 0;
  while (true) {
    size_t end = body.find(kPayloadSeparator, start);
    std::string_view element =
        body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    auto packet = decode_eio_text(element);
    if (!packet) return packet.error();
    packets.push_back(std::move(*packet));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return packets;
}

std::string encode_polling_payload(std::span<const EioFrame> frames) {
  std::string out;
  size_t size = 0;
  for (const auto& frame : frames)
    size += frame.bytes->size() + 1;
  out.reserve(size);
  for (const auto& frame : frames) {
    if (!out.empty()) out += kPayloadSeparator;
    if (frame.binary) {
      out += 'b';
      out += base64_encode(*frame.bytes);
    } else {
      out += *frame.bytes;
    }
  }
  return out;
}

std::string encode_open_packet(const OpenParameters& open) {
  Json body;
  body["sid"] = open.sid;
  body["upgrades"] = open.offer_websocket_upgrade ? Json::array({"websocket"}) : Json::array();
  body["pingInterval"] = open.ping_interval_ms;
  body["pingTimeout"] = open.ping_timeout_ms;
  body["maxPayload"] = open.max_payload;
  return encode_eio_text(EioType::kOpen, dump_json(body));
}

}  // namespace scaleout::protocol
