// LinkNode: a RedisLink's connections to one Redis node: a command connection, opened at once,
// and a subscriber connection, opened once a subscription needs it. It keeps them alive by
// itself: when either is lost it closes both, reports the outage once (on_lost), and connects
// again with a growing backoff until the node answers (on_ready), for as long as it exists. A
// PING every health interval on the command connection notices a node that no longer answers
// (paused, partitioned). Lives on the link's io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_connection.hpp"
#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

struct RedisLinkOptions;

class LinkNode {
 public:
  struct Events {
    // Both connections (the subscriber only once wanted) are ready; again after every outage,
    // and when the subscriber comes up after being asked for.
    std::function<void(LinkNode& node)> on_ready;
    std::function<void(LinkNode& node, const std::string& reason)> on_lost;
    std::function<void(LinkNode& node, const RedisPush& push)> on_push;
    RedisConnection::CommandTimer on_command;
  };

  // `address` is the node's name in the cluster (host:port as CLUSTER SHARDS gives it);
  // `endpoint` is where to connect for it (the same, or a relay in front of it).
  LinkNode(boost::asio::io_context& io, std::string address, RedisEndpoint endpoint, Events events,
           const RedisLinkOptions& options);
  ~LinkNode();
  LinkNode(const LinkNode&) = delete;
  LinkNode& operator=(const LinkNode&) = delete;

  void open();
  // Fails the commands waiting for it (null replies): before the owner forgets it.
  void abandon();
  const std::string& address() const { return address_; }
  const RedisEndpoint& endpoint() const { return endpoint_; }
  bool commands_ready() const;
  // The command connection answers (and the subscriber, once wanted).
  bool ready() const;
  // It was lost and has not come back yet.
  bool down() const { return down_; }
  // Opens the subscriber connection from now on; on_ready follows once it is up.
  void want_subscriber();
  RedisConnection* subscriber();  // nullptr unless ready()
  // false when the command connection is not ready, or when too many commands wait for their
  // answer.
  bool command(std::span<const std::string_view> args, RedisConnection::ReplyCallback callback);
  // Sends once the command connection is ready (right away when it is); a null reply if the
  // node is lost or abandoned first.
  void command_when_ready(std::vector<std::string> args, RedisConnection::ReplyCallback callback);

 private:
  void connect();
  void on_connection_ready();
  void on_connection_lost(const std::string& reason);
  void schedule_reconnect();
  void check_health();
  void fail_waiting();

  boost::asio::io_context& io_;
  std::string address_;
  RedisEndpoint endpoint_;
  Events events_;
  const RedisLinkOptions& options_;
  std::unique_ptr<RedisConnection> commands_;
  std::unique_ptr<RedisConnection> subscriber_;
  bool wants_subscriber_ = false;
  bool reported_ready_ = false;
  bool down_ = false;
  bool health_running_ = false;
  bool teardown_pending_ = false;
  std::deque<std::pair<std::vector<std::string>, RedisConnection::ReplyCallback>> waiting_;
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer health_timer_;
  std::chrono::milliseconds backoff_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
