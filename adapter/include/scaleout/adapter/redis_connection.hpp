// RedisConnection: one hiredis asynchronous connection on an Asio io_context. open() connects
// (with a timeout), logs in (AUTH) and checks that the server answers (PING) before it calls
// on_ready; any failure after that ends the connection and calls on_lost once. Commands are
// binary-safe (argv with lengths). Replies come back in order, so each command's callback and
// send time wait in a FIFO: that gives every command its latency for the trace.
#pragma once

#include <hiredis/async.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

class RedisConnection {
 public:
  // reply is nullptr when the connection was lost before the answer came.
  using ReplyCallback = std::function<void(const redisReply* reply)>;
  // A pub/sub message: pattern is empty for a plain SUBSCRIBE message.
  using MessageHandler = std::function<void(std::string_view pattern, std::string_view channel,
                                            std::string_view payload)>;
  using CommandTimer = std::function<void(std::string_view command, int64_t latency_ns)>;

  struct Handlers {
    std::function<void()> on_ready;
    std::function<void(const std::string& reason)> on_lost;
    MessageHandler on_message;  // for a subscriber connection
    CommandTimer on_command;    // told each command's round trip
  };

  RedisConnection(boost::asio::io_context& io, RedisEndpoint endpoint, std::string name,
                  Handlers handlers, std::chrono::milliseconds connect_timeout);
  // Closes without calling on_lost.
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  void open();
  bool ready() const { return state_ == State::kReady; }
  size_t pending_count() const { return pending_.size(); }
  // Oldest unanswered command's age; zero when none is waiting.
  std::chrono::nanoseconds oldest_pending_age() const;

  // Sends a command; false when the connection is not ready. `callback` may be empty.
  bool command(std::span<const std::string_view> args, ReplyCallback callback = {});
  // (P)SUBSCRIBE: the messages go to handlers.on_message.
  bool subscribe(std::span<const std::string> channels, bool patterns);
  bool unsubscribe(std::span<const std::string> channels, bool patterns);
  // Closes now; on_lost is called with `reason` unless `quietly`.
  void close(const std::string& reason, bool quietly = false);

 private:
  enum class State { kIdle, kConnecting, kReady, kClosed };
  struct Pending {
    int64_t sent_ns;
    std::string_view command;  // static text: "PUBLISH", "PING", ...
    ReplyCallback callback;
  };

  static void on_connect(const redisAsyncContext* context, int status);
  static void on_disconnect(const redisAsyncContext* context, int status);
  static void on_reply(redisAsyncContext* context, void* reply, void* privdata);
  // Sends (P)SUBSCRIBE or (P)UNSUBSCRIBE with the channels as binary-safe arguments.
  bool send_subscription(std::string_view command, std::span<const std::string> channels);
  static void on_subscription(redisAsyncContext* context, void* reply, void* privdata);
  bool send(std::span<const std::string_view> args, std::string_view command,
            ReplyCallback callback);
  void handshake();
  void lost(const std::string& reason);

  boost::asio::io_context& io_;
  RedisEndpoint endpoint_;
  std::string name_;
  Handlers handlers_;
  std::chrono::milliseconds connect_timeout_;
  boost::asio::steady_timer connect_timer_;
  // False once destroyed: a handler already queued (a timer that expired just before the
  // connection was torn down, a posted report) must not touch it then.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  redisAsyncContext* context_ = nullptr;
  State state_ = State::kIdle;
  bool quiet_ = false;
  std::deque<Pending> pending_;
};

}  // namespace scaleout::adapter
