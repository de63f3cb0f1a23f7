// RedisSentinelProcess: a primary, a replica and three sentinels watching them, all our children
// on loopback (shared/redis-cluster-facts.md section 4). The data nodes are RedisProcesses (a
// password on both, the replica started with --replicaof); each sentinel is `redis-server
// <its own conf> --sentinel` in a directory of its own (Sentinel rewrites its file), monitoring
// the primary as "mymaster" with down-after 1000 ms and a quorum of 2. Ready once every sentinel
// sees the two others and the replica. The primary can be killed (Sentinel promotes the replica
// in about 2 s) and restarted (it comes back as a writable primary until Sentinel demotes it,
// about 10 s later: the window a lesson shows). For one controlling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_deployment.hpp"
#include "scaleout/process/child_process.hpp"
#include "scaleout/process/redis_process.hpp"

namespace scaleout::sim {

class PrivateDirectory;

struct RedisSentinelOptions {
  std::string password{};
  std::string master_name = "mymaster";
  int sentinels = 3;
  int down_after_ms = 1000;
  int failover_timeout_ms = 5000;
  std::string executable = "redis-server";
  std::chrono::milliseconds start_timeout{20000};
};

// A data node as the sentinels and the node itself see it now.
struct SentinelNodeStatus {
  std::string name;  // r1 (started as the primary), r2 (started as its replica)
  uint16_t port = 0;
  bool running = false;
  bool primary = false;  // its own ROLE says master
};

class RedisSentinelProcess {
 public:
  explicit RedisSentinelProcess(RedisSentinelOptions options = {});
  ~RedisSentinelProcess();
  RedisSentinelProcess(const RedisSentinelProcess&) = delete;
  RedisSentinelProcess& operator=(const RedisSentinelProcess&) = delete;

  // Throws std::runtime_error saying what did not come about.
  void start();
  void stop();

  // r1, r2.
  std::vector<std::string> node_names() const { return {"r1", "r2"}; }
  int index_of(const std::string& name) const;
  RedisProcess& node(size_t index) { return *nodes_.at(index); }
  std::vector<uint16_t> sentinel_ports() const;
  std::vector<pid_t> sentinel_pids() const;
  const std::string& master_name() const { return options_.master_name; }
  // What a RedisLink needs: the sentinels, the name and the data nodes' password.
  adapter::RedisDeployment deployment() const;

  bool kill_node(const std::string& name, std::string* error = nullptr);
  bool restart_node(const std::string& name, std::string* error = nullptr);
  // SENTINEL FAILOVER: the sentinels promote the replica without waiting for a failure.
  bool failover(std::string* error = nullptr);

  // The primary the sentinels name now, as "127.0.0.1:port"; empty when none answers.
  std::string primary_address() const;
  std::vector<SentinelNodeStatus> status() const;
  bool ready(std::string* why = nullptr) const;

 private:
  struct Sentinel {
    std::unique_ptr<PrivateDirectory> directory;
    ChildProcess process;
    uint16_t port = 0;
  };
  void start_sentinel(Sentinel& sentinel);

  RedisSentinelOptions options_;
  std::vector<std::unique_ptr<RedisProcess>> nodes_;
  std::vector<std::unique_ptr<Sentinel>> sentinels_;
};

}  // namespace scaleout::sim
