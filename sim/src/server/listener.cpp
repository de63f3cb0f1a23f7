// Listener: the accept loop of one server instance.
#include "server/listener.hpp"

#include "server/engine_server.hpp"
#include "server/http_connection.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;

Listener::Listener(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint,
                   EngineServer& engine, const ServerOptions& options)
    : io_(io), acceptor_(io), retry_timer_(io), engine_(engine), options_(options) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::stop() {
  boost::system::error_code ignored;
  retry_timer_.cancel();
  acceptor_.close(ignored);
}

void Listener::do_accept() {
  acceptor_.async_accept(io_, [self = shared_from_this()](boost::system::error_code error,
                                                          asio::ip::tcp::socket socket) {
    self->on_accept(error, std::move(socket));
  });
}

void Listener::on_accept(boost::system::error_code error, asio::ip::tcp::socket socket) {
  if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (error) {
    // Out of descriptors or memory: wait a little for connections to close, then go on.
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_error) {
      if (!wait_error) self->do_accept();
    });
    return;
  }
  std::make_shared<HttpConnection>(std::move(socket), engine_, options_.max_payload,
                                   std::chrono::milliseconds(options_.http_timeout_ms))
      ->start();
  do_accept();
}

}  // namespace scaleout::sim
