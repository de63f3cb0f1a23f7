// LinkedConnection: a TCP connection relayed across links: the `near` socket (the clients' side)
// and the `far` socket (toward the server or Redis), a LinkPipe for each direction, and the
// LinkPath of links it crosses, which it watches. It lives on one thread (the balancer's for a
// WebSocket tunnel, the network's for a Redis relay) and keeps itself alive through its pending
// operations, Beast style.
//
// When the path is `down` it resets both sockets (RST: both ends see "connection reset"), also
// when that happens long after it opened; a close from either end, once it has crossed, closes
// both; any error resets both. `on_closed` is called once, when it ends.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include "scaleout/links/link_path.hpp"
#include "scaleout/links/link_pipe.hpp"

namespace scaleout::sim {

class LinkedConnection : public LinkWatcher, public std::enable_shared_from_this<LinkedConnection> {
 public:
  LinkedConnection(boost::asio::ip::tcp::socket near, boost::asio::ip::tcp::socket far,
                   double lottery, std::function<void()> on_closed = {});

  // For a relay: connects the far socket (not yet open) to `target`.
  void connect(const boost::asio::ip::tcp::endpoint& target,
               std::function<void(boost::system::error_code)> done);
  // Set its links first (path().set). The pending bytes were read already and cross first.
  void start(std::string near_pending = {}, std::string far_pending = {});
  LinkPath& path() { return path_; }

  void close();  // FIN both ways
  void reset();  // RST both ways
  bool closed() const { return closed_; }

  void on_link_changed() override;

 private:
  void end();

  boost::asio::ip::tcp::socket near_;
  boost::asio::ip::tcp::socket far_;
  LinkPath path_;
  LinkPipe upstream_;    // near -> far
  LinkPipe downstream_;  // far -> near
  std::function<void()> on_closed_;
  bool closed_ = false;
};

// Closes `socket` with an RST rather than a FIN: what a cut connection looks like to its end.
void reset_socket(boost::asio::ip::tcp::socket& socket);

}  // namespace scaleout::sim
