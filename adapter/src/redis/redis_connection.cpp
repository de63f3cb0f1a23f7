// RedisConnection: connect, AUTH, PING, commands, subscriptions and pushes on one socket.
#include "scaleout/adapter/redis_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "scaleout/adapter/clock.hpp"

namespace scaleout::adapter {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// One read takes what the socket holds, up to this much: a subscriber that reads little per
// wake-up falls behind a server busy with its clients, and Redis cuts a subscriber that falls
// more than `client-output-buffer-limit pubsub` behind (32 MB by default).
constexpr size_t kReadChunk = 256 * 1024;

std::string describe_reply_error(const redisReply* reply) {
  if (!reply) return "connection lost";
  if (reply->type == REDIS_REPLY_ERROR) return std::string(reply->str, reply->len);
  return {};
}

std::string_view element_text(const redisReply& reply, size_t i) {
  if (i >= reply.elements) return {};
  const redisReply* element = reply.element[i];
  if (element->type != REDIS_REPLY_STRING && element->type != REDIS_REPLY_STATUS) return {};
  return std::string_view(element->str, element->len);
}

struct SubscriptionWords {
  std::string_view subscribe;    // the command, and the first word of its confirmations
  std::string_view unsubscribe;  // the same for leaving
  std::string_view confirm_subscribe;
  std::string_view confirm_unsubscribe;
};

SubscriptionWords words_of(SubscriptionKind kind) {
  switch (kind) {
    case SubscriptionKind::kPattern:
      return {"PSUBSCRIBE", "PUNSUBSCRIBE", "psubscribe", "punsubscribe"};
    case SubscriptionKind::kShard:
      return {"SSUBSCRIBE", "SUNSUBSCRIBE", "ssubscribe", "sunsubscribe"};
    case SubscriptionKind::kChannel:
      break;
  }
  return {"SUBSCRIBE", "UNSUBSCRIBE", "subscribe", "unsubscribe"};
}

}  // namespace

RedisConnection::RedisConnection(asio::io_context& io, RedisEndpoint endpoint, std::string name,
                                 Handlers handlers, std::chrono::milliseconds connect_timeout)
    : io_(io),
      endpoint_(std::move(endpoint)),
      name_(std::move(name)),
      handlers_(std::move(handlers)),
      connect_timeout_(connect_timeout),
      socket_(io),
      resolver_(io),
      connect_timer_(io),
      reader_(redisReaderCreate()) {}

RedisConnection::~RedisConnection() {
  close("closed", /*quietly=*/true);
  *alive_ = false;
}

std::chrono::nanoseconds RedisConnection::oldest_pending_age() const {
  if (pending_.empty()) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(monotonic_ns() - pending_.front().sent_ns);
}

void RedisConnection::open() {
  if (state_ != State::kIdle) return;
  state_ = State::kConnecting;
  if (!reader_) {
    asio::post(io_, [this, alive = alive_] {
      if (*alive) end("cannot connect: out of memory");
    });
    return;
  }
  connect_timer_.expires_after(connect_timeout_);
  connect_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (!error && *alive && state_ == State::kConnecting)
      close("no answer within " + std::to_string(connect_timeout_.count()) + " ms");
  });
  boost::system::error_code error;
  const auto address = asio::ip::make_address(endpoint_.host, error);
  if (!error) {
    socket_.async_connect(tcp::endpoint(address, endpoint_.port),
                          [this, alive = alive_](boost::system::error_code error) {
                            if (!*alive || state_ != State::kConnecting) return;
                            if (error) {
                              end("cannot connect: " + error.message());
                              return;
                            }
                            on_connected();
                          });
    return;
  }
  resolver_.async_resolve(
      endpoint_.host, std::to_string(endpoint_.port),
      [this, alive = alive_](boost::system::error_code error, tcp::resolver::results_type found) {
        if (!*alive || state_ != State::kConnecting) return;
        if (error) {
          end("cannot resolve " + endpoint_.host + ": " + error.message());
          return;
        }
        asio::async_connect(socket_, found,
                            [this, alive](boost::system::error_code error, const tcp::endpoint&) {
                              if (!*alive || state_ != State::kConnecting) return;
                              if (error) {
                                end("cannot connect: " + error.message());
                                return;
                              }
                              on_connected();
                            });
      });
}

void RedisConnection::on_connected() {
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  read_buffer_.resize(kReadChunk);
  read();
  handshake();
}

