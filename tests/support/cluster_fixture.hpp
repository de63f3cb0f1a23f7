// ClusterFixture: a real redis-server on a random loopback port (with a password), and clusters
// of in-process servers on it, with the servers' notices collected for the test to inspect.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scaleout/process/redis_process.hpp"
#include "scaleout/world/cluster.hpp"
#include "support/client_pool.hpp"
#include "support/trace_capture.hpp"

namespace scaleout::test {

class ClusterFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts a cluster of `servers` on the fixture's Redis (no balancer), each with the options of
  // `server` (its name and adapter aside), and waits for every redis link to be up.
  std::unique_ptr<sim::Cluster> start_cluster(sim::AdapterKind adapter, int servers = 3,
                                              sim::TraceCollector* trace = nullptr,
                                              const sim::ServerOptions& server = {});
  uint16_t port_of(sim::Cluster& cluster, const std::string& server);
  // Notices (Redis up/down, adapter errors) that contain `text`.
  size_t notices_with(const std::string& text) const;

  std::unique_ptr<sim::RedisProcess> redis_;
  adapter::RedisEndpoint endpoint_;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> notices_;
};

// The same, with a trace collector running for the whole test and every event captured in
// `trace_`; `loss_settle` is how long a message may take before a missing delivery is a drop.
class TracedClusterFixture : public ClusterFixture {
 protected:
  explicit TracedClusterFixture(std::chrono::milliseconds loss_settle)
      : loss_settle_(loss_settle) {}
  void SetUp() override;
  void TearDown() override;

  TraceCapture trace_;
  std::unique_ptr<sim::TraceCollector> collector_;

 private:
  std::chrono::milliseconds loss_settle_;
};

}  // namespace scaleout::test
