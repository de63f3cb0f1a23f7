// AutoscalerStatus: what the world's autoscaler shows the views (WorldStatus::autoscaler): its
// settings, the metric it reads and each server's reading, the recommendations inside the
// scale-down window, its last decisions with the formula filled in, and the servers draining.
#pragma once

#include <string>
#include <vector>

#include "scaleout/autoscale/autoscale_policy.hpp"

namespace scaleout::sim {

struct DrainingServer {
  std::string server;
  size_t clients = 0;       // still connected to it
  size_t disconnected = 0;  // told to reconnect elsewhere so far
  int64_t since_ms = 0;     // when the drain began (the autoscaler's clock)
  bool by_autoscaler = false;
};

struct AutoscalerStatus {
  bool on = false;
  AutoscaleSettings settings;
  std::string metric;       // what is measured, in words: "messages/s received per server"
  std::string metric_unit;  // "msg/s"
  int current = 0;          // running servers not draining
  int desired = 0;
  std::vector<ServerReading> readings;          // the last period's, per server
  std::vector<Recommendation> recommendations;  // inside the window, oldest first
  std::vector<AutoscaleDecision> decisions;     // the last few, oldest first
  std::vector<DrainingServer> draining;
  int64_t now_ms = 0;  // the autoscaler's clock when this was taken
};

}  // namespace scaleout::sim
