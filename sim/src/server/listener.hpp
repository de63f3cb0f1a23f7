// Listener: accepts TCP connections on one port and gives each to a new HttpConnection. When the
// process runs out of file descriptors (a connection flood), it pauses instead of giving up.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "scaleout/sim/server_options.hpp"

namespace scaleout::sim {

class EngineServer;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds at once; throws boost::system::system_error when the address cannot be used.
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
           EngineServer& engine, const ServerOptions& options);

  void start() { do_accept(); }
  void stop();
  uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  EngineServer& engine_;
  const ServerOptions& options_;
  uint16_t port_;
};

}  // namespace scaleout::sim
