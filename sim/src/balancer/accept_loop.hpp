// AcceptLoop: accepts the balancer's client connections and gives each to a new ProxySession.
// When the process runs out of file descriptors (a connection flood), it pauses instead of
// giving up, as the servers' Listener does.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "balancer/router.hpp"
#include "scaleout/sim/load_balancer.hpp"

namespace scaleout::sim {

class AcceptLoop : public std::enable_shared_from_this<AcceptLoop> {
 public:
  // Binds at once; throws boost::system::system_error when the address cannot be used.
  AcceptLoop(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             Router& router, const LoadBalancerOptions& options);

  void start() { do_accept(); }
  uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  Router& router_;
  const LoadBalancerOptions& options_;
  uint16_t port_;
};

}  // namespace scaleout::sim
