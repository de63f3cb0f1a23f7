// JSON as the protocol sees it: an insertion-ordered document (so that packets re-encode byte for
// byte as Node wrote them), parsed without exceptions and with a bound on nesting depth, and
// dumped without ever throwing on bad UTF-8 that arrived inside a msgpack string.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

using Json = nlohmann::ordered_json;

// Deeper documents are refused rather than parsed recursively into a stack overflow.
inline constexpr int kMaxJsonDepth = 64;

Result<Json> parse_json(std::string_view text, int max_depth = kMaxJsonDepth);

// Compact JSON, as JSON.stringify writes it. Invalid UTF-8 becomes U+FFFD.
std::string dump_json(const Json& value);

// True when any value inside `value` (at any depth) is binary.
bool has_binary(const Json& value);

}  // namespace scaleout::protocol
