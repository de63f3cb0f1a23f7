// Standard base64 (RFC 4648, with padding), used for binary packets over HTTP long-polling
// ('b' + base64). Written here because no Debian-packaged library offers a public, non-detail
// base64 API that fits; it is small and fuzzed with the rest of the decoder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scaleout::protocol {

std::string base64_encode(std::string_view bytes);

// nullopt when `text` holds a character outside the alphabet or has a bad length or padding.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace scaleout::protocol
