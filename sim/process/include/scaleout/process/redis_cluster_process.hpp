// RedisClusterProcess: a real Redis Cluster as our children: N primaries (3 by default) and R
// replicas of each, every node a redis-server --cluster-enabled yes on loopback (a RedisProcess:
// its own directory, log and nodes file, killed with us), created without prompts and ready only
// when every node agrees (shared/redis-cluster-facts.md section 1):
//   - ports in 20000-22700, so that each bus port (port + 10000) stays below the ephemeral range
//     where an outgoing connection may already hold it;
//   - primaries take their slot ranges (CLUSTER ADDSLOTSRANGE) and config epochs, meet through
//     the first node, replicas REPLICATE their primary once they know it;
//   - ready = every node sees cluster_state:ok with all 16384 slots and every node known, the
//     roles are right (N masters, N x R slaves), each replica's link to its primary is up, and
//     (after one PUBLISH per primary, so that no replica stays at replication offset 0) CLUSTER
//     SHARDS reports every node online;
//   - repl-diskless-sync-delay 0 (7.0 waits 5 s before a first sync by default), a node timeout
//     of 1000 ms by default (a failover in about 2 s), a password on every node.
// Nodes can be killed, restarted (with their nodes file: a killed primary comes back as a replica
// of its successor) and failed over (CLUSTER FAILOVER on a replica). For one controlling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_deployment.hpp"
#include "scaleout/process/redis_process.hpp"

namespace scaleout::sim {

struct RedisClusterOptions {
  int primaries = 3;
  int replicas = 0;  // per primary
  std::string password{};
  int node_timeout_ms = 1000;
  std::string executable = "redis-server";
  std::chrono::milliseconds start_timeout{30000};
};

// One node as the cluster sees it now (CLUSTER NODES of a live node).
struct ClusterNodeStatus {
  std::string name;  // n1, n2... in start order
  uint16_t port = 0;
  std::string id;
  bool running = false;
  bool primary = false;
  bool failed = false;             // flagged fail (or pfail) by the node that answered
  std::string primary_id;          // a replica's primary
  std::vector<std::string> slots;  // "0-5460"
};

// Fills in what a CLUSTER NODES reply (its text) says of these nodes, matched by port: id, role,
// fail flag, primary and slots. For whoever polls a cluster on its own (the world's monitor).
void apply_cluster_nodes(const std::string& cluster_nodes, std::vector<ClusterNodeStatus>& nodes);

class RedisClusterProcess {
 public:
  explicit RedisClusterProcess(RedisClusterOptions options = {});
  ~RedisClusterProcess();
  RedisClusterProcess(const RedisClusterProcess&) = delete;
  RedisClusterProcess& operator=(const RedisClusterProcess&) = delete;

  // Starts every node, creates the cluster and waits until it is ready. Throws
  // std::runtime_error saying what did not come about, with the end of a node's log.
  void start();
  void stop();

  size_t size() const { return nodes_.size(); }
  // n1..nN: primaries first (in slot order), then replicas (n4 is n1's first replica with 3+3).
  std::vector<std::string> node_names() const;
  // -1 when no node has that name (or that port, written as a number).
  int index_of(const std::string& name) const;
  RedisProcess& node(size_t index) { return *nodes_.at(index); }
  const std::string& password() const { return options_.password; }
  // Seeds for a RedisLink: every node, with the password.
  adapter::RedisDeployment deployment() const;

  // false with `error` set when there is no such node or it cannot be done now.
  bool kill_node(const std::string& name, std::string* error = nullptr);
  bool restart_node(const std::string& name, std::string* error = nullptr);
  // CLUSTER FAILOVER on the node, if it is a replica, or on a live replica of it, if it is a
  // primary: the replica takes over without losing writes (the primary pauses for it).
  bool failover(const std::string& name, std::string* error = nullptr);

  // CLUSTER NODES from the first live node; nodes it does not list come back with running
  // only. Blocking, for a monitoring thread.
  std::vector<ClusterNodeStatus> status() const;
  // Whether every running node agrees that the cluster is whole and healthy, as start() waits
  // for; `why` says what is missing.
  bool ready(std::string* why = nullptr) const;
  // Waits for ready() up to `timeout`.
  bool wait_ready(std::chrono::milliseconds timeout, std::string* why = nullptr) const;

 private:
  void start_nodes();
  void create();
  std::string node_id(size_t index) const;

  RedisClusterOptions options_;
  std::vector<std::unique_ptr<RedisProcess>> nodes_;
};

}  // namespace scaleout::sim
