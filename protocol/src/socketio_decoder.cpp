// SioDecoder: reassembles Socket.IO packets that arrive over several Engine.IO messages.
#include "scaleout/protocol/socketio_decoder.hpp"

namespace scaleout::protocol {

Result<std::optional<SioPacket>> SioDecoder::on_text(std::string_view text) {
  if (pending_) {
    return make_error(ErrorCode::kUnexpectedBinary,
                      "got text data while binary attachments were expected");
  }
  auto decoded = decode_sio_text(text);
  if (!decoded) return decoded.error();
  if (decoded->attachments == 0) {
    SioPacket packet = std::move(decoded->packet);
    if (packet.data &&
        (packet.type == SioType::kBinaryEvent || packet.type == SioType::kBinaryAck)) {
      std::vector<std::string> none;
      auto data = reconstruct_binary(std::move(*packet.data), none);
      if (!data) return data.error();
      packet.data = std::move(*data);
    }
    return std::optional<SioPacket>(std::move(packet));
  }
  pending_ = std::move(decoded->packet);
  expected_ = decoded->attachments;
  buffers_.clear();
  return std::optional<SioPacket>();
}

Result<std::optional<SioPacket>> SioDecoder::on_binary(std::string bytes) {
  if (!pending_) {
    return make_error(ErrorCode::kUnexpectedBinary, "got binary data when not reconstructing");
  }
  buffers_.push_back(std::move(bytes));
  if (static_cast<int>(buffers_.size()) < expected_) return std::optional<SioPacket>();

  SioPacket packet = std::move(*pending_);
  pending_.reset();
  if (packet.data) {
    auto data = reconstruct_binary(std::move(*packet.data), buffers_);
    buffers_.clear();
    if (!data) return data.error();
    packet.data = std::move(*data);
  }
  return std::optional<SioPacket>(std::move(packet));
}

}  // namespace scaleout::protocol
