// SentinelWatch: finds the primary that Sentinel monitors under a name, and tells when it
// changes. It talks to one sentinel at a time, trying them in turn (short timeouts): SUBSCRIBE
// +switch-master to hear of a failover as soon as the sentinels agree on it, and SENTINEL
// get-master-addr-by-name whenever asked (at start, and by the link after losing the primary).
// The clients' side of redis.io/docs/latest/develop/reference/sentinel-clients/; the ROLE check
// of the primary it names is the link's. Lives on the link's io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_connection.hpp"
#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

struct RedisLinkOptions;

class SentinelWatch {
 public:
  // The primary Sentinel names now (again after every ask, and after each +switch-master).
  using PrimaryHandler = std::function<void(const std::string& host, uint16_t port)>;

  SentinelWatch(boost::asio::io_context& io, std::vector<RedisEndpoint> sentinels,
                std::string master_name, PrimaryHandler on_primary,
                const RedisLinkOptions& options);
  ~SentinelWatch();
  SentinelWatch(const SentinelWatch&) = delete;
  SentinelWatch& operator=(const SentinelWatch&) = delete;

  void start();
  // Asks the current sentinel for the primary (once connected, when it is not yet).
  void ask();
  // The sentinel it talks to now, host:port; empty while none answers.
  std::string current() const;

 private:
  void connect();
  void on_ready();
  void on_lost(const std::string& reason);
  void on_push(const RedisPush& push);

  boost::asio::io_context& io_;
  std::vector<RedisEndpoint> sentinels_;
  std::string master_name_;
  PrimaryHandler on_primary_;
  const RedisLinkOptions& options_;
  size_t next_ = 0;
  size_t current_ = 0;
  bool asked_ = false;
  bool teardown_pending_ = false;
  std::unique_ptr<RedisConnection> commands_;
  std::unique_ptr<RedisConnection> events_;
  boost::asio::steady_timer retry_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
