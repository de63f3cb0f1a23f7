// Cluster: the world of the sandbox. N server instances in this process, each on its own
// loopback port and thread with its own Redis connections; a Redis (an embedded redis-server
// child process, or an external one) that joins them; and a load balancer in front, so that one
// URL reaches them all. Servers can be added, stopped, killed, restarted and removed while it
// runs. With `links` (the default) every hop crosses a link of its Network whose faults can be
// set at any time (docs/network-links.md). Its methods are for one controlling thread (the CLI,
// the GUI or a scenario); the servers run on their own threads.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/balancer/load_balancer.hpp"
#include "scaleout/base/link_faults.hpp"
#include "scaleout/links/network.hpp"
#include "scaleout/process/redis_process.hpp"
#include "scaleout/server/server_instance.hpp"
#include "scaleout/trace/trace_collector.hpp"
#include "scaleout/world/world_snapshot.hpp"

namespace scaleout::sim {

class ScalingTarget;

struct ClusterOptions {
  int servers = 3;
  uint16_t base_port = 0;  // 0: any free ports; otherwise server i listens on base_port + i
  AdapterKind adapter = AdapterKind::kRedis;
  // The adapters of the first servers (s1 first), when they differ; the others use `adapter`.
  std::vector<AdapterKind> server_adapters;
  // The sizes (capacity model vCPUs, 0: none) of the first servers; the others and added servers
  // take server.capacity.vcpus.
  std::vector<int> server_sizes;
  // A Redis even when no server starts with the redis adapter (one may switch to it later).
  bool want_redis = false;
  bool embedded_redis = true;    // start a redis-server child process (random password)
  adapter::RedisEndpoint redis;  // the external Redis when not embedded
  ServerOptions server;          // the template of every server (bind address, ping, payload, ...)
  bool balancer = true;
  BalancePolicy policy = BalancePolicy::kStickySid;
  uint16_t balancer_port = 0;
  // Empty: the servers' bind address. Another (a classroom's network address): the balancer
  // listens there and on 127.0.0.1, so that this machine's clients keep reaching it there.
  std::string balancer_bind_address;
  AddressLimits balancer_limits;    // per client address, at the balancer (classroom mode)
  TraceCollector* trace = nullptr;  // where the servers record their trace, if anywhere
  // Every hop through a link the world controls: client <-> balancer <-> server through the
  // balancer, server <-> Redis through a relay per server. Without, faults cannot be set.
  bool links = true;
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Starts Redis (if embedded), the servers and the balancer. Throws std::runtime_error.
  void start();
  void stop();

  // Adds and starts one more server ("s<N>"); returns its name.
  std::string add_server(std::optional<AdapterKind> adapter = std::nullopt,
                         std::optional<int> size = std::nullopt);
  // false when no server has that name.
  bool stop_server(const std::string& name);
  bool kill_server(const std::string& name);
  bool start_server(const std::string& name);
  bool remove_server(const std::string& name);
  // Draining (scale-in): the balancer sends the server no new session; its connections stay
  // until they end. false when no server has that name.
  bool set_draining(const std::string& name, bool draining);
  bool draining(const std::string& name) const;
  // Restarts the server with another adapter (its clients are cut and reconnect). Throws
  // std::invalid_argument for an unknown name, std::runtime_error when it cannot listen again.
  void switch_adapter(const std::string& name, AdapterKind adapter);

  // Whether this cluster has a Redis (some server uses the redis adapter, or want_redis).
  bool has_redis() const;
  ServerInstance* server(const std::string& name);
  const ServerInstance* server(const std::string& name) const;
  std::vector<std::string> server_names() const;
  const adapter::RedisEndpoint& redis_endpoint() const { return redis_; }
  RedisProcess* embedded_redis() { return embedded_.get(); }
  LoadBalancer* balancer() { return balancer_.get(); }
  std::string balancer_url() const;

  // Links (docs/network-links.md), from the controlling thread at any time while the world runs;
  // returns at once, never waiting on a server. false, with `error` saying why, when the target
  // names no link or the change does not fit (down given one direction), or without links.
  bool apply_link_setting(const LinkSetting& setting, std::string* error = nullptr);
  // The same, spelled out: set these faults (other kinds stay), or clear every kind.
  bool set_link_faults(const std::string& target, LinkDirections directions,
                       const LinkFaults& faults, std::string* error = nullptr);
  bool clear_link_faults(const std::string& target,
                         LinkDirections directions = LinkDirections::kBoth,
                         std::string* error = nullptr);
  Network* network() { return network_.get(); }
  // What the autoscaler may do to this cluster (autoscale/scaling_target.hpp).
  ScalingTarget& scaling();

  WorldSnapshot snapshot();
  // Set before start(): where servers report Redis outages and undecodable messages.
  void set_notice_handler(ServerInstance::NoticeHandler handler) { notice_ = std::move(handler); }

 private:
  ServerInstance& create_server(std::optional<AdapterKind> adapter, std::optional<int> size);
  void update_balancer();
  // Stops, kills or starts a server, then tells the balancer; false when no server has the name.
  bool change_server(const std::string& name, void (ServerInstance::*change)());

  ClusterOptions options_;
  adapter::RedisEndpoint redis_;
  std::unique_ptr<RedisProcess> embedded_;
  std::unique_ptr<Network> network_;  // declared before what crosses its links
  std::vector<std::unique_ptr<ServerInstance>> servers_;
  std::unique_ptr<LoadBalancer> balancer_;
  ServerInstance::NoticeHandler notice_;
  std::set<std::string> draining_;
  std::unique_ptr<ScalingTarget> scaling_;
  int next_index_ = 1;
};

}  // namespace scaleout::sim
