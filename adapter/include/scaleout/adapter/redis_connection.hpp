// RedisConnection: one connection to one Redis node on an Asio io_context: our own TCP socket,
// with hiredis used as the RESP codec only (redisFormatCommandArgv to write a command,
// redisReader to parse replies). hiredis 0.14's asynchronous API knows only (P)SUBSCRIBE's
// replies and aborts on an SSUBSCRIBE push (shared/redis-cluster-facts.md section 2); reading the
// socket ourselves lets one connection carry commands, classic and sharded subscriptions, the
// pushes Redis sends unasked (a `sunsubscribe` when a node stops serving a slot) and MONITOR.
//
// open() connects (with a timeout), logs in (AUTH) and checks that the node answers (PING)
// before it calls on_ready; any failure after that ends the connection and calls on_lost once,
// after every waiting callback got a null reply. Commands are binary-safe (argv with lengths).
// Replies come back in order, so each command's callback and send time wait in a FIFO: that gives
// every command its latency for the trace. A subscription command waits there for one
// confirmation per name (or one error: MOVED, CROSSSLOT); pushes go to on_push.
#pragma once

#include <hiredis/hiredis.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

// The three kinds of pub/sub subscription: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE (Redis 7, routed
// by the channel's slot on a cluster).
enum class SubscriptionKind { kChannel, kPattern, kShard };

// What Redis sent without being asked.
struct RedisPush {
  enum class Kind {
    kMessage,       // a message on a channel, a pattern or a shard channel
    kUnsubscribed,  // Redis dropped a subscription by itself (a sharded one when its slot moved)
    kMonitor,       // a line of MONITOR output
  };
  Kind kind = Kind::kMessage;
  SubscriptionKind subscription = SubscriptionKind::kChannel;
  std::string_view pattern;  // the matching pattern of a pattern message
  std::string_view channel;  // the MONITOR line for kMonitor
  std::string_view payload;
};

class RedisConnection {
 public:
  // reply is nullptr when the connection was lost before the answer came.
  using ReplyCallback = std::function<void(const redisReply* reply)>;
  using PushHandler = std::function<void(const RedisPush& push)>;
  using CommandTimer = std::function<void(std::string_view command, int64_t latency_ns)>;

  struct Handlers {
    std::function<void()> on_ready;
    std::function<void(const std::string& reason)> on_lost;
    PushHandler on_push;      // for a subscriber or monitor connection
    CommandTimer on_command;  // told each command's round trip
  };

  RedisConnection(boost::asio::io_context& io, RedisEndpoint endpoint, std::string name,
                  Handlers handlers, std::chrono::milliseconds connect_timeout);
  // Closes without calling on_lost or any callback.
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  void open();
  bool ready() const { return state_ == State::kReady; }
  const RedisEndpoint& endpoint() const { return endpoint_; }
  size_t pending_count() const { return pending_.size(); }
  // Oldest unanswered command's age; zero when none is waiting.
  std::chrono::nanoseconds oldest_pending_age() const;

  // Sends a command; false when the connection is not ready. `callback` may be empty.
  bool command(std::span<const std::string_view> args, ReplyCallback callback = {});
  // (P|S)SUBSCRIBE: `done` gets the last confirmation, or the error reply, or nullptr when the
  // connection went first. Messages go to handlers.on_push.
  bool subscribe(SubscriptionKind kind, std::span<const std::string> names,
                 ReplyCallback done = {});
  bool unsubscribe(SubscriptionKind kind, std::span<const std::string> names);
  // MONITOR: from its +OK on, every line Redis sends is a kMonitor push.
  bool monitor(ReplyCallback done = {});
  // Closes now; on_lost is called with `reason` unless `quietly`.
  void close(const std::string& reason, bool quietly = false);

 private:
  enum class State { kIdle, kConnecting, kReady, kClosed };
  // Every member has an initializer: the senders name only the ones they set.
  struct Pending {
    int64_t sent_ns = 0;
    std::string_view command{};  // static text: "PUBLISH", "PING", ...
    ReplyCallback callback{};
    size_t confirmations = 0;       // a subscription command: confirmations still to come
    std::string_view confirming{};  // their first element: "subscribe", "ssubscribe", ...
  };
  struct ReplyDeleter {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
  };
  using ReplyPointer = std::unique_ptr<redisReply, ReplyDeleter>;
  struct ReaderDeleter {
    void operator()(redisReader* reader) const { redisReaderFree(reader); }
  };

  void on_connected();
  void handshake();
  bool send(std::span<const std::string_view> args, Pending pending);
  void flush();
  void read();
  // false when the connection ended while handling it.
  bool dispatch(ReplyPointer reply);
  bool dispatch_push(const redisReply& reply);
  void answer(const redisReply* reply);
  void end(const std::string& reason);

  boost::asio::io_context& io_;
  RedisEndpoint endpoint_;
  std::string name_;
  Handlers handlers_;
  std::chrono::milliseconds connect_timeout_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer connect_timer_;
  std::unique_ptr<redisReader, ReaderDeleter> reader_;
  std::vector<char> read_buffer_;
  std::string outbox_;   // formatted commands not yet handed to the socket
  std::string writing_;  // the bytes of the write in flight
  bool write_in_flight_ = false;
  // False once destroyed or closed: a handler already queued (a timer that expired just before
  // the connection was torn down, a read that completed) must not touch it then.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  State state_ = State::kIdle;
  bool quiet_ = false;
  bool subscribed_ = false;  // replies may be pushes from now on
  bool monitoring_ = false;  // every reply is a MONITOR line from now on
  std::deque<Pending> pending_;
};

}  // namespace scaleout::adapter
