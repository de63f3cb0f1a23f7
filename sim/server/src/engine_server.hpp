// EngineServer: the Engine.IO endpoint of one server instance. It checks each request as Node's
// engine.io does (transport, protocol version, session id, method) and answers with the same
// HTTP error codes; it creates sessions on handshakes and routes later requests to them.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "engine_session.hpp"
#include "flow_control.hpp"
#include "http_connection.hpp"
#include "scaleout/server/server_options.hpp"

namespace scaleout::sim {

// Engine.IO's HTTP error codes (shared/protocol-facts.md section 1.8).
enum class EngineError {
  kUnknownTransport = 0,
  kUnknownSid = 1,
  kBadHandshakeMethod = 2,
  kBadRequest = 3,
  kForbidden = 4,
  kUnsupportedProtocolVersion = 5,
};

HttpResponse polling_response(std::string body);
HttpResponse ok_response();
HttpResponse plain_response(boost::beast::http::status status, std::string body);
// `message` replaces the standard text (as Node's allowRequest may).
HttpResponse engine_error_response(EngineError error, const char* message = nullptr);

class EngineServer {
 public:
  using SessionHandler = std::function<void(const std::shared_ptr<EngineSession>&)>;

  EngineServer(boost::asio::io_context& io, const ServerOptions& options,
               SessionHandler on_session);

  void on_http_request(HttpRequest request, std::shared_ptr<HttpConnection> connection);
  void on_websocket_request(boost::beast::tcp_stream stream, HttpRequest request,
                            std::string already_read);

  void forget(const std::string& sid) { sessions_.erase(sid); }
  void close_all(std::string_view reason);
  size_t session_count() const { return sessions_.size(); }
  // Handshakes refused because the server was full.
  uint64_t refused_count() const { return refused_; }
  FlowControl& flow() { return flow_; }
  FlowStats flow_stats() const;

 private:
  std::shared_ptr<EngineSession> create_session(EngineSession::Transport transport,
                                                const HttpRequest& request, std::string address);
  // True, and counted as refused, when a new handshake would exceed max_clients.
  bool refuse_if_full();

  boost::asio::io_context& io_;
  const ServerOptions& options_;
  SessionHandler on_session_;

  std::unordered_map<std::string, std::shared_ptr<EngineSession>> sessions_;
  uint64_t refused_ = 0;
  FlowControl flow_;
};

}  // namespace scaleout::sim
