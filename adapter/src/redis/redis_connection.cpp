// RedisConnection: connect, AUTH, PING, commands and pub/sub on one hiredis context.
#include "scaleout/adapter/redis_connection.hpp"

#include <boost/asio/post.hpp>
#include <vector>

#include "redis/hiredis_asio.hpp"
#include "scaleout/adapter/clock.hpp"

namespace scaleout::adapter {

namespace asio = boost::asio;

namespace {

std::string describe_reply_error(const redisReply* reply) {
  if (!reply) return "connection lost";
  if (reply->type == REDIS_REPLY_ERROR) return std::string(reply->str, reply->len);
  return {};
}

}  // namespace

RedisConnection::RedisConnection(asio::io_context& io, RedisEndpoint endpoint, std::string name,
                                 Handlers handlers, std::chrono::milliseconds connect_timeout)
    : io_(io),
      endpoint_(std::move(endpoint)),
      name_(std::move(name)),
      handlers_(std::move(handlers)),
      connect_timeout_(connect_timeout),
      connect_timer_(io) {}

RedisConnection::~RedisConnection() {
  *alive_ = false;
  close("closed", /*quietly=*/true);
}

std::chrono::nanoseconds RedisConnection::oldest_pending_age() const {
  if (pending_.empty()) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(monotonic_ns() - pending_.front().sent_ns);
}

void RedisConnection::open() {
  if (state_ != State::kIdle) return;
  state_ = State::kConnecting;
  context_ = redisAsyncConnect(endpoint_.host.c_str(), endpoint_.port);
  if (!context_ || context_->err) {
    std::string reason = context_ ? context_->errstr : "out of memory";
    if (context_) redisAsyncFree(context_);
    context_ = nullptr;
    // Reported from the loop, not from inside open().
    asio::post(io_, [this, alive = alive_, reason] {
      if (*alive) lost("cannot connect: " + reason);
    });
    return;
  }
  context_->data = this;
  attach_to_asio(context_, io_);
  redisAsyncSetConnectCallback(context_, &RedisConnection::on_connect);
  redisAsyncSetDisconnectCallback(context_, &RedisConnection::on_disconnect);
  connect_timer_.expires_after(connect_timeout_);
  connect_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (!error && *alive && state_ == State::kConnecting)
      close("no answer within " + std::to_string(connect_timeout_.count()) + " ms");
  });
}

void RedisConnection::on_connect(const redisAsyncContext* context, int status) {
  auto* self = static_cast<RedisConnection*>(context->data);
  if (!self) return;
  if (status != REDIS_OK) {
    // hiredis frees the context after this callback; on_disconnect is not called.
    self->context_ = nullptr;
    self->lost(std::string("cannot connect: ") + (context->errstr ? context->errstr : "error"));
    return;
  }
  self->handshake();
}

void RedisConnection::handshake() {
  if (!endpoint_.password.empty()) {
    std::vector<std::string_view> auth = {"AUTH"};
    if (!endpoint_.user.empty()) auth.push_back(endpoint_.user);
    auth.push_back(endpoint_.password);
    send(auth, "AUTH", [this](const redisReply* reply) {
      // A null reply means the connection is going down: on_disconnect reports it.
      if (!reply || state_ != State::kConnecting) return;
      if (std::string error = describe_reply_error(reply); !error.empty()) {
        close("authentication failed: " + error);
      }
    });
  }
  std::string_view ping[] = {"PING"};
  send(ping, "PING", [this](const redisReply* reply) {
    if (!reply || state_ != State::kConnecting) return;
    if (std::string error = describe_reply_error(reply); !error.empty()) {
      close("not ready: " + error);
      return;
    }
    state_ = State::kReady;
    connect_timer_.cancel();
    if (handlers_.on_ready) handlers_.on_ready();
  });
}

void RedisConnection::on_disconnect(const redisAsyncContext* context, int status) {
  auto* self = static_cast<RedisConnection*>(context->data);
  if (!self) return;
  self->context_ = nullptr;  // hiredis frees it after this callback
  self->lost(status == REDIS_OK ? "disconnected"
                                : std::string("connection lost: ") +
                                      (context->errstr ? context->errstr : "error"));
}

