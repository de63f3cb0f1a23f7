// AcceptLoop: accepts TCP connections on one port and hands each to a handler (a server's
// HttpConnection, the balancer's ProxySession). When the process runs out of file descriptors
// (a connection flood), it pauses instead of giving up.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

namespace scaleout::sim {

class AcceptLoop : public std::enable_shared_from_this<AcceptLoop> {
 public:
  using ConnectionHandler = std::function<void(boost::asio::ip::tcp::socket)>;

  // Binds at once; throws boost::system::system_error when the address cannot be used.
  AcceptLoop(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             ConnectionHandler on_connection);

  void start() { do_accept(); }
  void stop();
  uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  ConnectionHandler on_connection_;
  uint16_t port_;
};

}  // namespace scaleout::sim
