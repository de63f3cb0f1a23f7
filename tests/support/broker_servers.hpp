// BrokerServers: in-process servers for tests on any Redis deployment (a Redis Cluster, Sentinel,
// one Redis): each a real ServerInstance on its own thread and port with its link to the broker,
// their notices kept for the test to inspect, an optional trace with loss detection, and waits
// for their links. The world (sim::Cluster) is not involved: this is the adapter layer on real
// processes.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scaleout/server/server_instance.hpp"
#include "scaleout/trace/trace_collector.hpp"
#include "support/client_pool.hpp"
#include "support/trace_capture.hpp"

namespace scaleout::test {

class BrokerServers {
 public:
  // With `loss_settle` set, a trace collector with loss detection runs for all of them.
  explicit BrokerServers(adapter::RedisDeployment deployment,
                         std::chrono::milliseconds loss_settle = std::chrono::milliseconds(0));
  ~BrokerServers();

  // Starts s<N> with `adapter` and waits for its link to be up.
  sim::ServerInstance& add(sim::AdapterKind adapter,
                           adapter::SubscriptionMode mode = adapter::SubscriptionMode::kDynamic);
  sim::ServerInstance& server(size_t index) { return *servers_.at(index); }
  size_t size() const { return servers_.size(); }
  // Notices of every server that contain `text`.
  std::vector<std::string> notices_with(const std::string& text) const;
  const TraceCapture& trace() const { return trace_; }
  // Messages Redis pushed to the server's subscriber connections so far.
  uint64_t messages_in(size_t index) { return server(index).snapshot().redis_messages_in; }

 private:
  adapter::RedisDeployment deployment_;
  std::unique_ptr<sim::TraceCollector> collector_;
  TraceCapture trace_;
  std::vector<std::unique_ptr<sim::ServerInstance>> servers_;
  mutable std::mutex mutex_;
  std::vector<std::string> notices_;
};

// 127.0.0.1:port with a password.
adapter::RedisEndpoint loopback_endpoint(uint16_t port, const std::string& password);

// Connects a client to `server` and joins `room`; -1 on failure.
int join_client(ClientPool& pool, sim::ServerInstance& server, const std::string& room);

}  // namespace scaleout::test
