// Readable lines for adapter messages.
#include "scaleout/observe/observed_message.hpp"

#include <functional>

#include "scaleout/protocol/adapter_message.hpp"
#include "scaleout/protocol/json.hpp"

namespace scaleout::sim {
namespace {

using protocol::Json;

// JSON with Buffers written as <Buffer N bytes>, cut to `width` characters.
std::string render(const Json& value, size_t width) {
  std::function<Json(const Json&)> readable = [&](const Json& v) -> Json {
    if (v.is_binary()) return "<Buffer " + std::to_string(v.get_binary().size()) + " bytes>";
    if (v.is_array()) {
      Json out = Json::array();
      for (const auto& item : v)
        out.push_back(readable(item));
      return out;
    }
    if (v.is_object()) {
      Json out = Json::object();
      for (auto it = v.begin(); it != v.end(); ++it)
        out[it.key()] = readable(it.value());
      return out;
    }
    return v;
  };
  std::string text = protocol::dump_json(readable(value));
  if (text.size() > width) text = text.substr(0, width > 3 ? width - 3 : width) + "...";
  return text;
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? "," : "") + items[i];
  return out + "]";
}

std::string hex_prefix(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < 16; ++i) {
    out += kHex[static_cast<unsigned char>(bytes[i]) >> 4];
    out += kHex[static_cast<unsigned char>(bytes[i]) & 15];
  }
  return out + (bytes.size() > 16 ? "..." : "");
}

const char* request_name(int type) {
  static constexpr const char* kNames[] = {
      "sockets",      "allRooms",       "socketsJoin",      "socketsLeave", "disconnectSockets",
      "fetchSockets", "serverSideEmit", "broadcastWithAck", "clientCount",  "ack"};
  return type >= 0 && type <= 9 ? kNames[type] : "unknown";
}

// The namespace between `prefix` and the next '#'.
std::string namespace_of(std::string_view channel, std::string_view prefix) {
  std::string_view rest = channel.substr(prefix.size());
  return std::string(rest.substr(0, rest.find('#')));
}

std::string text_of(const Json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end()) return {};
  return found->is_string() ? found->get<std::string>() : found->dump();
}

}  // namespace

ObservedLine describe_adapter_message(std::string_view key, std::string_view channel,
                                      std::string_view payload, size_t width) {
  ObservedLine line;
  const std::string size = "  " + std::to_string(payload.size()) + " B";
  const std::string broadcast_prefix = std::string(key) + "#";
  const std::string request_prefix = std::string(key) + "-request#";
  const std::string response_prefix = std::string(key) + "-response#";

  if (channel.starts_with(request_prefix) || channel.starts_with(response_prefix)) {
    const bool request = channel.starts_with(request_prefix);
    line.kind = request ? ObservedLine::Kind::kRequest : ObservedLine::Kind::kResponse;
    line.nsp = namespace_of(channel, request ? request_prefix : response_prefix);
    auto decoded = protocol::decode_adapter_object(payload, /*require_type=*/request);
    if (!decoded) {
      line.text = std::string(request ? "request  " : "response ") + line.nsp + "  UNDECODABLE (" +
                  decoded.error().message + ") " + hex_prefix(payload) + size;
      return line;
    }
    const Json& object = *decoded;
    line.decoded = true;
    line.origin = text_of(object, "uid");
    const int type = object.contains("type") && object["type"].is_number_integer()
                         ? object["type"].get<int>()
                         : -1;
    line.text = std::string(request ? "request  " : "response ") + line.nsp + "  ";
    if (!line.origin.empty()) line.text += "uid=" + line.origin + "  ";
    line.request = type >= 0 ? request_name(type) : "reply";
    line.text += line.request;
    if (object.contains("requestId")) line.text += " id=" + text_of(object, "requestId");
    if (object.contains("opts")) line.text += " opts=" + render(object["opts"], width);
    if (object.contains("rooms")) line.text += " rooms=" + render(object["rooms"], width);
    if (object.contains("data")) line.text += " data=" + render(object["data"], width);
    if (object.contains("packet")) line.text += " packet=" + render(object["packet"], width);
    if (object.contains("sockets") && object["sockets"].is_array()) {
      line.text += " sockets=" + std::to_string(object["sockets"].size());
    }
    if (object.contains("clientCount")) line.text += " clients=" + text_of(object, "clientCount");
    line.text += size;
    return line;
  }

  if (!channel.starts_with(broadcast_prefix)) {
    line.text = std::string(channel) + "  (not an adapter channel)" + size;
    return line;
  }
  auto message = protocol::decode_broadcast_message(payload);
  line.kind = ObservedLine::Kind::kBroadcast;
  line.nsp = namespace_of(channel, broadcast_prefix);
  if (!message) {
    line.text = "broadcast " + std::string(channel) + "  UNDECODABLE (" + message.error().message +
                ") " + hex_prefix(payload) + size;
    return line;
  }
  line.decoded = true;
  line.origin = message->uid;
  line.nsp = message->nsp;
  line.rooms = message->opts.rooms;
  const Json& data = message->data;
  line.event = data[0].is_string() ? data[0].get<std::string>() : data[0].dump();
  Json args = Json::array();
  for (size_t i = 1; i < data.size(); ++i)
    args.push_back(data[i]);
  if (args.size() == 1 && args[0].is_object() && args[0].contains("mid")) {
    line.mid = text_of(args[0], "mid");
  }
  line.text = "broadcast " + std::string(channel) + "  uid=" + message->uid +
              "  nsp=" + message->nsp + "  rooms=" + list(message->opts.rooms) +
              " except=" + list(message->opts.except) +
              " flags=" + protocol::dump_json(message->opts.flags) + "  " + line.event + " " +
              render(args, width) + size;
  return line;
}

}  // namespace scaleout::sim
