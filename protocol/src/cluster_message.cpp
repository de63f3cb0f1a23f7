// Encoding and decoding the ClusterAdapter's envelope.
#include "scaleout/protocol/cluster_message.hpp"

#include "scaleout/protocol/msgpack_json.hpp"

namespace scaleout::protocol {

std::string encode_cluster_message(const ClusterMessage& message) {
  Json envelope;
  envelope["type"] = static_cast<int>(message.type);
  if (!message.data.is_null()) envelope["data"] = message.data;
  envelope["uid"] = message.uid;
  envelope["nsp"] = message.nsp;
  // Node picks msgpack only for the types that may carry binary and only when they do; any
  // message with binary inside must be msgpack here, since JSON cannot carry it.
  return has_binary(message.data) ? to_msgpack(envelope) : dump_json(envelope);
}

Result<ClusterMessage> decode_cluster_message(std::string_view bytes) {
  if (bytes.empty()) return make_error(ErrorCode::kEmpty, "empty cluster message");
  auto decoded = bytes.front() == '{' ? parse_json(bytes) : from_msgpack(bytes);
  if (!decoded) return decoded.error();
  Json& envelope = *decoded;
  if (!envelope.is_object())
    return make_error(ErrorCode::kBadMessage, "cluster message is not an object");
  auto type = envelope.find("type");
  if (type == envelope.end() || !type->is_number_integer())
    return make_error(ErrorCode::kBadMessage, "cluster message has no numeric type");
  ClusterMessage message;
  message.type = static_cast<ClusterMessageType>(type->get<int>());
  for (auto [name, target] : {std::pair{"uid", &message.uid}, std::pair{"nsp", &message.nsp}}) {
    auto field = envelope.find(name);
    if (field == envelope.end()) continue;
    if (!field->is_string())
      return make_error(ErrorCode::kBadMessage,
                        std::string("cluster message ") + name + " is not text");
    *target = field->get<std::string>();
  }
  if (auto data = envelope.find("data"); data != envelope.end()) message.data = std::move(*data);
  return message;
}

}  // namespace scaleout::protocol
