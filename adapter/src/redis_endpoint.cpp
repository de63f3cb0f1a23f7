// Parsing redis:// URLs.
#include "scaleout/adapter/redis_endpoint.hpp"

#include <charconv>

namespace scaleout::adapter {

std::string RedisEndpoint::url(bool show_password) const {
  std::string out = "redis://";
  if (!password.empty()) out += user + ":" + (show_password ? password : "***") + "@";
  out += host + ":" + std::to_string(port);
  return out;
}

std::optional<RedisEndpoint> parse_redis_url(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<RedisEndpoint> {
    if (error) *error = "bad Redis URL '" + std::string(text) + "': " + message;
    return std::nullopt;
  };
  constexpr std::string_view kScheme = "redis://";
  if (!text.starts_with(kScheme)) return fail("expected redis://[[user]:password@]host[:port]");
  std::string_view rest = text.substr(kScheme.size());
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && db != "0") return fail("only database 0 is supported (pub/sub ignores it)");
    rest = rest.substr(0, slash);
  }
  RedisEndpoint endpoint;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = credentials.find(':');
    if (colon == std::string_view::npos) return fail("credentials must be [user]:password");
    endpoint.user = std::string(credentials.substr(0, colon));
    endpoint.password = std::string(credentials.substr(colon + 1));
  }
  std::string_view host = rest;
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    std::string_view port_text = rest.substr(colon + 1);
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return fail("port must be a number from 1 to 65535");
    }
    endpoint.port = static_cast<uint16_t>(port);
  }
  if (host.empty()) return fail("no host");
  endpoint.host = std::string(host);
  if (endpoint.host == "localhost") endpoint.host = "127.0.0.1";
  return endpoint;
}

}  // namespace scaleout::adapter
