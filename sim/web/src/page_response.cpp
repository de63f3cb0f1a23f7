// Page responses: headers, ETags and the security policy.
#include "scaleout/web/page_response.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace scaleout::sim {

namespace http = boost::beast::http;

namespace {

// Only the page's own files; WebSocket and polling back to the same origin ('self' covers ws:).
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

bool matches_etag(std::string_view if_none_match, const std::string& etag) {
  return if_none_match == etag || if_none_match == "W/" + etag || if_none_match == "*";
}

}  // namespace

std::optional<PageResponse> answer_page_request(const ClassroomPage* page,
                                                const PageRequest& request) {
  if (!page || request.method() != http::verb::get || boost::beast::websocket::is_upgrade(request))
    return std::nullopt;
  const ClassroomPage::File* file = page->find(request.target());
  if (!file) return std::nullopt;

  const bool current = matches_etag(request[http::field::if_none_match], file->etag);
  PageResponse response{current ? http::status::not_modified : http::status::ok, 11};
  response.set(http::field::etag, file->etag);
  response.set(http::field::cache_control, "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  if (file->document) {
    response.set("Content-Security-Policy", kContentSecurityPolicy);
    response.set("Referrer-Policy", "no-referrer");
  }
  if (!current) {
    response.set(http::field::content_type, file->content_type);
    response.body() = file->body;
  }
  response.prepare_payload();
  response.keep_alive(true);
  return response;
}

}  // namespace scaleout::sim
