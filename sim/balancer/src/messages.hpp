// The HTTP messages the balancer passes along, and how it changes them on the way: the request
// to a backend gets X-Forwarded-For and (unless it is an upgrade) `Connection: close`, since each
// request has its own backend connection; the response to the client says which backend answered
// and follows the client's own keep-alive. The balancer's own errors (502, 503, ...) are here too.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

namespace scaleout::sim {

using ProxyRequest = boost::beast::http::request<boost::beast::http::string_body>;
using ProxyResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The header every forwarded response carries: which backend answered.
inline constexpr std::string_view kBackendHeader = "X-Scaleout-Backend";

void prepare_backend_request(ProxyRequest& request, std::string_view client_address, bool upgrade);

// `set_cookie`: the sticky-cookie value to add, empty for none. A 101 (switching to WebSocket)
// keeps its Connection and Upgrade headers.
void prepare_client_response(ProxyResponse& response, std::string_view backend_name,
                             std::string_view set_cookie, bool keep_alive);

// About how many bytes the message takes on the wire: what a link's bandwidth charges it.
size_t wire_size(const ProxyRequest& request);
size_t wire_size(const ProxyResponse& response);

ProxyResponse balancer_error(boost::beast::http::status status, std::string_view message,
                             bool keep_alive);

}  // namespace scaleout::sim
