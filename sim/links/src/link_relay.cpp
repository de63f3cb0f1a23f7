// LinkRelay: accept, connect to the target, relay across the link.
#include "link_relay.hpp"

#include "scaleout/base/accept_loop.hpp"
#include "scaleout/links/linked_connection.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kConnectTimeout = std::chrono::seconds(5);
}

LinkRelay::LinkRelay(asio::io_context& io, std::shared_ptr<Link> link, tcp::endpoint target)
    : io_(io), link_(std::move(link)), target_(target) {
  accept_loop_ =
      std::make_shared<AcceptLoop>(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0),
                                   [this](tcp::socket socket) { on_accept(std::move(socket)); });
  port_ = accept_loop_->port();
}

LinkRelay::~LinkRelay() {
  accept_loop_->stop();
}

void LinkRelay::start() {
  accept_loop_->start();
}

void LinkRelay::on_accept(tcp::socket near) {
  boost::system::error_code ignored;
  near.set_option(tcp::no_delay(true), ignored);
  auto connection =
      std::make_shared<LinkedConnection>(std::move(near), tcp::socket(io_), draw_lottery());
  connection->path().set(link_);
  if (connection->path().down()) {
    connection->reset();
    return;
  }
  // The far socket is reached through the connection, which owns it; the timer bounds a target
  // that neither answers nor refuses.
  auto timer = std::make_shared<asio::steady_timer>(io_, kConnectTimeout);
  timer->async_wait([connection](boost::system::error_code error) {
    if (!error) connection->reset();
  });
  connection->connect(target_, [connection, timer](boost::system::error_code error) {
    timer->cancel();
    if (error) {
      connection->reset();
      return;
    }
    connection->start();
  });
}

}  // namespace scaleout::sim
