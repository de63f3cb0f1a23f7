// SentinelWatch: one sentinel at a time, its +switch-master events and its answer for the name.
#include "redis/sentinel_watch.hpp"

#include <boost/asio/post.hpp>
#include <charconv>
#include <sstream>

#include "scaleout/adapter/redis_link.hpp"

namespace scaleout::adapter {

namespace asio = boost::asio;

namespace {

constexpr const char* kSwitchMaster = "+switch-master";

std::optional<uint16_t> port_of(std::string_view text) {
  unsigned port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(port);
}

}  // namespace

SentinelWatch::SentinelWatch(asio::io_context& io, std::vector<RedisEndpoint> sentinels,
                             std::string master_name, PrimaryHandler on_primary,
                             const RedisLinkOptions& options)
    : io_(io),
      sentinels_(std::move(sentinels)),
      master_name_(std::move(master_name)),
      on_primary_(std::move(on_primary)),
      options_(options),
      retry_timer_(io) {}

SentinelWatch::~SentinelWatch() {
  *alive_ = false;
}

void SentinelWatch::start() {
  asked_ = true;
  connect();
}

std::string SentinelWatch::current() const {
  if (!commands_ || !commands_->ready()) return {};
  const RedisEndpoint& sentinel = sentinels_[current_];
  return sentinel.host + ":" + std::to_string(sentinel.port);
}

void SentinelWatch::connect() {
  if (sentinels_.empty()) return;
  current_ = next_++ % sentinels_.size();
  RedisConnection::Handlers handlers;
  handlers.on_ready = [this] { on_ready(); };
  handlers.on_lost = [this](const std::string& reason) { on_lost(reason); };
  // A sentinel answers at once or not at all: a short timeout moves on to the next one.
  const auto timeout = std::min(options_.connect_timeout, std::chrono::milliseconds(500));
  commands_ =
      std::make_unique<RedisConnection>(io_, sentinels_[current_], "sentinel", handlers, timeout);
  handlers.on_push = [this](const RedisPush& push) { on_push(push); };
  events_ = std::make_unique<RedisConnection>(io_, sentinels_[current_], "sentinel events",
                                              handlers, timeout);
  commands_->open();
  events_->open();
}

void SentinelWatch::on_ready() {
  if (!commands_ || !events_ || !commands_->ready() || !events_->ready()) return;
  const std::string channel = kSwitchMaster;
  events_->subscribe(SubscriptionKind::kChannel, std::span<const std::string>(&channel, 1));
  if (asked_) ask();
}

void SentinelWatch::ask() {
  asked_ = true;
  if (!commands_ || !commands_->ready()) return;
  std::string_view args[] = {"SENTINEL", "get-master-addr-by-name", master_name_};
  commands_->command(args, [this, alive = alive_](const redisReply* reply) {
    if (!*alive || !reply) return;
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[0]->type != REDIS_REPLY_STRING ||
        reply->element[1]->type != REDIS_REPLY_STRING) {
      // This sentinel does not know the name (yet): try the next one.
      commands_->close("does not know " + master_name_);
      return;
    }
    auto port = port_of(std::string_view(reply->element[1]->str, reply->element[1]->len));
    if (!port) return;
    asked_ = false;
    on_primary_(std::string(reply->element[0]->str, reply->element[0]->len), *port);
  });
}

void SentinelWatch::on_push(const RedisPush& push) {
  if (push.kind != RedisPush::Kind::kMessage || push.channel != kSwitchMaster) return;
  // "<name> <old-ip> <old-port> <new-ip> <new-port>"
  std::istringstream words{std::string(push.payload)};
  std::string name, old_host, old_port, new_host, new_port;
  if (!(words >> name >> old_host >> old_port >> new_host >> new_port)) return;
  if (name != master_name_) return;
  if (auto port = port_of(new_port)) on_primary_(new_host, *port);
}

void SentinelWatch::on_lost(const std::string&) {
  if (teardown_pending_) return;
  teardown_pending_ = true;
  asio::post(io_, [this, alive = alive_] {
    if (!*alive) return;
    teardown_pending_ = false;
    commands_.reset();
    events_.reset();
    retry_timer_.expires_after(options_.min_backoff);
    retry_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
      if (!error && *alive) connect();
    });
  });
}

}  // namespace scaleout::adapter
