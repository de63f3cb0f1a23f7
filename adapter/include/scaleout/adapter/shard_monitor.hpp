// ShardMonitor: what every primary of a link's deployment is told to SPUBLISH, seen from
// outside through MONITOR, for the read-only observers (`scaleout observe`, the window's observe
// mode). A shard channel cannot be pattern-subscribed, and a plain SSUBSCRIBE would count the
// observer as a server in PUBSUB SHARDNUMSUB (and make Node's fetchSockets wait for it), so the
// observers read the primaries' MONITOR streams instead: one connection per primary, kept open
// (and moved to a new primary after a failover) by a check once a second. MONITOR costs the
// observed Redis some throughput; the observers say so.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "scaleout/adapter/redis_connection.hpp"
#include "scaleout/adapter/redis_link.hpp"

namespace scaleout::adapter {

class ShardMonitor {
 public:
  // Each SPUBLISH on a channel that starts with `prefix`, with the primary that ran it.
  using Handler = std::function<void(const std::string& node, std::string_view channel,
                                     std::string_view payload)>;

  // `link` (on the same io_context) tells where the primaries are.
  ShardMonitor(RedisLink& link, std::string prefix, Handler handler);
  ~ShardMonitor();
  ShardMonitor(const ShardMonitor&) = delete;
  ShardMonitor& operator=(const ShardMonitor&) = delete;

  void start();
  void stop();

 private:
  void check();
  void on_line(const std::string& node, std::string_view line);

  RedisLink& link_;
  std::string prefix_;
  Handler handler_;
  std::map<std::string, std::unique_ptr<RedisConnection>> monitors_;  // by node address
  std::set<std::string> lost_;  // connections that ended, forgotten at the next check
  boost::asio::steady_timer timer_;
  bool running_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
