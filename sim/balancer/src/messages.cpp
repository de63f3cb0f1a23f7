// Rewriting requests on their way to a backend and responses on their way back.
#include "messages.hpp"

#include <boost/beast/http/field.hpp>

namespace scaleout::sim {

namespace http = boost::beast::http;

namespace {

// Hop-by-hop headers (RFC 9110 7.6.1) the balancer does not pass on. Connection is set anew.
template <class Fields>
void erase_hop_by_hop(Fields& fields) {
  for (std::string_view name : {"Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade"})
    fields.erase(name);
  fields.erase(http::field::connection);
}

// Beast has already decoded a chunked body: pass it on with a plain Content-Length.
template <class Message>
void unchunk(Message& message) {
  if (!message.chunked()) return;
  message.erase(http::field::transfer_encoding);
  message.content_length(message.body().size());
}

// A response body that ran until the backend closed needs a length on a kept-alive connection.
void delimit(ProxyResponse& response) {
  const unsigned status = response.result_int();
  if (status / 100 == 1 || status == 204 || status == 304) return;
  if (response.find(http::field::content_length) != response.end()) return;
  response.content_length(response.body().size());
}

}  // namespace

void prepare_backend_request(ProxyRequest& request, std::string_view client_address, bool upgrade) {
  std::string forwarded(request["X-Forwarded-For"]);
  forwarded += forwarded.empty() ? "" : ", ";
  forwarded += client_address;
  request.set("X-Forwarded-For", forwarded);
  if (upgrade) return;
  erase_hop_by_hop(request);
  // The body is already here: a backend must not wait to be told to send it.
  request.erase(http::field::expect);
  unchunk(request);
  request.version(11);
  request.set(http::field::connection, "close");
}

void prepare_client_response(ProxyResponse& response, std::string_view backend_name,
                             std::string_view set_cookie, bool keep_alive) {
  response.set(kBackendHeader, backend_name);
  // insert, not set: the backend's own cookies stay.
  if (!set_cookie.empty()) response.insert(http::field::set_cookie, set_cookie);
  if (response.result() == http::status::switching_protocols) return;
  erase_hop_by_hop(response);
  unchunk(response);
  delimit(response);
  response.keep_alive(keep_alive);
}

namespace {

// The start line is about as long as a target; each field is "name: value\r\n".
template <class Message>
size_t header_size(const Message& message, size_t start_line) {
  size_t bytes = start_line + 2;
  for (const auto& field : message)
    bytes += field.name_string().size() + field.value().size() + 4;
  return bytes;
}

}  // namespace

size_t wire_size(const ProxyRequest& request) {
  return header_size(request, request.method_string().size() + request.target().size() + 10) +
         request.body().size();
}

size_t wire_size(const ProxyResponse& response) {
  return header_size(response, 12 + response.reason().size()) + response.body().size();
}

ProxyResponse balancer_error(http::status status, std::string_view message, bool keep_alive) {
  ProxyResponse response{status, 11};
  response.set(http::field::content_type, "text/plain; charset=UTF-8");
  response.set(http::field::cache_control, "no-store");
  response.body() = message;
  response.body() += '\n';
  response.prepare_payload();
  response.keep_alive(keep_alive);
  return response;
}

}  // namespace scaleout::sim
