// ClusterScaling: the cluster as the autoscaler sees it (autoscale/scaling_target.hpp). Each
// call is one of the cluster's own controls; letting clients go is posted to the server's thread,
// where it closes their connections as a server shutting down would.
#pragma once

#include "scaleout/autoscale/scaling_target.hpp"

namespace scaleout::sim {

class Cluster;

class ClusterScaling final : public ScalingTarget {
 public:
  explicit ClusterScaling(Cluster& cluster) : cluster_(cluster) {}

  std::string add_server() override;
  bool remove_server(const std::string& name) override;
  bool set_draining(const std::string& name, bool draining) override;
  std::vector<std::string> server_names() const override;
  bool server_running(const std::string& name) const override;
  uint16_t server_port(const std::string& name) const override;
  void let_clients_go(const std::string& server, std::vector<std::string> sockets,
                      const std::string& reason) override;

 private:
  Cluster& cluster_;
};

}  // namespace scaleout::sim
