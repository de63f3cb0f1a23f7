// Safe JSON parsing and dumping for everything that arrives from a peer.
#include "scaleout/protocol/json.hpp"

namespace scaleout::protocol {
namespace {

// Returns false as soon as brackets outside string literals nest deeper than max_depth.
bool depth_within(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace

Result<Json> parse_json(std::string_view text, int max_depth) {
  if (!depth_within(text, max_depth)) {
    return make_error(ErrorCode::kBadJson,
                      "JSON nests deeper than " + std::to_string(max_depth) + " levels");
  }
  Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return make_error(ErrorCode::kBadJson, "invalid JSON");
  return value;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

bool has_binary(const Json& value) {
  switch (value.type()) {
    case Json::value_t::binary:
      return true;
    case Json::value_t::array:
    case Json::value_t::object:
      for (const auto& item : value) {
        if (has_binary(item)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace scaleout::protocol
