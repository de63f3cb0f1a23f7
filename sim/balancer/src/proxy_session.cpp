// ProxySession: reading requests, forwarding them, and relaying the answers.
#include "proxy_session.hpp"

#include <array>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "affinity.hpp"
#include "scaleout/links/linked_connection.hpp"
#include "scaleout/web/page_response.hpp"
#include "tunnel.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A client that does not take its response within this time is dropped.
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// How long a finished backend connection may take to send its FIN.
constexpr auto kBackendCloseTimeout = std::chrono::seconds(5);

// Errors that only mean the client went away or stayed silent: no answer is owed.
bool client_left(beast::error_code error) {
  return error == http::error::end_of_stream || error == beast::error::timeout ||
         error == asio::error::operation_aborted || error == asio::error::connection_reset ||
         error == asio::error::eof;
}

// The backend closes first after its response (the request said `Connection: close`): wait for
// that FIN before closing, so that the TIME_WAIT stays on the backend's side.
void close_after_backend(const std::shared_ptr<beast::tcp_stream>& backend) {
  auto scratch = std::make_shared<std::array<char, 512>>();
  backend->expires_after(kBackendCloseTimeout);
  backend->async_read_some(asio::buffer(*scratch),
                           [backend, scratch](beast::error_code error, size_t) {
                             // Bytes after a complete response are garbage: close anyway.
                             backend->close();
                           });
}

}  // namespace

ProxySession::ProxySession(tcp::socket socket, Router& router, const LoadBalancerOptions& options,
                           AddressGuard& guard, std::shared_ptr<ConnectionTicket> ticket)
    : router_(router),
      options_(options),
      guard_(guard),
      ticket_(std::move(ticket)),
      client_(std::move(socket)),
      lottery_(draw_lottery()),
      client_path_(lottery_),
      backend_path_(lottery_),
      gate_(client_.get_executor()) {
  beast::error_code error;
  auto peer = client_.socket().remote_endpoint(error);
  client_address_ = error ? std::string("unknown") : peer.address().to_string();
  client_path_.set(options_.client_link);
}

void ProxySession::start() {
  // A new connection on a link that is down is refused: reset before a byte is read.
  if (client_path_.down()) {
    reset_socket(client_.socket());
    return;
  }
  client_path_.watch(weak_from_this(), client_.get_executor());
  backend_path_.watch(weak_from_this(), client_.get_executor());
  do_read_request();
}

// ---- links -------------------------------------------------------------------------------

void ProxySession::on_link_changed() {
  if (client_gone_) return;
  if (client_path_.down()) {
    drop_client();
    return;
  }
  if (route_.backend && backend_path_.down() && !hop_down_) {
    hop_down_ = true;
    // A request at the backend loses its connection: its read fails, and the client gets a 502.
    if (backend_) reset_socket(backend_->socket());
  }
  gate_.on_link_changed();
}

void ProxySession::drop_client() {
  client_gone_ = true;
  gate_.cancel();
  lease_.reset();
  if (backend_) reset_socket(backend_->socket());
  reset_socket(client_.socket());
}

void ProxySession::backend_unreachable() {
  ++route_.backend->failures;
  router_.mark_down(*route_.backend);
  fail(http::status::bad_gateway,
       "backend " + route_.backend->backend.name + " is unreachable: the link to it is down");
}

// ---- the client's request ----------------------------------------------------------------

void ProxySession::do_read_request() {
  request_parser_.emplace();
  request_parser_->header_limit(options_.max_header);
  request_parser_->body_limit(options_.max_body);
  client_.expires_after(std::chrono::milliseconds(options_.idle_timeout_ms));
  http::async_read(client_, client_buffer_, *request_parser_,
                   [self = shared_from_this()](beast::error_code error, size_t) {
                     self->on_read_request(error);
                   });
}

