// RedisMonitor: a thread that asks the world's Redis for INFO and SLOWLOG once a period, over
// its own blocking connection with a short timeout, and keeps the latest answer for the world's
// status. It runs apart from the controller so that a paused or dead Redis (which makes every
// question wait for its timeout) never holds up a command. With a Redis Cluster or Sentinel it
// also asks each node (CLUSTER INFO / ROLE, and CLUSTER NODES of the first that answers) for its
// role, slots and cluster bus traffic, and notes each failover it sees.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/world/world_status.hpp"

namespace scaleout::sim {

// The nodes of a cluster or of Sentinel's pair, by name and port (same password as `endpoint`).
struct RedisNodesToWatch {
  enum class Kind { kNone, kCluster, kSentinel };
  Kind kind = Kind::kNone;
  std::vector<std::pair<std::string, uint16_t>> nodes;
};

class RedisMonitor {
 public:
  RedisMonitor(adapter::RedisEndpoint endpoint, std::chrono::milliseconds period,
               RedisNodesToWatch nodes = {});
  ~RedisMonitor();
  RedisMonitor(const RedisMonitor&) = delete;
  RedisMonitor& operator=(const RedisMonitor&) = delete;

  // The latest answer: what INFO and SLOWLOG said, or why Redis did not answer.
  RedisStatus latest() const;

 private:
  void run();
  void poll_once();
  // The nodes' view, and the failovers it shows since the last one; outside the lock.
  std::vector<RedisNodeStatus> poll_nodes();

  adapter::RedisEndpoint endpoint_;
  std::chrono::milliseconds period_;
  RedisNodesToWatch watched_;
  std::vector<RedisNodeStatus> last_nodes_;  // the monitor thread's own
  std::chrono::steady_clock::time_point last_nodes_at_;
  std::vector<RedisFailover> failovers_;  // the monitor thread's own
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  RedisStatus latest_;
  uint64_t last_commands_ = 0;
  std::chrono::steady_clock::time_point last_poll_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace scaleout::sim
