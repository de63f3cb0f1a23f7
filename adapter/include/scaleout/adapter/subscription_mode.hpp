// SubscriptionMode: when a server on the sharded adapter subscribes to a room's own channel
// (@socket.io/redis-adapter 8.3's subscriptionMode):
//   static           never: two channels per namespace, every server hears every broadcast
//   dynamic          when its first local member joins a room that is not a socket id, and
//                    leaves it with the last (Node's default)
//   dynamic-private  the same for socket-id rooms too: one channel per socket
#pragma once

#include <optional>
#include <string_view>

namespace scaleout::adapter {

enum class SubscriptionMode { kStatic, kDynamic, kDynamicPrivate };
const char* to_string(SubscriptionMode mode);
std::optional<SubscriptionMode> parse_subscription_mode(std::string_view text);

}  // namespace scaleout::adapter