void ProxySession::on_read_request(beast::error_code error) {
  if (client_gone_) return;
  if (error) {
    keep_alive_ = false;
    upgrade_ = false;
    if (error == http::error::body_limit) {
      reply(balancer_error(http::status::payload_too_large, "request body too large", false));
    } else if (error == http::error::header_limit) {
      reply(balancer_error(http::status::request_header_fields_too_large,
                           "request header too large", false));
    } else if (client_left(error)) {
      close_client();
    } else {
      reply(balancer_error(http::status::bad_request, "malformed HTTP request", false));
    }
    return;
  }
  client_.expires_never();
  request_ = std::make_shared<ProxyRequest>(request_parser_->release());
  ++request_number_;
  keep_alive_ = request_->keep_alive();
  upgrade_ = beast::websocket::is_upgrade(*request_);

  if (auto page = answer_page_request(options_.page.get(), *request_)) {
    page->keep_alive(keep_alive_);
    reply(std::move(*page));
    return;
  }
  if (!request_sid(*request_) && !guard_.admit_session(client_address_, Clock::now())) {
    reply(balancer_error(http::status::too_many_requests,
                         "too many new connections from your address: wait a moment",
                         keep_alive_ && !upgrade_));
    return;
  }
  route_ = router_.choose(*request_);
  if (!route_.backend) {
    reply(balancer_error(http::status::service_unavailable, "no backend in the cluster",
                         keep_alive_ && !upgrade_));
    return;
  }
  ++route_.backend->requests;
  std::weak_ptr<ProxySession> weak = weak_from_this();
  lease_ = std::make_unique<BackendLease>(route_.backend, [weak] {
    if (auto self = weak.lock()) self->cut_backend();
  });
  lease_->attach(ticket_);  // a tunnel keeps the connection counted
  prepare_backend_request(*request_, client_address_, upgrade_);
  hop_down_ = false;
  backend_path_.set(route_.backend->backend.link);
  // Through the client's link, then the backend's hop.
  // (The callbacks wait in the gate: they must not hold the session, the gate's wait does.)
  const size_t bytes = wire_size(*request_);
  gate_.cross(
      client_path_, LinkDirection::kUpstream, bytes, shared_from_this(),
      [this, bytes] {
        gate_.cross(
            backend_path_, LinkDirection::kUpstream, bytes, shared_from_this(),
            [this] { do_connect(); }, [this] { backend_unreachable(); });
      },
      [this] { drop_client(); });
}

// ---- the backend -------------------------------------------------------------------------

void ProxySession::do_connect() {
  waiting_for_backend_ = true;
  cut_ = false;
  backend_buffer_.clear();
  backend_ = std::make_shared<beast::tcp_stream>(client_.get_executor());
  watch_client();
  const auto& endpoint = route_.backend->endpoint;
  if (!endpoint) {
    ++route_.backend->failures;
    fail(http::status::bad_gateway, "backend " + route_.backend->backend.name +
                                        " has no address (" + route_.backend->backend.host + ")");
    return;
  }
  backend_->expires_after(std::chrono::milliseconds(options_.connect_timeout_ms));
  backend_->async_connect(
      *endpoint, [self = shared_from_this()](beast::error_code error) { self->on_connect(error); });
}

void ProxySession::on_connect(beast::error_code error) {
  if (client_gone_) return;
  if (hop_down_) {
    backend_unreachable();
    return;
  }
  if (error) {
    ++route_.backend->failures;
    if (!cut_) router_.mark_down(*route_.backend);
    fail(http::status::bad_gateway,
         "backend " + route_.backend->backend.name + " refused the connection");
    return;
  }
  backend_->expires_after(std::chrono::milliseconds(options_.response_timeout_ms));
  // The response is read while the request is written: a backend may answer before it has read
  // everything (a 413), and that answer is what the client should get. A failed write shows up
  // as a failed read.
  http::async_write(*backend_, *request_,
                    [backend = backend_, request = request_](beast::error_code, size_t) {});
  response_parser_.emplace();
  response_parser_->header_limit(options_.max_header);
  response_parser_->body_limit(options_.max_response_body);
  if (request_->method() == http::verb::head) response_parser_->skip(true);
  http::async_read(*backend_, backend_buffer_, *response_parser_,
                   [self = shared_from_this()](beast::error_code error, size_t) {
                     self->on_read_response(error);
                   });
}

