// The client's half of the WebSocket opening handshake (RFC 6455, 4.1): the GET that asks for the
// upgrade and the checks on the server's answer. Pure functions, no I/O: the Client writes the
// request and reads the answer itself, so that bytes the server sends right after its 101 (the
// Engine.IO open packet often shares the segment) stay in the Client's hands.
#pragma once

#include <array>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scaleout::sim {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::empty_body>;
using UpgradeResponse = boost::beast::http::response<boost::beast::http::string_body>;

// "<path>?EIO=4&transport=websocket&k=v...", with the extra keys and values percent-encoded
// (the long-polling client asks for transport=polling).
std::string engine_target(std::string_view path,
                          const std::vector<std::pair<std::string, std::string>>& query,
                          std::string_view transport = "websocket");

// The Host header: "host:port", with an IPv6 address in brackets.
std::string host_header(std::string_view host, uint16_t port);

// Sec-WebSocket-Key: a 16-byte nonce in base64.
std::string websocket_key(const std::array<uint8_t, 16>& nonce);

UpgradeRequest make_upgrade_request(const std::string& target, const std::string& host,
                                    const std::string& key);

// "" when the response completes the upgrade for `key`, otherwise what went wrong, e.g.
// "websocket upgrade refused: HTTP 400 Session ID unknown".
std::string check_upgrade_response(const UpgradeResponse& response, std::string_view key);

}  // namespace scaleout::sim
