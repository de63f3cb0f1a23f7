// Tunnel: a LinkedConnection that holds the backend's lease for as long as it lives.
#include "tunnel.hpp"

#include <boost/asio/post.hpp>

#include "scaleout/links/linked_connection.hpp"

namespace scaleout::sim {

void start_tunnel(TunnelEnds ends, std::unique_ptr<BackendLease> lease, double lottery,
                  std::shared_ptr<Link> client_link, std::shared_ptr<Link> backend_link) {
  std::shared_ptr<BackendLease> held(std::move(lease));
  const auto executor = ends.client.get_executor();
  auto tunnel = std::make_shared<LinkedConnection>(std::move(ends.client), std::move(ends.backend),
                                                   lottery, [held] {});
  if (held) {
    // Closing ends the tunnel, which releases the lease: not from inside the lease's own cut().
    std::weak_ptr<LinkedConnection> weak = tunnel;
    held->set_cut([weak, executor] {
      boost::asio::post(executor, [weak] {
        if (auto alive = weak.lock()) alive->close();
      });
    });
  }
  tunnel->path().set(std::move(client_link), std::move(backend_link));
  tunnel->start(std::move(ends.from_client), std::move(ends.from_backend));
}

}  // namespace scaleout::sim
