// LinkNode: one node's command and subscriber connections, reconnected with backoff.
#include "redis/link_node.hpp"

#include <boost/asio/post.hpp>

#include "scaleout/adapter/redis_link.hpp"

namespace scaleout::adapter {

namespace asio = boost::asio;

// Commands that wait for a node still connecting; beyond this they fail at once.
constexpr size_t kMaxWaitingCommands = 10000;

LinkNode::LinkNode(asio::io_context& io, std::string address, RedisEndpoint endpoint, Events events,
                   const RedisLinkOptions& options)
    : io_(io),
      address_(std::move(address)),
      endpoint_(std::move(endpoint)),
      events_(std::move(events)),
      options_(options),
      reconnect_timer_(io),
      health_timer_(io),
      backoff_(options.min_backoff) {}

LinkNode::~LinkNode() {
  *alive_ = false;
  reconnect_timer_.cancel();
  health_timer_.cancel();
  commands_.reset();
  subscriber_.reset();
}

void LinkNode::abandon() {
  fail_waiting();
}

void LinkNode::open() {
  if (!commands_ && !teardown_pending_) connect();
}

bool LinkNode::commands_ready() const {
  return commands_ && commands_->ready();
}

bool LinkNode::ready() const {
  return commands_ready() && (!wants_subscriber_ || (subscriber_ && subscriber_->ready()));
}

RedisConnection* LinkNode::subscriber() {
  return ready() ? subscriber_.get() : nullptr;
}

void LinkNode::want_subscriber() {
  if (wants_subscriber_) return;
  wants_subscriber_ = true;
  reported_ready_ = false;
  // Connected already: open the subscriber alone. Otherwise connect() opens both.
  if (commands_ && !subscriber_ && !teardown_pending_) {
    RedisConnection::Handlers handlers;
    handlers.on_ready = [this] { on_connection_ready(); };
    handlers.on_push = [this](const RedisPush& push) {
      if (events_.on_push) events_.on_push(*this, push);
    };
    handlers.on_lost = [this](const std::string& reason) {
      const bool cut = commands_ && commands_->ready() &&
                       reason.find("Server closed the connection") != std::string::npos;
      on_connection_lost(cut ? "subscriber cut by Redis (client-output-buffer-limit pubsub)"
                             : reason);
    };
    subscriber_ = std::make_unique<RedisConnection>(io_, endpoint_, "subscriber",
                                                    std::move(handlers), options_.connect_timeout);
    subscriber_->open();
  }
}

void LinkNode::connect() {
  RedisConnection::Handlers handlers;
  handlers.on_ready = [this] { on_connection_ready(); };
  handlers.on_lost = [this](const std::string& reason) { on_connection_lost(reason); };
  handlers.on_command = events_.on_command;
  commands_ = std::make_unique<RedisConnection>(io_, endpoint_, "commands", handlers,
                                                options_.connect_timeout);
  commands_->open();
  if (wants_subscriber_) {
    wants_subscriber_ = false;
    want_subscriber();
  }
}

void LinkNode::on_connection_ready() {
  if (!commands_ready()) return;
  if (!health_running_) {
    health_running_ = true;
    check_health();
  }
  auto alive = alive_;
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& [args, callback] : waiting) {
    std::vector<std::string_view> views(args.begin(), args.end());
    if (!command(views, callback) && callback) callback(nullptr);
    if (!*alive) return;
  }
  if (!ready() || reported_ready_) return;
  reported_ready_ = true;
  down_ = false;
  backoff_ = options_.min_backoff;
  events_.on_ready(*this);
}

void LinkNode::on_connection_lost(const std::string& reason) {
  health_timer_.cancel();
  health_running_ = false;
  if (teardown_pending_) return;
  teardown_pending_ = true;
  reported_ready_ = false;
  // Once per outage: the tries to connect again that fail are not news.
  const bool report = !down_;
  down_ = true;
  // The connection that called us is still on the stack: tear down after it returns.
  asio::post(io_, [this, alive = alive_] {
    if (!*alive) return;
    teardown_pending_ = false;
    commands_.reset();
    subscriber_.reset();
    fail_waiting();
    if (!*alive) return;
    schedule_reconnect();
  });
  if (report) events_.on_lost(*this, reason);
}

void LinkNode::fail_waiting() {
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& [args, callback] : waiting) {
    if (callback) callback(nullptr);
  }
}

void LinkNode::schedule_reconnect() {
  reconnect_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  reconnect_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (!error && *alive) connect();
  });
}

void LinkNode::check_health() {
  if (!commands_ready()) {
    health_running_ = false;
    return;
  }
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

bool LinkNode::command(std::span<const std::string_view> args,
                       RedisConnection::ReplyCallback callback) {
  if (!commands_ready() || commands_->pending_count() >= options_.max_pending_commands)
    return false;
  return commands_->command(args, std::move(callback));
}

void LinkNode::command_when_ready(std::vector<std::string> args,
                                  RedisConnection::ReplyCallback callback) {
  if (commands_ready()) {
    std::vector<std::string_view> views(args.begin(), args.end());
    if (!command(views, callback) && callback) callback(nullptr);
    return;
  }
  if (waiting_.size() >= kMaxWaitingCommands) {
    if (callback) callback(nullptr);
    return;
  }
  waiting_.emplace_back(std::move(args), std::move(callback));
}

}  // namespace scaleout::adapter
