// RFC 6455 frame reader and header writer.
#include "scaleout/protocol/websocket_frame.hpp"

#include <cstring>

namespace scaleout::protocol {
namespace {

bool is_control(WsOpcode opcode) {
  return static_cast<uint8_t>(opcode) >= 0x8;
}

bool is_known(uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

}  // namespace

uint16_t close_code_for(const ProtocolError& error) {
  return error.code == ErrorCode::kTooLarge ? ws_close::kTooBig : ws_close::kProtocolError;
}

Result<size_t> WsFrameReader::consume(std::span<char> input,
                                      const std::function<void(const WsEvent&)>& on_event) {
  size_t pos = 0;
  while (true) {
    const size_t available = input.size() - pos;
    if (available < 2) return pos;
    const auto* head = reinterpret_cast<const uint8_t*>(input.data() + pos);
    const bool fin = head[0] & 0x80;
    const uint8_t rsv = head[0] & 0x70;
    const uint8_t raw_opcode = head[0] & 0x0F;
    const bool masked = head[1] & 0x80;
    uint64_t length = head[1] & 0x7F;
    size_t header_size = 2;

    if (rsv != 0)
      return make_error(ErrorCode::kBadFrame, "reserved bits set (no extension agreed)");
    if (!is_known(raw_opcode)) return make_error(ErrorCode::kBadFrame, "unknown opcode");
    if (masked != expect_masked_) {
      return make_error(ErrorCode::kBadFrame,
                        expect_masked_ ? "client frame is not masked" : "server frame is masked");
    }
    if (length == 126) {
      if (available < 4) return pos;
      length = (uint64_t(head[2]) << 8) | head[3];
      header_size = 4;
    } else if (length == 127) {
      if (available < 10) return pos;
      length = 0;
      for (int i = 0; i < 8; ++i)
        length = (length << 8) | head[2 + i];
      header_size = 10;
      if (length >> 63) return make_error(ErrorCode::kBadFrame, "frame length too large");
    }
    const auto opcode = static_cast<WsOpcode>(raw_opcode);
    if (is_control(opcode) && (length > 125 || !fin)) {
      return make_error(ErrorCode::kBadFrame, "control frame too long or fragmented");
    }
    const uint64_t message_size = length + (is_control(opcode) ? 0 : fragments_.size());
    if (message_size > max_message_size_) {
      return make_error(ErrorCode::kTooLarge, "message of " + std::to_string(message_size) +
                                                  " bytes is over the limit of " +
                                                  std::to_string(max_message_size_));
    }
    uint8_t mask[4] = {0, 0, 0, 0};
    if (masked) {
      if (available < header_size + 4) return pos;
      std::memcpy(mask, head + header_size, 4);
      header_size += 4;
    }
    if (available < header_size + length) return pos;

    std::span<char> payload = input.subspan(pos + header_size, length);
    if (masked) mask_payload(payload, mask);
    pos += header_size + length;
    std::string_view view(payload.data(), payload.size());

    if (is_control(opcode)) {
      WsEvent event{opcode, view};
      if (opcode == WsOpcode::kClose) {
        if (length == 1) return make_error(ErrorCode::kBadFrame, "close frame of one byte");
        event.close_code = length >= 2
                               ? static_cast<uint16_t>((uint8_t(view[0]) << 8) | uint8_t(view[1]))
                               : ws_close::kNoStatus;
        event.payload = length >= 2 ? view.substr(2) : std::string_view();
      }
      on_event(event);
      continue;
    }
    if (opcode == WsOpcode::kContinuation) {
      if (!in_fragmented_message_) {
        return make_error(ErrorCode::kBadFrame, "continuation frame without a message");
      }
      fragments_.append(view);
      if (fin) {
        in_fragmented_message_ = false;
        on_event(WsEvent{fragmented_opcode_, fragments_});
        fragments_.clear();
      }
      continue;
    }
    if (in_fragmented_message_) {
      return make_error(ErrorCode::kBadFrame, "new message inside a fragmented one");
    }
    if (fin) {
      on_event(WsEvent{opcode, view});
    } else {
      in_fragmented_message_ = true;
      fragmented_opcode_ = opcode;
      fragments_.assign(view);
    }
  }
}

size_t encode_ws_header(uint8_t* out, WsOpcode opcode, uint64_t payload_size, const uint8_t* mask) {
  out[0] = 0x80 | static_cast<uint8_t>(opcode);
  const uint8_t mask_bit = mask ? 0x80 : 0x00;
  size_t size;
  if (payload_size < 126) {
    out[1] = mask_bit | static_cast<uint8_t>(payload_size);
    size = 2;
  } else if (payload_size <= 0xFFFF) {
    out[1] = mask_bit | 126;
    out[2] = static_cast<uint8_t>(payload_size >> 8);
    out[3] = static_cast<uint8_t>(payload_size);
    size = 4;
  } else {
    out[1] = mask_bit | 127;
    for (int i = 0; i < 8; ++i)
      out[2 + i] = static_cast<uint8_t>(payload_size >> (56 - 8 * i));
    size = 10;
  }
  if (mask) {
    std::memcpy(out + size, mask, 4);
    size += 4;
  }
  return size;
}

void mask_payload(std::span<char> payload, const uint8_t mask[4]) {
  for (size_t i = 0; i < payload.size(); ++i)
    payload[i] ^= static_cast<char>(mask[i & 3]);
}

std::string encode_ws_frame(WsOpcode opcode, std::string_view payload, const uint8_t* mask) {
  uint8_t header[kMaxWsHeaderSize];
  size_t header_size = encode_ws_header(header, opcode, payload.size(), mask);
  std::string frame(reinterpret_cast<const char*>(header), header_size);
  frame.append(payload);
  if (mask) mask_payload(std::span<char>(frame.data() + header_size, payload.size()), mask);
  return frame;
}

std::string encode_ws_close_payload(uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  payload.append(reason);
  return payload;
}

}  // namespace scaleout::protocol
