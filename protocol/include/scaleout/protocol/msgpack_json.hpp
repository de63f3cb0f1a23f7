// MessagePack <-> JSON documents, as notepack.io (the Node adapter's codec) writes and reads them:
// integers in their smallest form, every other number as float64, Buffers as bin, maps with
// string keys. Decoding accepts any valid MessagePack, refuses trailing bytes (notepack's
// "N trailing bytes" error) and bounds nesting and sizes.
#pragma once

#include <string>
#include <string_view>

#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/result.hpp"

namespace scaleout::protocol {

std::string to_msgpack(const Json& value);
Result<Json> from_msgpack(std::string_view bytes);

}  // namespace scaleout::protocol
