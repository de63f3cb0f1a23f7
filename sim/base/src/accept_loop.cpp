// AcceptLoop: the accept loop shared by the server instances and the load balancer.
#include "scaleout/base/accept_loop.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;

AcceptLoop::AcceptLoop(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint,
                       ConnectionHandler on_connection)
    : io_(io), acceptor_(io), retry_timer_(io), on_connection_(std::move(on_connection)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void AcceptLoop::stop() {
  boost::system::error_code ignored;
  retry_timer_.cancel();
  acceptor_.close(ignored);
}

void AcceptLoop::do_accept() {
  acceptor_.async_accept(io_, [self = shared_from_this()](boost::system::error_code error,
                                                          asio::ip::tcp::socket socket) {
    self->on_accept(error, std::move(socket));
  });
}

void AcceptLoop::on_accept(boost::system::error_code error, asio::ip::tcp::socket socket) {
  if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (error) {
    // Out of descriptors or memory: wait a little for connections to close, then go on.
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_error) {
      if (!wait_error) self->do_accept();
    });
    return;
  }
  on_connection_(std::move(socket));
  do_accept();
}

}  // namespace scaleout::sim
