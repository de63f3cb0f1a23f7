// The WebSocket upgrade request and the checks on its answer, for the Client.
#include "websocket_handshake.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>
// Beast keeps its Sec-WebSocket-Accept computation (SHA-1 + base64) in a detail header; Boost has
// no public SHA-1, and the check is what RFC 6455 asks of a client.
#include <boost/beast/websocket/detail/hybi13.hpp>

#include "scaleout/protocol/base64.hpp"

namespace scaleout::sim {

namespace http = boost::beast::http;

namespace {

// RFC 3986 unreserved characters stay; everything else becomes %XX.
void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || byte == '-' || byte == '_' || byte == '.' || byte == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
}

}  // namespace

std::string engine_target(std::string_view path,
                          const std::vector<std::pair<std::string, std::string>>& query,
                          std::string_view transport) {
  std::string target(path);
  target += target.find('?') == std::string::npos ? '?' : '&';
  target += "EIO=4&transport=";
  target += transport;
  for (const auto& [key, value] : query) {
    target += '&';
    append_percent_encoded(target, key);
    target += '=';
    append_percent_encoded(target, value);
  }
  return target;
}

std::string host_header(std::string_view host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string_view::npos;
  std::string out;
  if (ipv6) out += '[';
  out += host;
  if (ipv6) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

std::string websocket_key(const std::array<uint8_t, 16>& nonce) {
  return protocol::base64_encode(
      std::string_view(reinterpret_cast<const char*>(nonce.data()), nonce.size()));
}

UpgradeRequest make_upgrade_request(const std::string& target, const std::string& host,
                                    const std::string& key) {
  UpgradeRequest request{http::verb::get, target, 11};
  request.set(http::field::host, host);
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "Upgrade");
  request.set(http::field::sec_websocket_key, key);
  request.set(http::field::sec_websocket_version, "13");
  request.set(http::field::user_agent, "scaleout-client");
  return request;
}

std::string check_upgrade_response(const UpgradeResponse& response, std::string_view key) {
  if (response.result() != http::status::switching_protocols) {
    std::string error = "websocket upgrade refused: HTTP " + std::to_string(response.result_int());
    std::string_view body = response.body();
    if (!body.empty()) {
      error += ' ';
      error += body.substr(0, 200);
    }
    return error;
  }
  if (!boost::beast::iequals(response[http::field::upgrade], "websocket") ||
      !http::token_list(response[http::field::connection]).exists("upgrade")) {
    return "websocket upgrade failed: the 101 response lacks Upgrade: websocket";
  }
  boost::beast::websocket::detail::sec_ws_accept_type expected;
  boost::beast::websocket::detail::make_sec_ws_accept(expected, key);
  if (response[http::field::sec_websocket_accept] != std::string_view(expected)) {
    return "websocket upgrade failed: wrong Sec-WebSocket-Accept";
  }
  return {};
}

}  // namespace scaleout::sim
