// Socket.IO v5 packet encoding and the decoding of a packet's text part.
#include "scaleout/protocol/socketio_packet.hpp"

#include <array>
#include <charconv>

namespace scaleout::protocol {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Moves every binary value out of `value` into `attachments`, leaving placeholders behind,
// in the order Node's deconstructPacket visits them (array order, object insertion order).
Json deconstruct_binary(const Json& value, std::vector<std::string>& attachments) {
  switch (value.type()) {
    case Json::value_t::binary: {
      const auto& bytes = value.get_binary();
      Json placeholder;
      placeholder["_placeholder"] = true;
      placeholder["num"] = attachments.size();
      attachments.emplace_back(bytes.begin(), bytes.end());
      return placeholder;
    }
    case Json::value_t::array: {
      Json out = Json::array();
      for (const auto& item : value)
        out.push_back(deconstruct_binary(item, attachments));
      return out;
    }
    case Json::value_t::object: {
      Json out = Json::object();
      for (auto it = value.begin(); it != value.end(); ++it) {
        out[it.key()] = deconstruct_binary(it.value(), attachments);
      }
      return out;
    }
    default:
      return value;
  }
}

bool payload_fits_type(SioType type, const Json& payload) {
  switch (type) {
    case SioType::kConnect:
      return payload.is_object();
    case SioType::kDisconnect:
      return false;
    case SioType::kConnectError:
      return payload.is_object() || payload.is_string();
    case SioType::kEvent:
    case SioType::kBinaryEvent:
      if (!payload.is_array() || payload.empty()) return false;
      return payload[0].is_number() || payload[0].is_string();
    case SioType::kAck:
    case SioType::kBinaryAck:
      return payload.is_array();
  }
  return false;
}

}  // namespace

bool is_reserved_event(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kReserved = {
      "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};
  for (auto reserved : kReserved) {
    if (name == reserved) return true;
  }
  return false;
}

EncodedSioPacket encode_sio(const SioPacket& packet) {
  EncodedSioPacket out;
  // The binary types are chosen here, from the data, whatever the caller set.
  SioType type = packet.type;
  if (type == SioType::kBinaryEvent) type = SioType::kEvent;
  if (type == SioType::kBinaryAck) type = SioType::kAck;
  std::string json;
  if (packet.data) {
    if ((type == SioType::kEvent || type == SioType::kAck) && has_binary(*packet.data)) {
      type = type == SioType::kEvent ? SioType::kBinaryEvent : SioType::kBinaryAck;
      json = dump_json(deconstruct_binary(*packet.data, out.attachments));
    } else {
      json = dump_json(*packet.data);
    }
  }
  std::string& text = out.text;
  text.reserve(json.size() + packet.nsp.size() + 24);
  text += static_cast<char>('0' + static_cast<int>(type));
  if (type == SioType::kBinaryEvent || type == SioType::kBinaryAck) {
    text += std::to_string(out.attachments.size());
    text += '-';
  }
  if (!packet.nsp.empty() && packet.nsp != "/") {
    text += packet.nsp;
    text += ',';
  }
  if (packet.ack_id) text += std::to_string(*packet.ack_id);
  text += json;
  return out;
}

Result<DecodedSioText> decode_sio_text(std::string_view text) {
  if (text.empty()) return make_error(ErrorCode::kEmpty, "empty Socket.IO packet");
  if (text[0] < '0' || text[0] > '6') {
    return make_error(ErrorCode::kUnknownType,
                      "unknown Socket.IO packet type '" + std::string(1, text[0]) + "'");
  }
  DecodedSioText out;
  SioPacket& packet = out.packet;
  packet.type = static_cast<SioType>(text[0] - '0');
  size_t pos = 1;

  if (packet.type == SioType::kBinaryEvent || packet.type == SioType::kBinaryAck) {
    size_t dash = text.find('-', pos);
    if (dash == std::string_view::npos || dash == pos || dash - pos > 4) {
      return make_error(ErrorCode::kBadAttachments, "illegal attachment count");
    }
    int count = 0;
    for (size_t i = pos; i < dash; ++i) {
      if (!is_digit(text[i])) return make_error(ErrorCode::kBadAttachments, "illegal attachments");
      count = count * 10 + (text[i] - '0');
    }
    if (count > kMaxAttachments) {
      return make_error(ErrorCode::kTooManyAttachments, "too many attachments (" +
                                                            std::to_string(count) + " > " +
                                                            std::to_string(kMaxAttachments) + ")");
    }
    out.attachments = count;
    pos = dash + 1;
  }

  if (pos < text.size() && text[pos] == '/') {
    size_t comma = text.find(',', pos);
    size_t end = comma == std::string_view::npos ? text.size() : comma;
    packet.nsp = std::string(text.substr(pos, end - pos));
    pos = comma == std::string_view::npos ? text.size() : comma + 1;
  }

  if (pos < text.size() && is_digit(text[pos])) {
    uint64_t id = 0;
    size_t end = pos;
    while (end < text.size() && is_digit(text[end]))
      ++end;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + end, id);
    if (ec != std::errc() || id > kMaxAckId) {
      return make_error(ErrorCode::kBadAckId, "ack id out of range");
    }
    packet.ack_id = id;
    pos = end;
  }

  if (pos < text.size()) {
    auto payload = parse_json(text.substr(pos));
    if (!payload) return payload.error();
    if (!payload_fits_type(packet.type, *payload)) {
      return make_error(ErrorCode::kBadPayload, "invalid payload for packet type " +
                                                    std::to_string(static_cast<int>(packet.type)));
    }
    if ((packet.type == SioType::kEvent || packet.type == SioType::kBinaryEvent) &&
        (*payload)[0].is_string() &&
        is_reserved_event((*payload)[0].get_ref<const std::string&>())) {
      return make_error(ErrorCode::kReservedEvent,
                        "reserved event name '" + (*payload)[0].get<std::string>() + "'");
    }
    packet.data = std::move(*payload);
  } else if (packet.type == SioType::kEvent || packet.type == SioType::kBinaryEvent ||
             packet.type == SioType::kAck || packet.type == SioType::kBinaryAck ||
             packet.type == SioType::kConnectError) {
    return make_error(
        ErrorCode::kBadPayload,
        "packet type " + std::to_string(static_cast<int>(packet.type)) + " needs a payload");
  }
  return out;
}

