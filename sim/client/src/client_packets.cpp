// Client: Engine.IO packets in WebSocket frames. The first frame must be the open packet; after
// it every text frame is one packet ('b' + base64 for binary sent as text) and every binary
// frame a binary message, all handed to SioSession. The load generator's raw-frame handler sees
// message frames first, before any parsing.
#include "scaleout/client/client.hpp"

namespace scaleout::sim {

using protocol::WsOpcode;

void Client::on_text_frame(std::string_view frame) {
  if (raw_handler_ && state_ == State::kConnected && frame.size() > 1 && frame[0] == '4' &&
      !awaiting_attachments()) {
    try {
      if (raw_handler_(frame)) return;
    } catch (const std::exception& error) {
      end(std::string("handler error: ") + error.what(), Teardown::kGraceful);
      return;
    }
    if (state_ == State::kClosed) return;
  }
  auto packet = protocol::decode_eio_text(frame);
  if (!packet) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  if (!engine_open_) {
    if (packet->type != protocol::EioType::kOpen || packet->binary ||
        !on_open_packet(packet->data)) {
      end("parse error", Teardown::kGraceful);
      return;
    }
    engine_open_ = true;
    return;
  }
  on_engine_packet(std::move(*packet));
}

void Client::on_binary_frame(std::string_view bytes) {
  if (!engine_open_) {
    end("parse error", Teardown::kGraceful);
    return;
  }
  on_engine_packet(protocol::EioPacket{protocol::EioType::kMessage, std::string(bytes), true});
}

void Client::send_sio(const protocol::SioPacket& packet) {
  const auto encoded = protocol::encode_sio(packet);
  send_frame(WsOpcode::kText, "4", encoded.text);
  for (const auto& attachment : encoded.attachments)
    send_frame(WsOpcode::kBinary, attachment);
}

void Client::send_pong() {
  send_frame(WsOpcode::kText, "3");
}

}  // namespace scaleout::sim
