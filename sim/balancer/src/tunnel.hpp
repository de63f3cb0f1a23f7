// Tunnel: the byte pipe behind a WebSocket upgrade. Once the backend has answered 101, the
// balancer no longer reads HTTP: a LinkedConnection copies bytes client -> backend and backend ->
// client across the client's links (`clients`, then the backend's hop), each direction one read
// then one write at a time when no fault is set (so a slow reader holds back the writer instead
// of filling memory), until either side closes or errs; then both sockets close. Its
// BackendLease counts it as an open connection while it lives and lets the balancer cut it when
// the backend goes away.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "backend_pool.hpp"

namespace scaleout::sim {

class Link;

struct TunnelEnds {
  boost::asio::ip::tcp::socket client;
  boost::asio::ip::tcp::socket backend;
  // Read past the HTTP messages already: they belong to the other side and cross first.
  std::string from_client;
  std::string from_backend;
};

// `lottery` is the client connection's probability draw (LinkPath), kept from its requests.
void start_tunnel(TunnelEnds ends, std::unique_ptr<BackendLease> lease, double lottery,
                  std::shared_ptr<Link> client_link, std::shared_ptr<Link> backend_link);

}  // namespace scaleout::sim
