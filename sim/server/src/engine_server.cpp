// EngineServer: request checks, handshakes and routing to sessions.
#include "engine_server.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>

#include "scaleout/base/ids.hpp"
#include "scaleout/base/query_string.hpp"
#include "scaleout/web/page_response.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

const char* engine_error_message(EngineError error) {
  switch (error) {
    case EngineError::kUnknownTransport:
      return "Transport unknown";
    case EngineError::kUnknownSid:
      return "Session ID unknown";
    case EngineError::kBadHandshakeMethod:
      return "Bad handshake method";
    case EngineError::kBadRequest:
      return "Bad request";
    case EngineError::kForbidden:
      return "Forbidden";
    case EngineError::kUnsupportedProtocolVersion:
      return "Unsupported protocol version";
  }
  return "Bad request";
}

HandshakeInfo describe_request(const HttpRequest& request, const RequestTarget& target,
                               std::string address) {
  HandshakeInfo info;
  for (const auto& field : request) {
    std::string name(field.name_string());
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    info.headers[name] = std::string(field.value());
  }
  for (const auto& [key, value] : target.query)
    info.query[key] = value;
  info.url = std::string(request.target());
  info.address = std::move(address);
  info.issued_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return info;
}

// Why a request cannot go on, or nullopt when it can.
std::optional<EngineError> check_request(const RequestTarget& target,
                                         const ServerOptions& options) {
  const std::string* transport = target.find("transport");
  if (!transport || (*transport == "polling" && !options.allow_polling) ||
      (*transport == "websocket" && !options.allow_websocket) ||
      (*transport != "polling" && *transport != "websocket")) {
    return EngineError::kUnknownTransport;
  }
  const std::string* version = target.find("EIO");
  if (!version || *version != "4") return EngineError::kUnsupportedProtocolVersion;
  return std::nullopt;
}

// Refused when the server already has max_clients sessions.
constexpr const char* kServerFull = "Server full";

// A refused WebSocket upgrade gets a bare HTTP/1.1 400 with the message as text, as Node does.
void refuse_upgrade(beast::tcp_stream stream, EngineError error, const char* text = nullptr) {
  const std::string message = text ? text : engine_error_message(error);
  auto raw = std::make_shared<std::string>(
      "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\n"
      "Content-Length: " +
      std::to_string(message.size()) + "\r\n\r\n" + message);
  auto socket = std::make_shared<asio::ip::tcp::socket>(std::move(stream).release_socket());
  asio::async_write(*socket, asio::buffer(*raw), [socket, raw](beast::error_code, size_t) {
    beast::error_code ignored;
    socket->shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  });
}

}  // namespace

HttpResponse polling_response(std::string body) {
  HttpResponse response{http::status::ok, 11};
  response.set(http::field::content_type, "text/plain; charset=UTF-8");
  response.set(http::field::cache_control, "no-store");
  response.body() = std::move(body);
  return response;
}

HttpResponse ok_response() {
  HttpResponse response{http::status::ok, 11};
  response.set(http::field::content_type, "text/html");
  response.set(http::field::cache_control, "no-store");
  response.body() = "ok";
  return response;
}

HttpResponse plain_response(http::status status, std::string body) {
  HttpResponse response{status, 11};
  response.set(http::field::content_type, "text/plain; charset=UTF-8");
  response.body() = std::move(body);
  return response;
}

HttpResponse engine_error_response(EngineError error, const char* message) {
  HttpResponse response{
      error == EngineError::kForbidden ? http::status::forbidden : http::status::bad_request, 11};
  response.set(http::field::content_type, "application/json");
  protocol::Json body;
  body["code"] = static_cast<int>(error);
  body["message"] = message ? message : engine_error_message(error);
  response.body() = protocol::dump_json(body);
  return response;
}

EngineServer::EngineServer(asio::io_context& io, const ServerOptions& options,
                           SessionHandler on_session)
    : io_(io), options_(options), on_session_(std::move(on_session)), flow_(options) {}

std::shared_ptr<EngineSession> EngineServer::create_session(EngineSession::Transport transport,
                                                            const HttpRequest& request,
                                                            std::string address) {
  RequestTarget target = parse_request_target(request.target());
  auto session =
      std::make_shared<EngineSession>(io_, *this, generate_id(), transport, options_,
                                      describe_request(request, target, std::move(address)));
  sessions_.emplace(session->sid(), session);
  return session;
}

