// RedisLink: the command + subscriber connection pair, kept alive across Redis outages.
#include "scaleout/adapter/redis_link.hpp"

#include <boost/asio/post.hpp>
#include <stdexcept>
#include <vector>

namespace scaleout::adapter {

namespace asio = boost::asio;

RedisLink::RedisLink(asio::io_context& io, RedisEndpoint endpoint, Events events,
                     RedisLinkOptions options)
    : io_(io),
      endpoint_(std::move(endpoint)),
      events_(std::move(events)),
      options_(options),
      reconnect_timer_(io),
      health_timer_(io),
      backoff_(options.min_backoff) {
  if (!events_.on_status) {
    throw std::invalid_argument("RedisLink needs an on_status handler: outages must be handled");
  }
}

RedisLink::~RedisLink() {
  *alive_ = false;
  stop();
}

void RedisLink::start() {
  if (running_) return;
  running_ = true;
  connect();
}

void RedisLink::stop() {
  running_ = false;
  up_ = false;
  reconnect_timer_.cancel();
  health_timer_.cancel();
  commands_.reset();
  subscriber_.reset();
}

void RedisLink::connect() {
  RedisConnection::Handlers handlers;
  handlers.on_ready = [this] { on_connection_ready(); };
  handlers.on_lost = [this](const std::string& reason) { on_connection_lost(reason); };
  handlers.on_command = events_.on_command;
  commands_ = std::make_unique<RedisConnection>(io_, endpoint_, "commands", handlers,
                                                options_.connect_timeout);
  handlers.on_command = nullptr;
  handlers.on_message = [this](std::string_view pattern, std::string_view channel,
                               std::string_view payload) { on_message(pattern, channel, payload); };
  handlers.on_lost = [this](const std::string& reason) {
    // Redis closes a subscriber that falls behind by more than `client-output-buffer-limit
    // pubsub` (32 MB, or 8 MB for 60 s, by default), and hardly anything else closes one while
    // the command connection is fine: say so (short: it goes into the trace).
    const bool cut = commands_ && commands_->ready() &&
                     reason.find("Server closed the connection") != std::string::npos;
    on_connection_lost(cut ? "subscriber cut by Redis (client-output-buffer-limit pubsub)"
                           : reason);
  };
  subscriber_ = std::make_unique<RedisConnection>(io_, endpoint_, "subscriber", handlers,
                                                  options_.connect_timeout);
  commands_->open();
  subscriber_->open();
}

void RedisLink::on_connection_ready() {
  if (!commands_ || !subscriber_ || !commands_->ready() || !subscriber_->ready()) return;
  std::vector<std::string> channels;
  for (const auto& [channel, handler] : channels_)
    channels.push_back(channel);
  std::vector<std::string> patterns;
  for (const auto& [pattern, handler] : patterns_)
    patterns.push_back(pattern);
  subscriber_->subscribe(channels, /*patterns=*/false);
  subscriber_->subscribe(patterns, /*patterns=*/true);
  up_ = true;
  reported_down_ = false;
  backoff_ = options_.min_backoff;
  events_.on_status(true, "connected to " + endpoint_.url() + ", " +
                              std::to_string(channels.size() + patterns.size()) + " subscriptions");
  check_health();
}

void RedisLink::on_connection_lost(const std::string& reason) {
  if (!running_) return;
  const bool was_up = up_;
  up_ = false;
  health_timer_.cancel();
  if (was_up || !reported_down_) {
    reported_down_ = true;
    if (was_up) ++outages_;
    events_.on_status(false, reason);
  }
  // The connection that called us is still on the stack: tear down after it returns.
  if (teardown_pending_) return;
  teardown_pending_ = true;
  asio::post(io_, [this, alive = alive_] {
    if (!*alive) return;
    teardown_pending_ = false;
    if (!running_) return;
    commands_.reset();
    subscriber_.reset();
    schedule_reconnect();
  });
}

void RedisLink::schedule_reconnect() {
  reconnect_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  reconnect_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (!error && *alive && running_) connect();
  });
}

void RedisLink::check_health() {
  if (!up_ || !commands_) return;
  if (commands_->oldest_pending_age() > options_.unresponsive_after) {
    commands_->close("no answer from redis for " +
                     std::to_string(options_.unresponsive_after.count()) + " ms");
    return;
  }
  std::string_view ping[] = {"PING"};
  commands_->command(ping);
  health_timer_.expires_after(options_.health_interval);
  health_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (!error && *alive) check_health();
  });
}

void RedisLink::on_message(std::string_view pattern, std::string_view channel,
                           std::string_view payload) {
  ++messages_received_;
  bytes_received_ += channel.size() + payload.size();
  if (!pattern.empty()) {
    auto found = patterns_.find(pattern);
    if (found != patterns_.end()) found->second(channel, payload);
    return;
  }
  auto found = channels_.find(channel);
  if (found != channels_.end()) found->second(channel, payload);
}

void RedisLink::subscribe(const std::string& channel, MessageHandler handler) {
  channels_[channel] = std::move(handler);
  if (up_) subscriber_->subscribe(std::span<const std::string>(&channel, 1), false);
}

void RedisLink::psubscribe(const std::string& pattern, MessageHandler handler) {
  patterns_[pattern] = std::move(handler);
  if (up_) subscriber_->subscribe(std::span<const std::string>(&pattern, 1), true);
}

void RedisLink::unsubscribe(const std::string& channel) {
  if (channels_.erase(channel) && up_) {
    subscriber_->unsubscribe(std::span<const std::string>(&channel, 1), false);
  }
}

void RedisLink::punsubscribe(const std::string& pattern) {
  if (patterns_.erase(pattern) && up_) {
    subscriber_->unsubscribe(std::span<const std::string>(&pattern, 1), true);
  }
}

std::vector<std::string> RedisLink::channels() const {
  std::vector<std::string> out;
  for (const auto& [channel, handler] : channels_)
    out.push_back(channel);
  return out;
}

std::vector<std::string> RedisLink::patterns() const {
  std::vector<std::string> out;
  for (const auto& [pattern, handler] : patterns_)
    out.push_back(pattern);
  return out;
}

bool RedisLink::publish(std::string_view channel, std::string_view payload) {
  if (!up_ || commands_->pending_count() >= options_.max_pending_commands) return false;
  std::string_view args[] = {"PUBLISH", channel, payload};
  return commands_->command(args);
}

bool RedisLink::command(std::span<const std::string_view> args,
                        RedisConnection::ReplyCallback callback) {
  if (!up_ || commands_->pending_count() >= options_.max_pending_commands) return false;
  return commands_->command(args, std::move(callback));
}

}  // namespace scaleout::adapter
