// Network: the links of the world (docs/network-links.md). Every hop a byte takes can cross a
// link whose faults the world controls:
//   clients    every client's connection to the load balancer (one link for all of them)
//   sN         the balancer <-> server sN hop (sN's clients)
//   sN-redis   server sN's connections to Redis, through a TCP relay on a loopback port
// and the groups `servers` (every sN), `redis` (every sN-redis) and `all`. The balancer carries
// the first two in its own thread (its tunnels and proxy sessions cross the links); the relays
// run on the network's own thread. Neither ever runs on a server's thread.
//
// apply() changes faults at any time while the world runs, from the controlling thread; it never
// waits: the connections crossing a link are told on their own threads, and the change applies
// to them at once (a latency to the next bytes, a partition holds, down resets them, a heal lets
// held bytes go). Each change is recorded in the trace as a `link` event per link and direction.
// A server added later gets the faults last set through its groups (`all`, `servers`, `redis`),
// so that, say, slow motion covers it too.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/base/link_faults.hpp"
#include "scaleout/links/link_snapshot.hpp"
#include "scaleout/trace/server_trace.hpp"

namespace scaleout::sim {

class Link;
class LinkRelay;
class TraceCollector;

class Network {
 public:
  // Link events go to `trace` (as the pseudo-server "network") when given.
  explicit Network(TraceCollector* trace = nullptr);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // The relays' thread. stop() resets every relayed connection.
  void start();
  void stop();

  // Adding and removing links: from the controlling thread.
  std::shared_ptr<Link> add_clients_link();
  std::shared_ptr<Link> add_server_link(const std::string& server);
  // Starts `server`'s relay to `redis`; returns the endpoint the server is to use instead (the
  // relay's port, the same credentials). Throws std::runtime_error when Redis' host does not
  // resolve or no port is free.
  adapter::RedisEndpoint add_redis_link(const std::string& server,
                                        const adapter::RedisEndpoint& redis);
  // Forgets `server`'s links; its relay stops accepting (stop the server first).
  void remove_server(const std::string& server);
  std::shared_ptr<Link> find(const std::string& name) const;

  // Applies one setting (parse_link_setting) to every link its target names. false, with
  // `error` saying why, when the target names no link here or the change does not fit.
  bool apply(const LinkSetting& setting, std::string* error = nullptr);

  // Every link, clients first, then per server its hop and its Redis link.
  std::vector<LinkSnapshot> snapshot() const;
  // What a setting's target may be now: link names, then the groups.
  std::vector<std::string> targets() const;

 private:
  std::shared_ptr<Link> add_link(const std::string& name, LinkKind kind, const std::string& server);
  std::vector<std::shared_ptr<Link>> resolve(const std::string& target) const;
  void trace_change(const Link& link, const LinkSetting& setting);

  mutable std::mutex mutex_;  // guards links_, relays_ and the templates
  std::vector<std::shared_ptr<Link>> links_;
  std::map<std::string, std::shared_ptr<LinkRelay>> relays_;  // by server
  // What a new link of each kind starts with: the changes made through its groups.
  LinkFaults server_template_[2];
  LinkFaults redis_template_[2];

  std::mutex trace_mutex_;  // the recorder's ring has one producer at a time
  ServerTrace trace_;

  std::unique_ptr<boost::asio::io_context> io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

}  // namespace scaleout::sim