namespace {

// Each attachment may take the place of one placeholder, as Node's deconstructPacket writes them:
// otherwise a packet of many placeholders for one large attachment would be copied into gigabytes.
// `used` marks the attachments already placed.
Result<Json> place_attachments(Json data, const std::vector<std::string>& attachments,
                               std::vector<bool>& used) {
  if (data.is_object()) {
    auto flag = data.find("_placeholder");
    if (flag != data.end() && flag->is_boolean() && flag->get<bool>()) {
      auto num = data.find("num");
      if (num == data.end() || !num->is_number_integer() || num->get<int64_t>() < 0 ||
          num->get<int64_t>() >= static_cast<int64_t>(attachments.size())) {
        return make_error(ErrorCode::kBadAttachments, "placeholder index out of range");
      }
      const size_t index = num->get<size_t>();
      if (used[index]) {
        return make_error(ErrorCode::kBadAttachments,
                          "attachment " + std::to_string(index) + " has two placeholders");
      }
      used[index] = true;
      const std::string& bytes = attachments[index];
      return Json::binary(Json::binary_t::container_type(bytes.begin(), bytes.end()));
    }
    for (auto it = data.begin(); it != data.end(); ++it) {
      auto inner = place_attachments(std::move(it.value()), attachments, used);
      if (!inner) return inner.error();
      it.value() = std::move(*inner);
    }
  } else if (data.is_array()) {
    for (auto& item : data) {
      auto inner = place_attachments(std::move(item), attachments, used);
      if (!inner) return inner.error();
      item = std::move(*inner);
    }
  }
  return data;
}

}  // namespace

Result<Json> reconstruct_binary(Json data, const std::vector<std::string>& attachments) {
  std::vector<bool> used(attachments.size());
  return place_attachments(std::move(data), attachments, used);
}

}  // namespace scaleout::protocol
