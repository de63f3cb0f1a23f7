// Encoding a packet once for all of its local recipients, and finding its message id.
#include "scaleout/adapter/types.hpp"

#include <random>

namespace scaleout::adapter {

EncodedPacket encode_for_sockets(const protocol::SioPacket& packet) {
  protocol::EncodedSioPacket encoded = protocol::encode_sio(packet);
  EncodedPacket out;
  out.frames.reserve(1 + encoded.attachments.size());
  out.frames.push_back(protocol::make_text_frame(protocol::EioType::kMessage, encoded.text));
  out.bytes = encoded.text.size() + 1;
  for (auto& attachment : encoded.attachments) {
    out.bytes += attachment.size();
    out.frames.push_back(protocol::make_binary_frame(std::move(attachment)));
  }
  out.mid = message_id_of(packet);
  return out;
}

std::string message_id_of(const protocol::SioPacket& packet) {
  if (!packet.data || !packet.data->is_array() || packet.data->size() < 2) return {};
  const Json& first = (*packet.data)[1];
  if (!first.is_object()) return {};
  auto mid = first.find("mid");
  if (mid == first.end()) return {};
  if (mid->is_string()) return mid->get<std::string>();
  if (mid->is_number_integer()) return mid->dump();
  return {};
}

std::string random_token(size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<int> pick(0, 61);
  std::string token;
  token.reserve(length);
  for (size_t i = 0; i < length; ++i)
    token += kAlphabet[pick(generator)];
  return token;
}

}  // namespace scaleout::adapter