void EngineServer::on_http_request(HttpRequest request,
                                   std::shared_ptr<HttpConnection> connection) {
  // The classroom page, and the client bundle under the Socket.IO path as Node serves it.
  if (auto page = answer_page_request(options_.page.get(), request)) {
    connection->reply(std::move(*page));
    return;
  }
  RequestTarget target = parse_request_target(request.target());
  if (!target.path.starts_with(options_.path)) {
    connection->reply(plain_response(http::status::not_found, "Not Found"));
    return;
  }
  if (auto error = check_request(target, options_)) {
    connection->reply(engine_error_response(*error));
    return;
  }
  const bool polling = *target.find("transport") == "polling";
  const std::string* sid = target.find("sid");

  if (!sid) {
    if (request.method() != http::verb::get) {
      connection->reply(engine_error_response(EngineError::kBadHandshakeMethod));
      return;
    }
    if (!polling) {  // transport=websocket without the Upgrade header
      connection->reply(engine_error_response(EngineError::kBadRequest));
      return;
    }
    if (refuse_if_full()) {
      connection->reply(engine_error_response(EngineError::kForbidden, kServerFull));
      return;
    }
    auto session =
        create_session(EngineSession::Transport::kPolling, request, connection->remote_address());
    protocol::OpenParameters open;
    open.sid = session->sid();
    open.offer_websocket_upgrade = options_.allow_websocket;
    open.ping_interval_ms = options_.ping_interval_ms;
    open.ping_timeout_ms = options_.ping_timeout_ms;
    open.max_payload = options_.max_payload;
    connection->reply(polling_response(protocol::encode_open_packet(open)));
    on_session_(session);
    session->open();
    return;
  }

  auto found = sessions_.find(*sid);
  if (found == sessions_.end()) {
    connection->reply(engine_error_response(EngineError::kUnknownSid));
    return;
  }
  std::shared_ptr<EngineSession> session = found->second;
  if (!polling || session->transport() != EngineSession::Transport::kPolling) {
    connection->reply(engine_error_response(EngineError::kBadRequest));  // transport mismatch
    return;
  }
  if (request.method() == http::verb::get) {
    session->on_poll_get(std::move(connection));
  } else if (request.method() == http::verb::post) {
    auto type = request[http::field::content_type];
    if (type.starts_with("application/octet-stream")) {
      connection->reply(engine_error_response(EngineError::kBadRequest));
      return;
    }
    session->on_poll_post(request.body(), std::move(connection));
  } else {
    connection->reply(plain_response(http::status::internal_server_error, ""));
  }
}

void EngineServer::on_websocket_request(beast::tcp_stream stream, HttpRequest request,
                                        std::string already_read) {
  RequestTarget target = parse_request_target(request.target());
  if (!target.path.starts_with(options_.path)) {
    refuse_upgrade(std::move(stream), EngineError::kBadRequest);
    return;
  }
  if (auto error = check_request(target, options_)) {
    refuse_upgrade(std::move(stream), *error);
    return;
  }
  if (*target.find("transport") != "websocket") {
    refuse_upgrade(std::move(stream), EngineError::kBadRequest);
    return;
  }
  std::weak_ptr<EngineSession> upgrading;
  const bool is_upgrade = target.find("sid") != nullptr;
  if (!is_upgrade && refuse_if_full()) {
    refuse_upgrade(std::move(stream), EngineError::kForbidden, kServerFull);
    return;
  }
  if (const std::string* sid = target.find("sid")) {
    auto found = sessions_.find(*sid);
    if (found == sessions_.end()) {
      refuse_upgrade(std::move(stream), EngineError::kUnknownSid);
      return;
    }
    if (found->second->transport() != EngineSession::Transport::kPolling ||
        found->second->upgrading()) {
      refuse_upgrade(std::move(stream), EngineError::kBadRequest);
      return;
    }
    upgrading = found->second;
  }

  // Beast answers the handshake (101, Sec-WebSocket-Accept, no extensions); the socket is then
  // ours to frame by hand.
  boost::system::error_code ignored;
  std::string address = stream.socket().remote_endpoint(ignored).address().to_string();
  auto ws = std::make_shared<beast::websocket::stream<beast::tcp_stream>>(std::move(stream));
  auto shared_request = std::make_shared<HttpRequest>(std::move(request));
  ws->async_accept(*shared_request, [this, ws, shared_request, upgrading, is_upgrade,
                                     already_read = std::move(already_read),
                                     address =
                                         std::move(address)](beast::error_code error) mutable {
    if (error) return;
    auto connection = std::make_shared<WebSocketConnection>(
        ws->next_layer().release_socket(), options_.max_payload, std::move(already_read));
    if (is_upgrade) {
      auto session = upgrading.lock();
      if (!session || !session->begin_upgrade(connection)) connection->close();
      return;
    }
    auto session = create_session(EngineSession::Transport::kWebSocket, *shared_request, address);
    on_session_(session);
    session->open(connection);
  });
}

bool EngineServer::refuse_if_full() {
  if (sessions_.size() < options_.capacity.client_limit(options_.max_clients)) return false;
  ++refused_;
  return true;
}

FlowStats EngineServer::flow_stats() const {
  FlowStats stats;
  stats.peak_client_buffer = flow_.peak_buffered();
  stats.slow_consumers = flow_.slow_consumers();
  for (const auto& [sid, session] : sessions_) {
    stats.buffered_bytes += session->buffered_bytes();
    stats.slow_clients += session->over_soft_limit();
    stats.held_clients += session->held_back();
  }
  return stats;
}

void EngineServer::close_all(std::string_view reason) {
  std::vector<std::shared_ptr<EngineSession>> sessions;
  for (const auto& [sid, session] : sessions_)
    sessions.push_back(session);
  for (const auto& session : sessions)
    session->close(reason);
}

}  // namespace scaleout::sim
