// ShardedRedisAdapter: shard channels, the subscription modes and computeChannel.
#include "scaleout/adapter/sharded_redis_adapter.hpp"

namespace scaleout::adapter {

using protocol::ClusterMessage;
using protocol::ClusterMessageType;

namespace {

// Node's looksLikeASocketId: base64id gives 20 characters (so do our socket ids). A one-room
// broadcast to such a room goes on the namespace channel in "dynamic" mode, where nobody
// subscribes to a socket's own channel (redis-adapter #524).
bool looks_like_a_socket_id(const Room& room) {
  return room.size() == 20;
}

}  // namespace

const char* to_string(SubscriptionMode mode) {
  switch (mode) {
    case SubscriptionMode::kStatic:
      return "static";
    case SubscriptionMode::kDynamicPrivate:
      return "dynamic-private";
    case SubscriptionMode::kDynamic:
      break;
  }
  return "dynamic";
}

std::optional<SubscriptionMode> parse_subscription_mode(std::string_view text) {
  for (auto mode :
       {SubscriptionMode::kStatic, SubscriptionMode::kDynamic, SubscriptionMode::kDynamicPrivate}) {
    if (text == to_string(mode)) return mode;
  }
  return std::nullopt;
}

ShardedRedisAdapter::ShardedRedisAdapter(NamespacePort& nsp, RedisLink& link,
                                         AdapterObserver& observer, ShardedAdapterOptions options)
    : ClusterAdapter(nsp, link.io(), observer, options.requests_timeout),
      link_(link),
      options_(std::move(options)),
      channel_(options_.channel_prefix + "#" + nsp.name() + "#"),
      response_channel_(channel_ + uid() + "#") {
  link_.ssubscribe(channel_, [this](std::string_view channel, std::string_view payload) {
    on_raw_message(channel, payload, /*for_us=*/false);
  });
  link_.ssubscribe(response_channel_, [this](std::string_view channel, std::string_view payload) {
    on_raw_message(channel, payload, /*for_us=*/true);
  });
}

ShardedRedisAdapter::~ShardedRedisAdapter() {
  close();
}

void ShardedRedisAdapter::close() {
  if (closed_) return;
  closed_ = true;
  link_.sunsubscribe(channel_);
  link_.sunsubscribe(response_channel_);
  for (const Room& room : room_channels_)
    link_.sunsubscribe(room_channel(room));
  room_channels_.clear();
  ClusterAdapter::close();
}

bool ShardedRedisAdapter::has_own_channel(const Room& room) const {
  switch (options_.mode) {
    case SubscriptionMode::kStatic:
      return false;
    case SubscriptionMode::kDynamic:
      return !is_local_socket(room);
    case SubscriptionMode::kDynamicPrivate:
      return true;
  }
  return false;
}

void ShardedRedisAdapter::on_room_created(const Room& room) {
  if (closed_ || !has_own_channel(room) || !room_channels_.insert(room).second) return;
  link_.ssubscribe(room_channel(room), [this](std::string_view channel, std::string_view payload) {
    on_raw_message(channel, payload, /*for_us=*/false);
  });
}

void ShardedRedisAdapter::on_room_deleted(const Room& room) {
  if (closed_ || room_channels_.erase(room) == 0) return;
  link_.sunsubscribe(room_channel(room));
}

std::string ShardedRedisAdapter::compute_channel(const ClusterMessage& message) const {
  // An acked broadcast must reach every server serverCount() counts, so never a room channel.
  if (message.type != ClusterMessageType::kBroadcast || !message.data.is_object() ||
      message.data.contains("requestId") || options_.mode == SubscriptionMode::kStatic) {
    return channel_;
  }
  const Json& opts = message.data["opts"];
  if (!opts.is_object() || !opts.contains("rooms") || !opts["rooms"].is_array() ||
      opts["rooms"].size() != 1 || !opts["rooms"][0].is_string()) {
    return channel_;
  }
  const Room room = opts["rooms"][0].get<std::string>();
  if (options_.mode == SubscriptionMode::kDynamic && looks_like_a_socket_id(room)) return channel_;
  return room_channel(room);
}

ShardedRedisAdapter::Published ShardedRedisAdapter::send(const std::string& channel,
                                                         const ClusterMessage& message) {
  Published published;
  published.channel = channel;
  const std::string bytes = protocol::encode_cluster_message(message);
  published.bytes = bytes.size();
  published.sent = link_.spublish(channel, bytes);
  return published;
}

ShardedRedisAdapter::Published ShardedRedisAdapter::do_publish(const ClusterMessage& message) {
  return send(compute_channel(message), message);
}

ShardedRedisAdapter::Published ShardedRedisAdapter::do_publish_response(
    const std::string& requester, const ClusterMessage& response) {
  return send(channel_ + requester + "#", response);
}

void ShardedRedisAdapter::server_count(ServerCountCallback done) {
  link_.count_subscribers(SubscriptionKind::kShard, channel_,
                          [done, alive = alive_](size_t total, bool) {
                            if (*alive) done(std::max<size_t>(1, total));
                          });
}

}  // namespace scaleout::adapter