void ProxySession::on_read_response(beast::error_code error) {
  if (client_gone_) return;
  stop_watching_client();
  if (error && hop_down_) {
    backend_unreachable();
    return;
  }
  if (error) {
    ++route_.backend->failures;
    const std::string& name = route_.backend->backend.name;
    if (error == beast::error::timeout) {
      fail(http::status::gateway_timeout, "backend " + name + " did not answer in time");
    } else if (cut_) {
      fail(http::status::bad_gateway, "backend " + name + " left the cluster");
    } else {
      fail(http::status::bad_gateway, "backend " + name + " closed the connection");
    }
    return;
  }
  auto response = std::make_shared<ProxyResponse>(response_parser_->release());
  router_.learn(*request_, *response, *route_.backend);
  prepare_client_response(*response, route_.backend->backend.name, route_.set_cookie,
                          keep_alive_ && !upgrade_);
  const bool switching = upgrade_ && response->result() == http::status::switching_protocols;
  if (!switching) release_backend();
  // Back through the backend's hop; reply() and open_tunnel() cross the client's link.
  gate_.cross(
      backend_path_, LinkDirection::kDownstream, wire_size(*response), shared_from_this(),
      [this, response, switching] {
        if (switching) {
          open_tunnel(response);
        } else {
          reply(std::move(*response));
        }
      },
      [this] { backend_unreachable(); });
}

void ProxySession::open_tunnel(const std::shared_ptr<ProxyResponse>& switching) {
  gate_.cross(
      client_path_, LinkDirection::kDownstream, wire_size(*switching), shared_from_this(),
      [this, switching] { write_switching(switching); },
      [this] {
        release_backend();
        drop_client();
      });
}

void ProxySession::write_switching(const std::shared_ptr<ProxyResponse>& switching) {
  client_.expires_after(kWriteTimeout);
  http::async_write(
      client_, *switching, [self = shared_from_this(), switching](beast::error_code error, size_t) {
        if (error || self->cut_) {
          self->release_backend();
          self->close_client();
          return;
        }
        TunnelEnds ends{self->client_.release_socket(), self->backend_->release_socket(),
                        beast::buffers_to_string(self->client_buffer_.data()),
                        beast::buffers_to_string(self->backend_buffer_.data())};
        self->backend_.reset();
        self->client_gone_ = true;  // the tunnel has it now
        start_tunnel(std::move(ends), std::move(self->lease_), self->lottery_,
                     self->options_.client_link, self->route_.backend->backend.link);
      });
}

void ProxySession::release_backend() {
  lease_.reset();
  stop_watching_client();
  if (backend_) {
    if (backend_->socket().is_open() && !cut_) {
      close_after_backend(backend_);
    } else {
      backend_->close();
    }
    backend_.reset();
  }
}

void ProxySession::cut_backend() {
  cut_ = true;
  if (backend_) backend_->close();
}

// ---- watching the client while the backend works ------------------------------------------

void ProxySession::watch_client() {
  client_.socket().async_wait(
      tcp::socket::wait_read,
      [self = shared_from_this(), number = request_number_](beast::error_code error) {
        self->on_client_readable(error, number);
      });
}

void ProxySession::stop_watching_client() {
  if (!waiting_for_backend_) return;
  waiting_for_backend_ = false;
  beast::error_code ignored;
  client_.socket().cancel(ignored);  // nothing else is pending on the client meanwhile
}

void ProxySession::on_client_readable(beast::error_code error, uint64_t request_number) {
  if (error == asio::error::operation_aborted || request_number != request_number_ ||
      !waiting_for_backend_ || client_gone_) {
    return;
  }
  beast::error_code available_error;
  const size_t available = client_.socket().available(available_error);
  // Bytes to read are a pipelined request: it waits in the socket for its turn.
  if (!error && !available_error && available > 0) return;
  // The client hung up: nobody is left to answer, so the backend is released at once.
  client_gone_ = true;
  lease_.reset();
  if (backend_) backend_->close();
  client_.close();
}

// ---- answering the client ----------------------------------------------------------------

void ProxySession::fail(http::status status, std::string_view message) {
  release_backend();
  reply(balancer_error(status, message, keep_alive_ && !upgrade_));
}

void ProxySession::reply(ProxyResponse response) {
  response_ = std::make_shared<ProxyResponse>(std::move(response));
  gate_.cross(
      client_path_, LinkDirection::kDownstream, wire_size(*response_), shared_from_this(),
      [this] { write_reply(); }, [this] { drop_client(); });
}

void ProxySession::write_reply() {
  const bool close = !keep_alive_ || upgrade_ || !response_->keep_alive();
  client_.expires_after(kWriteTimeout);
  http::async_write(client_, *response_,
                    [self = shared_from_this(), close](beast::error_code error, size_t) {
                      self->on_replied(close, error);
                    });
}

void ProxySession::on_replied(bool close, beast::error_code error) {
  response_.reset();
  if (error || close) {
    close_client();
    return;
  }
  do_read_request();
}

void ProxySession::close_client() {
  beast::error_code ignored;
  client_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace scaleout::sim
