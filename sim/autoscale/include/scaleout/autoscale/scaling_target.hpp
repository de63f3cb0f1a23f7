// ScalingTarget: what the autoscaler may do to a world, and nothing more. The cluster offers it
// (world/cluster.hpp), so that the autoscaler sits below the world and never reaches into a
// server's namespaces or sockets: it asks for servers to be added, drained and removed, and for a
// server's clients to be let go. Every call is made from the world's controlling thread and
// returns at once, never waiting on a server.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scaleout::sim {

class ScalingTarget {
 public:
  virtual ~ScalingTarget() = default;

  // Adds and starts one more server; returns its name. Throws std::runtime_error.
  virtual std::string add_server() = 0;
  // false when no server has that name.
  virtual bool remove_server(const std::string& name) = 0;
  // Draining: the balancer sends the server no new session.
  virtual bool set_draining(const std::string& name, bool draining) = 0;
  virtual std::vector<std::string> server_names() const = 0;
  // Whether a server of that name exists and runs.
  virtual bool server_running(const std::string& name) const = 0;
  // Its port, 0 when no server has that name.
  virtual uint16_t server_port(const std::string& name) const = 0;
  // Ends these sockets' connections on that server as a server shutting down would (no
  // Socket.IO DISCONNECT), so that each client reconnects by itself through the balancer.
  virtual void let_clients_go(const std::string& server, std::vector<std::string> sockets,
                              const std::string& reason) = 0;
};

}  // namespace scaleout::sim