void RedisConnection::handshake() {
  if (!endpoint_.password.empty()) {
    std::vector<std::string_view> auth = {"AUTH"};
    if (!endpoint_.user.empty()) auth.push_back(endpoint_.user);
    auth.push_back(endpoint_.password);
    send(auth, Pending{monotonic_ns(), "AUTH", [this](const redisReply* reply) {
                         // A null reply means the connection is going down: end() reports it.
                         if (!reply || state_ != State::kConnecting) return;
                         if (std::string error = describe_reply_error(reply); !error.empty())
                           close("authentication failed: " + error);
                       }});
  }
  std::string_view ping[] = {"PING"};
  send(ping, Pending{monotonic_ns(), "PING", [this](const redisReply* reply) {
                       if (!reply || state_ != State::kConnecting) return;
                       if (std::string error = describe_reply_error(reply); !error.empty()) {
                         close("not ready: " + error);
                         return;
                       }
                       state_ = State::kReady;
                       connect_timer_.cancel();
                       if (handlers_.on_ready) handlers_.on_ready();
                     }});
}

bool RedisConnection::command(std::span<const std::string_view> args, ReplyCallback callback) {
  if (state_ != State::kReady || args.empty()) return false;
  return send(args, Pending{monotonic_ns(), args.front(), std::move(callback)});
}

bool RedisConnection::subscribe(SubscriptionKind kind, std::span<const std::string> names,
                                ReplyCallback done) {
  if (state_ != State::kReady || names.empty()) return false;
  const SubscriptionWords words = words_of(kind);
  std::vector<std::string_view> args = {words.subscribe};
  args.insert(args.end(), names.begin(), names.end());
  subscribed_ = true;
  return send(args, Pending{monotonic_ns(), words.subscribe, std::move(done), names.size(),
                            words.confirm_subscribe});
}

bool RedisConnection::unsubscribe(SubscriptionKind kind, std::span<const std::string> names) {
  if (state_ != State::kReady || names.empty()) return false;
  const SubscriptionWords words = words_of(kind);
  std::vector<std::string_view> args = {words.unsubscribe};
  args.insert(args.end(), names.begin(), names.end());
  return send(
      args,
      Pending{monotonic_ns(), words.unsubscribe, {}, names.size(), words.confirm_unsubscribe});
}

bool RedisConnection::monitor(ReplyCallback done) {
  std::string_view args[] = {"MONITOR"};
  if (state_ != State::kReady) return false;
  return send(args, Pending{monotonic_ns(), "MONITOR",
                            [this, done = std::move(done)](const redisReply* reply) {
                              if (reply && reply->type != REDIS_REPLY_ERROR) monitoring_ = true;
                              if (done) done(reply);
                            }});
}

bool RedisConnection::send(std::span<const std::string_view> args, Pending pending) {
  if (state_ != State::kConnecting && state_ != State::kReady) return false;
  constexpr size_t kInline = 8;
  const char* argv_inline[kInline];
  size_t lengths_inline[kInline];
  std::vector<const char*> argv_heap;
  std::vector<size_t> lengths_heap;
  const char** argv = argv_inline;
  size_t* lengths = lengths_inline;
  if (args.size() > kInline) {
    argv_heap.resize(args.size());
    lengths_heap.resize(args.size());
    argv = argv_heap.data();
    lengths = lengths_heap.data();
  }
  for (size_t i = 0; i < args.size(); ++i) {
    argv[i] = args[i].data();
    lengths[i] = args[i].size();
  }
  char* formatted = nullptr;
  const int length =
      redisFormatCommandArgv(&formatted, static_cast<int>(args.size()), argv, lengths);
  if (length < 0 || !formatted) return false;
  outbox_.append(formatted, static_cast<size_t>(length));
  redisFreeCommand(formatted);
  pending_.push_back(std::move(pending));
  flush();
  return true;
}

void RedisConnection::flush() {
  if (write_in_flight_ || outbox_.empty()) return;
  // Commands sent while a write is in flight gather in the outbox and leave together.
  writing_.swap(outbox_);
  outbox_.clear();
  write_in_flight_ = true;
  asio::async_write(socket_, asio::buffer(writing_),
                    [this, alive = alive_](boost::system::error_code error, size_t) {
                      if (!*alive) return;
                      write_in_flight_ = false;
                      writing_.clear();
                      if (state_ == State::kClosed) return;
                      if (error) {
                        end("connection lost: " + error.message());
                        return;
                      }
                      flush();
                    });
}

