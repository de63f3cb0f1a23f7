// A blocking Redis client for tests that need to act like a third party on the broker: publish
// hand-made (or malformed) messages, and ask PUBSUB questions.
#pragma once

#include <string>

#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::test {

// Returns the number of subscribers that got it, or -1 on failure.
long long redis_publish(const adapter::RedisEndpoint& endpoint, const std::string& channel,
                        const std::string& payload);
// PUBSUB NUMSUB channel, or -1 on failure.
long long redis_numsub(const adapter::RedisEndpoint& endpoint, const std::string& channel);

}  // namespace scaleout::test
