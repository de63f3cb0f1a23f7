// RedisMonitor: a thread that asks the world's Redis for INFO and SLOWLOG once a period, over
// its own blocking connection with a short timeout, and keeps the latest answer for the world's
// status. It runs apart from the controller so that a paused or dead Redis (which makes every
// question wait for its timeout) never holds up a command.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/world/world_status.hpp"

namespace scaleout::sim {

class RedisMonitor {
 public:
  RedisMonitor(adapter::RedisEndpoint endpoint, std::chrono::milliseconds period);
  ~RedisMonitor();
  RedisMonitor(const RedisMonitor&) = delete;
  RedisMonitor& operator=(const RedisMonitor&) = delete;

  // The latest answer: what INFO and SLOWLOG said, or why Redis did not answer.
  RedisStatus latest() const;

 private:
  void run();
  void poll_once();

  adapter::RedisEndpoint endpoint_;
  std::chrono::milliseconds period_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  RedisStatus latest_;
  uint64_t last_commands_ = 0;
  std::chrono::steady_clock::time_point last_poll_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace scaleout::sim
