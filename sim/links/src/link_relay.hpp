// LinkRelay: a TCP relay on a loopback port for one link, between the connections one server
// makes to Redis and redis-server itself: the server's RedisEndpoint points here instead of at
// Redis. Each connection it accepts is paired with a fresh connection to the target and relayed
// by a LinkedConnection across the link, so every fault of the link applies to those bytes.
// While the link is `down` a new connection is reset as soon as it is accepted: the connecting
// side sees the connection reset before any byte (the closest a relay can come to a refusal
// without giving up its port). If the target cannot be reached, the accepted connection is reset
// the same way, as the server would have seen Redis refuse it. Runs on the network's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "scaleout/links/link.hpp"

namespace scaleout::sim {

class AcceptLoop;

class LinkRelay {
 public:
  // Binds 127.0.0.1 on a free port at once; throws boost::system::system_error.
  LinkRelay(boost::asio::io_context& io, std::shared_ptr<Link> link,
            boost::asio::ip::tcp::endpoint target);
  ~LinkRelay();
  LinkRelay(const LinkRelay&) = delete;
  LinkRelay& operator=(const LinkRelay&) = delete;

  // On the io_context's thread, or before it runs.
  void start();
  uint16_t port() const { return port_; }

 private:
  void on_accept(boost::asio::ip::tcp::socket near);

  boost::asio::io_context& io_;
  std::shared_ptr<Link> link_;
  boost::asio::ip::tcp::endpoint target_;
  std::shared_ptr<AcceptLoop> accept_loop_;
  uint16_t port_ = 0;
};

}  // namespace scaleout::sim
