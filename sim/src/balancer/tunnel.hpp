// Tunnel: the byte pipe behind a WebSocket upgrade. Once the backend has answered 101, the
// balancer no longer reads HTTP: it copies bytes client -> backend and backend -> client, each
// direction one read then one write at a time (so a slow reader holds back the writer instead of
// filling memory), until either side closes or errs; then both sockets close. Its BackendLease
// counts it as an open connection and lets the balancer cut it when the backend goes away.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "balancer/backend_pool.hpp"

namespace scaleout::sim {

class Tunnel : public std::enable_shared_from_this<Tunnel> {
 public:
  // The `*_pending` bytes were read past the HTTP messages and belong to the other side.
  Tunnel(boost::asio::ip::tcp::socket client, boost::asio::ip::tcp::socket backend,
         std::unique_ptr<BackendLease> lease);

  void start(std::string from_client_pending, std::string from_backend_pending);
  void close();

 private:
  struct Direction {
    boost::asio::ip::tcp::socket* from;
    boost::asio::ip::tcp::socket* to;
    std::array<char, 16 * 1024> buffer;
    std::string pending;
  };

  void write_pending(Direction& direction);
  void do_read(Direction& direction);
  void on_read(Direction& direction, boost::system::error_code error, size_t bytes);
  void on_written(Direction& direction, boost::system::error_code error);

  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket backend_;
  std::unique_ptr<BackendLease> lease_;
  Direction upstream_;    // client -> backend
  Direction downstream_;  // backend -> client
};

}  // namespace scaleout::sim
