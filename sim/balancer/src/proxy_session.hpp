// ProxySession: one client TCP connection to the balancer, Beast style: read a request, choose
// its backend, open a connection to that backend, forward the request, read the response, write
// it back, read the next request. Each request is routed on its own, because an HTTP agent
// carries requests of different Engine.IO sessions on one kept-alive connection; each gets a
// fresh backend connection, closed by the backend after its response (so TIME_WAIT stays on the
// backend's side and routing never depends on which connection was free).
//
// The request is written to the backend while its response is already being read, so that an
// early answer (a 413 before the whole body) reaches the client rather than a 502.
// While a request is at a backend (a long-polling GET waits there up to pingInterval), the
// session watches its client: a client that hangs up releases the backend connection at once.
// A WebSocket upgrade that the backend accepts (101) turns the two sockets into a Tunnel.
// The classroom page's files are answered here without a backend, and a new session over its
// address's rate gets a 429 (address_guard.hpp).
//
// Links: the client's connection crosses `clients`, each exchange with a backend that
// backend's hop too. A request crosses them (upstream) through a LinkGate before it goes to the
// backend, a response (downstream) before it goes to the client. `clients` down resets the
// client's connection (at once for a new one: refused); a backend's hop down makes that backend
// unreachable, as if it refused: 502, and skipped for `down_ms`.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>
#include <string>

#include "address_guard.hpp"
#include "backend_pool.hpp"
#include "messages.hpp"
#include "router.hpp"
#include "scaleout/links/link_gate.hpp"
#include "scaleout/links/link_path.hpp"

namespace scaleout::sim {

class ProxySession : public std::enable_shared_from_this<ProxySession>, public LinkWatcher {
 public:
  // `ticket` counts the connection against its address's limit (address_guard.hpp).
  ProxySession(boost::asio::ip::tcp::socket socket, Router& router,
               const LoadBalancerOptions& options, AddressGuard& guard,
               std::shared_ptr<ConnectionTicket> ticket);

  void start();
  void on_link_changed() override;

 private:
  void do_read_request();
  void on_read_request(boost::beast::error_code error);
  void do_connect();
  void on_connect(boost::beast::error_code error);
  void on_read_response(boost::beast::error_code error);
  void open_tunnel(const std::shared_ptr<ProxyResponse>& switching);
  void write_switching(const std::shared_ptr<ProxyResponse>& switching);
  // The backend cannot be reached through its hop: a failure of the backend, as a refusal is.
  void backend_unreachable();
  // The client's link is down: its connection is reset.
  void drop_client();

  void watch_client();
  void stop_watching_client();
  void on_client_readable(boost::beast::error_code error, uint64_t request_number);
  void cut_backend();
  void release_backend();

  // Answers the request with the balancer's own error; counts a failure of the backend if any.
  void fail(boost::beast::http::status status, std::string_view message);
  // Crosses the client's link, then writes.
  void reply(ProxyResponse response);
  void write_reply();
  void on_replied(bool close, boost::beast::error_code error);
  void close_client();

  Router& router_;
  const LoadBalancerOptions& options_;
  AddressGuard& guard_;
  std::shared_ptr<ConnectionTicket> ticket_;

  boost::beast::tcp_stream client_;
  std::string client_address_;
  boost::beast::flat_buffer client_buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>>
      request_parser_;
  std::shared_ptr<ProxyRequest> request_;  // shared with the write to the backend
  uint64_t request_number_ = 0;
  bool keep_alive_ = false;
  bool upgrade_ = false;
  bool waiting_for_backend_ = false;
  bool client_gone_ = false;
  bool cut_ = false;
  bool hop_down_ = false;  // the backend's hop went down during this exchange

  const double lottery_;   // this client connection's draw, shared by its paths
  LinkPath client_path_;   // `clients`
  LinkPath backend_path_;  // the routed backend's hop
  LinkGate gate_;

  Route route_;
  std::unique_ptr<BackendLease> lease_;
  std::shared_ptr<boost::beast::tcp_stream> backend_;  // shared with its pending operations
  boost::beast::flat_buffer backend_buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>>
      response_parser_;
  std::shared_ptr<ProxyResponse> response_;
};

}  // namespace scaleout::sim