void RedisConnection::read() {
  socket_.async_read_some(
      asio::buffer(read_buffer_),
      [this, alive = alive_](boost::system::error_code error, size_t n) {
        if (!*alive || state_ == State::kClosed) return;
        if (error) {
          end(error == asio::error::eof ? "Server closed the connection"
                                        : "connection lost: " + error.message());
          return;
        }
        if (redisReaderFeed(reader_.get(), read_buffer_.data(), n) != REDIS_OK) {
          end(std::string("protocol error: ") + reader_->errstr);
          return;
        }
        for (;;) {
          void* reply = nullptr;
          if (redisReaderGetReply(reader_.get(), &reply) != REDIS_OK) {
            end(std::string("protocol error: ") + reader_->errstr);
            return;
          }
          if (!reply) break;
          if (!dispatch(ReplyPointer(static_cast<redisReply*>(reply)))) return;
        }
        read();
      });
}

bool RedisConnection::dispatch(ReplyPointer reply) {
  auto alive = alive_;
  if (monitoring_ && reply->type == REDIS_REPLY_STATUS) {
    if (handlers_.on_push && !quiet_) {
      RedisPush push;
      push.kind = RedisPush::Kind::kMonitor;
      push.channel = std::string_view(reply->str, reply->len);
      handlers_.on_push(push);
    }
    return *alive && state_ != State::kClosed;
  }
  if (subscribed_ && reply->type == REDIS_REPLY_ARRAY && dispatch_push(*reply)) {
    return *alive && state_ != State::kClosed;
  }
  answer(reply.get());
  return *alive && state_ != State::kClosed;
}

// A message, a confirmation of ours, or Redis unsubscribing us by itself. false for anything
// else (a PING's ["pong", ""] in subscribed mode is an answer).
bool RedisConnection::dispatch_push(const redisReply& reply) {
  const std::string_view kind = element_text(reply, 0);
  RedisPush push;
  if (kind == "message" || kind == "smessage") {
    if (reply.elements < 3) return true;
    push.subscription = kind == "message" ? SubscriptionKind::kChannel : SubscriptionKind::kShard;
    push.channel = element_text(reply, 1);
    push.payload = element_text(reply, 2);
  } else if (kind == "pmessage") {
    if (reply.elements < 4) return true;
    push.subscription = SubscriptionKind::kPattern;
    push.pattern = element_text(reply, 1);
    push.channel = element_text(reply, 2);
    push.payload = element_text(reply, 3);
  } else if (kind == "subscribe" || kind == "psubscribe" || kind == "ssubscribe" ||
             kind == "unsubscribe" || kind == "punsubscribe" || kind == "sunsubscribe") {
    if (!pending_.empty() && pending_.front().confirming == kind) {
      if (--pending_.front().confirmations == 0) answer(&reply);
      return true;
    }
    // Not ours: Redis dropped the subscription itself (a sharded one whose slot left the node).
    push.kind = RedisPush::Kind::kUnsubscribed;
    push.subscription = kind == "sunsubscribe"   ? SubscriptionKind::kShard
                        : kind == "punsubscribe" ? SubscriptionKind::kPattern
                                                 : SubscriptionKind::kChannel;
    push.channel = element_text(reply, 1);
  } else {
    return false;
  }
  if (handlers_.on_push && !quiet_) handlers_.on_push(push);
  return true;
}

void RedisConnection::answer(const redisReply* reply) {
  if (pending_.empty()) return;
  Pending done = std::move(pending_.front());
  pending_.pop_front();
  if (quiet_) return;
  if (reply && handlers_.on_command) {
    handlers_.on_command(done.command, monotonic_ns() - done.sent_ns);
  }
  if (done.callback) done.callback(reply);
}

void RedisConnection::close(const std::string& reason, bool quietly) {
  quiet_ = quiet_ || quietly;
  end(reason);
}

void RedisConnection::end(const std::string& reason) {
  if (state_ == State::kClosed) return;
  const bool was_open = state_ != State::kIdle;
  state_ = State::kClosed;
  connect_timer_.cancel();
  resolver_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  outbox_.clear();
  std::deque<Pending> waiting = std::move(pending_);
  pending_.clear();
  if (quiet_) return;
  // Callbacks may close or destroy this connection's owner, and with it this connection.
  auto alive = alive_;
  for (auto& pending : waiting) {
    if (pending.callback) pending.callback(nullptr);
    if (!*alive) return;
  }
  if (was_open && handlers_.on_lost) handlers_.on_lost(name_ + ": " + reason);
}

}  // namespace scaleout::adapter
