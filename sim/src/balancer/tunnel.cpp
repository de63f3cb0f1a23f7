// Tunnel: two read/write loops over a pair of sockets.
#include "balancer/tunnel.hpp"

#include <boost/asio/write.hpp>

namespace scaleout::sim {

namespace asio = boost::asio;

Tunnel::Tunnel(asio::ip::tcp::socket client, asio::ip::tcp::socket backend,
               std::unique_ptr<BackendLease> lease)
    : client_(std::move(client)),
      backend_(std::move(backend)),
      lease_(std::move(lease)),
      upstream_{&client_, &backend_, {}, {}},
      downstream_{&backend_, &client_, {}, {}} {}

void Tunnel::start(std::string from_client_pending, std::string from_backend_pending) {
  std::weak_ptr<Tunnel> weak = weak_from_this();
  if (lease_) {
    lease_->set_cut([weak] {
      if (auto self = weak.lock()) self->close();
    });
  }
  upstream_.pending = std::move(from_client_pending);
  downstream_.pending = std::move(from_backend_pending);
  write_pending(upstream_);
  write_pending(downstream_);
}

void Tunnel::close() {
  boost::system::error_code ignored;
  client_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  client_.close(ignored);
  backend_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  backend_.close(ignored);
}

void Tunnel::write_pending(Direction& direction) {
  if (direction.pending.empty()) {
    do_read(direction);
    return;
  }
  asio::async_write(
      *direction.to, asio::buffer(direction.pending),
      [self = shared_from_this(), &direction](boost::system::error_code error, size_t) {
        direction.pending.clear();
        self->on_written(direction, error);
      });
}

void Tunnel::do_read(Direction& direction) {
  direction.from->async_read_some(
      asio::buffer(direction.buffer),
      [self = shared_from_this(), &direction](boost::system::error_code error, size_t bytes) {
        self->on_read(direction, error, bytes);
      });
}

void Tunnel::on_read(Direction& direction, boost::system::error_code error, size_t bytes) {
  if (error) {
    close();
    return;
  }
  asio::async_write(
      *direction.to, asio::buffer(direction.buffer.data(), bytes),
      [self = shared_from_this(), &direction](boost::system::error_code error, size_t) {
        self->on_written(direction, error);
      });
}

void Tunnel::on_written(Direction& direction, boost::system::error_code error) {
  if (error) {
    close();
    return;
  }
  do_read(direction);
}

}  // namespace scaleout::sim
