// Affinity: reading sids and the sticky cookie out of requests and handshake replies.
#include "affinity.hpp"

#include "scaleout/base/query_string.hpp"
#include "scaleout/protocol/json.hpp"

namespace scaleout::sim {

namespace http = boost::beast::http;

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> request_sid(const ProxyRequest& request) {
  RequestTarget target = parse_request_target(request.target());
  const std::string* sid = target.find("sid");
  if (!sid) return std::nullopt;
  return *sid;
}

std::optional<std::string> request_sticky_cookie(const ProxyRequest& request) {
  auto [begin, end] = request.equal_range(http::field::cookie);
  for (auto field = begin; field != end; ++field) {
    std::string_view rest = field->value();
    // Pairs are split by ';' (RFC 6265); ',' too, as some clients join several Cookie headers.
    while (!rest.empty()) {
      const size_t stop = rest.find_first_of(";,");
      std::string_view pair = trim(rest.substr(0, stop));
      rest = stop == std::string_view::npos ? std::string_view() : rest.substr(stop + 1);
      const size_t equals = pair.find('=');
      if (equals == std::string_view::npos) continue;
      if (trim(pair.substr(0, equals)) == kStickyCookieName) {
        return std::string(trim(pair.substr(equals + 1)));
      }
    }
  }
  return std::nullopt;
}

std::string sticky_cookie_for(std::string_view backend) {
  std::string cookie(kStickyCookieName);
  cookie += '=';
  cookie += backend;
  cookie += "; Path=/";
  return cookie;
}

std::optional<std::string> handshake_sid(const ProxyRequest& request,
                                         const ProxyResponse& response) {
  if (request.method() != http::verb::get || response.result() != http::status::ok) {
    return std::nullopt;
  }
  std::string_view body = response.body();
  if (!body.starts_with("0{")) return std::nullopt;
  auto open = protocol::parse_json(body.substr(1));
  if (!open || !open->is_object()) return std::nullopt;
  auto sid = open->find("sid");
  if (sid == open->end() || !sid->is_string()) return std::nullopt;
  return sid->get<std::string>();
}

}  // namespace scaleout::sim
