// ClusterScaling: the autoscaler's controls, each a control of the cluster.
#include "cluster_scaling.hpp"

#include "scaleout/server/namespace.hpp"
#include "scaleout/server/sio_server.hpp"
#include "scaleout/server/socket.hpp"
#include "scaleout/world/cluster.hpp"

namespace scaleout::sim {

std::string ClusterScaling::add_server() {
  return cluster_.add_server();
}

bool ClusterScaling::remove_server(const std::string& name) {
  return cluster_.remove_server(name);
}

bool ClusterScaling::set_draining(const std::string& name, bool draining) {
  return cluster_.set_draining(name, draining);
}

std::vector<std::string> ClusterScaling::server_names() const {
  return cluster_.server_names();
}

bool ClusterScaling::server_running(const std::string& name) const {
  const ServerInstance* server = cluster_.server(name);
  return server && server->running();
}

uint16_t ClusterScaling::server_port(const std::string& name) const {
  const ServerInstance* server = cluster_.server(name);
  return server ? server->port() : 0;
}

void ClusterScaling::let_clients_go(const std::string& server, std::vector<std::string> sockets,
                                    const std::string& reason) {
  ServerInstance* instance = cluster_.server(server);
  if (!instance) return;
  instance->post([sockets = std::move(sockets), reason](SioServer& sio) {
    sio.for_each_namespace([&](Namespace& nsp) {
      for (const auto& id : sockets) {
        if (Socket* socket = nsp.find(id)) socket->close_connection(reason);
      }
    });
  });
}

}  // namespace scaleout::sim
