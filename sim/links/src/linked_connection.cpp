// LinkedConnection: two pipes over two sockets, reset when the path goes down.
#include "scaleout/links/linked_connection.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void reset_socket(tcp::socket& socket) {
  boost::system::error_code ignored;
  if (!socket.is_open()) return;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

LinkedConnection::LinkedConnection(tcp::socket near, tcp::socket far, double lottery,
                                   std::function<void()> on_closed)
    : near_(std::move(near)),
      far_(std::move(far)),
      path_(lottery),
      upstream_(*this, near_, far_, LinkDirection::kUpstream),
      downstream_(*this, far_, near_, LinkDirection::kDownstream),
      on_closed_(std::move(on_closed)) {}

void LinkedConnection::connect(const tcp::endpoint& target,
                               std::function<void(boost::system::error_code)> done) {
  far_.async_connect(
      target, [self = shared_from_this(), done = std::move(done)](boost::system::error_code error) {
        if (!error) {
          boost::system::error_code ignored;
          self->far_.set_option(tcp::no_delay(true), ignored);
        }
        done(error);
      });
}

void LinkedConnection::start(std::string near_pending, std::string far_pending) {
  if (path_.down()) {
    reset();
    return;
  }
  path_.watch(weak_from_this(), near_.get_executor());
  upstream_.start(near_pending);
  downstream_.start(far_pending);
}

void LinkedConnection::on_link_changed() {
  if (closed_) return;
  if (path_.down()) {
    reset();
    return;
  }
  upstream_.on_link_changed();
  downstream_.on_link_changed();
}

void LinkedConnection::close() {
  if (closed_) return;
  boost::system::error_code ignored;
  near_.shutdown(tcp::socket::shutdown_both, ignored);
  near_.close(ignored);
  far_.shutdown(tcp::socket::shutdown_both, ignored);
  far_.close(ignored);
  end();
}

void LinkedConnection::reset() {
  if (closed_) return;
  reset_socket(near_);
  reset_socket(far_);
  end();
}

void LinkedConnection::end() {
  closed_ = true;
  upstream_.stop();
  downstream_.stop();
  path_.unwatch();
  std::function<void()> on_closed;
  on_closed.swap(on_closed_);
  if (on_closed) on_closed();
}

}  // namespace scaleout::sim
