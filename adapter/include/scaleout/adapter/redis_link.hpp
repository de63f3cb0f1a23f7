// RedisLink: one server's link to the broker, as the Redis adapter needs it: a command connection
// (PUBLISH, PUBSUB NUMSUB, PING) and a subscriber connection, both on the server's io_context.
// It keeps them alive: when Redis goes away (killed, restarted, paused, unreachable) it reports
// the outage once through on_status, reconnects with a short backoff, and subscribes again to
// every channel and pattern it was subscribed to, then reports that it is back. A PING every
// second on the command connection notices a Redis that no longer answers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_connection.hpp"
#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

struct RedisLinkOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds health_interval{1000};
  std::chrono::milliseconds unresponsive_after{3000};
  std::chrono::milliseconds min_backoff{50};
  std::chrono::milliseconds max_backoff{500};
  // Unanswered commands beyond this are refused rather than queued without bound.
  size_t max_pending_commands = 200000;
};

class RedisLink {
 public:
  using MessageHandler = std::function<void(std::string_view channel, std::string_view payload)>;

  struct Events {
    // Required: the owner must hear about outages. up=false carries the reason.
    std::function<void(bool up, const std::string& reason)> on_status;
    // Optional: each command's round trip.
    RedisConnection::CommandTimer on_command;
  };

  // Throws std::invalid_argument when events.on_status is empty.
  RedisLink(boost::asio::io_context& io, RedisEndpoint endpoint, Events events,
            RedisLinkOptions options = {});
  ~RedisLink();
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  void start();
  void stop();
  bool up() const { return up_; }
  const RedisEndpoint& endpoint() const { return endpoint_; }
  boost::asio::io_context& io() { return io_; }
  uint64_t outages() const { return outages_; }
  // Every message Redis pushed on the subscriber connection, whether or not anybody here wanted
  // it (a room with no member here still arrives: redis-adapter #510), and its bytes (channel
  // and payload).
  uint64_t messages_received() const { return messages_received_; }
  uint64_t bytes_received() const { return bytes_received_; }

  // Subscriptions are remembered and made again after every reconnect.
  void subscribe(const std::string& channel, MessageHandler handler);
  void psubscribe(const std::string& pattern, MessageHandler handler);
  void unsubscribe(const std::string& channel);
  void punsubscribe(const std::string& pattern);

  // What this link subscribes to (channels, then patterns), whether or not it is up now.
  std::vector<std::string> channels() const;
  std::vector<std::string> patterns() const;

  // false when the link is down or saturated: the message is not sent.
  bool publish(std::string_view channel, std::string_view payload);
  bool command(std::span<const std::string_view> args, RedisConnection::ReplyCallback callback);

 private:
  void connect();
  void on_connection_ready();
  void on_connection_lost(const std::string& reason);
  void on_message(std::string_view pattern, std::string_view channel, std::string_view payload);
  void check_health();
  void schedule_reconnect();

  boost::asio::io_context& io_;
  RedisEndpoint endpoint_;
  Events events_;
  RedisLinkOptions options_;
  std::unique_ptr<RedisConnection> commands_;
  std::unique_ptr<RedisConnection> subscriber_;
  std::map<std::string, MessageHandler, std::less<>> channels_;
  std::map<std::string, MessageHandler, std::less<>> patterns_;
  boost::asio::steady_timer reconnect_timer_;
  boost::asio::steady_timer health_timer_;
  std::chrono::milliseconds backoff_;
  bool running_ = false;
  bool up_ = false;
  bool reported_down_ = false;
  bool teardown_pending_ = false;
  uint64_t outages_ = 0;
  uint64_t messages_received_ = 0;
  uint64_t bytes_received_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