bool RedisConnection::command(std::span<const std::string_view> args, ReplyCallback callback) {
  if (state_ != State::kReady) return false;
  return send(args, args.empty() ? std::string_view() : args.front(), std::move(callback));
}

bool RedisConnection::send(std::span<const std::string_view> args, std::string_view command,
                           ReplyCallback callback) {
  if (!context_) return false;
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
  if (redisAsyncCommandArgv(context_, &RedisConnection::on_reply, this,
                            static_cast<int>(args.size()), argv, lengths) != REDIS_OK) {
    return false;
  }
  pending_.push_back(Pending{monotonic_ns(), command, std::move(callback)});
  return true;
}

void RedisConnection::on_reply(redisAsyncContext* context, void* reply, void* privdata) {
  auto* self = static_cast<RedisConnection*>(privdata);
  if (self->pending_.empty()) return;
  Pending done = std::move(self->pending_.front());
  self->pending_.pop_front();
  const auto* answer = static_cast<const redisReply*>(reply);
  if (answer && self->handlers_.on_command && !self->quiet_) {
    self->handlers_.on_command(done.command, monotonic_ns() - done.sent_ns);
  }
  if (done.callback && !self->quiet_) done.callback(answer);
}

bool RedisConnection::subscribe(std::span<const std::string> channels, bool patterns) {
  return send_subscription(patterns ? "PSUBSCRIBE" : "SUBSCRIBE", channels);
}

bool RedisConnection::unsubscribe(std::span<const std::string> channels, bool patterns) {
  return send_subscription(patterns ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", channels);
}

bool RedisConnection::send_subscription(std::string_view command,
                                        std::span<const std::string> channels) {
  if (state_ != State::kReady || channels.empty()) return false;
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.push_back(command.data());
  lengths.push_back(command.size());
  for (const auto& channel : channels) {
    argv.push_back(channel.data());
    lengths.push_back(channel.size());
  }
  return redisAsyncCommandArgv(context_, &RedisConnection::on_subscription, this,
                               static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) == REDIS_OK;
}

void RedisConnection::on_subscription(redisAsyncContext* context, void* reply, void* privdata) {
  auto* self = static_cast<RedisConnection*>(privdata);
  const auto* message = static_cast<const redisReply*>(reply);
  if (!message || self->quiet_ || !self->handlers_.on_message) return;
  if (message->type != REDIS_REPLY_ARRAY || message->elements < 3) return;
  auto text = [&](size_t i) -> std::string_view {
    const redisReply* element = message->element[i];
    if (element->type != REDIS_REPLY_STRING) return {};
    return std::string_view(element->str, element->len);
  };
  std::string_view kind = text(0);
  if (kind == "message") {
    self->handlers_.on_message({}, text(1), text(2));
  } else if (kind == "pmessage" && message->elements >= 4) {
    self->handlers_.on_message(text(1), text(2), text(3));
  }
}

void RedisConnection::close(const std::string& reason, bool quietly) {
  if (state_ == State::kClosed) return;
  const bool was_open = state_ != State::kIdle;
  state_ = State::kClosed;
  quiet_ = quiet_ || quietly;
  connect_timer_.cancel();
  if (context_) {
    redisAsyncContext* context = context_;
    context_ = nullptr;
    context->data = nullptr;  // on_connect/on_disconnect no longer reach us...
    redisAsyncFree(context);  // ...but the reply FIFO is drained here, with null replies
  }
  pending_.clear();
  if (was_open && !quiet_ && handlers_.on_lost) handlers_.on_lost(name_ + ": " + reason);
}

void RedisConnection::lost(const std::string& reason) {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  connect_timer_.cancel();
  pending_.clear();
  if (!quiet_ && handlers_.on_lost) handlers_.on_lost(name_ + ": " + reason);
}

}  // namespace scaleout::adapter
