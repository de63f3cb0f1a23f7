// The HTTP answer to a request for the classroom page or the socket.io-client bundle, the same
// from the load balancer and from a server: a GET of one of ClassroomPage's paths gets the file
// (or 304 when the browser's copy is current). The page gets a Content-Security-Policy that lets
// it run only its own script and connect only to where it came from: even markup that slipped
// into the page could run nothing.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>

#include "scaleout/web/classroom_page.hpp"

namespace scaleout::sim {

using PageRequest = boost::beast::http::request<boost::beast::http::string_body>;
using PageResponse = boost::beast::http::response<boost::beast::http::string_body>;

// nullopt when `page` is null or the request is not a GET of one of its paths. The response
// has its Content-Length set and keeps the connection alive; the caller may say otherwise.
std::optional<PageResponse> answer_page_request(const ClassroomPage* page,
                                                const PageRequest& request);

}  // namespace scaleout::sim
