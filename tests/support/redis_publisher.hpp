// A blocking Redis client for tests that need to act like a third party on the broker: publish
// hand-made (or malformed) messages, ask PUBSUB questions, change the configuration.
#pragma once

#include <string>

#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::test {

// Returns the number of subscribers that got it, or -1 on failure.
long long redis_publish(const adapter::RedisEndpoint& endpoint, const std::string& channel,
                        const std::string& payload);
// PUBSUB NUMSUB channel, or -1 on failure.
long long redis_numsub(const adapter::RedisEndpoint& endpoint, const std::string& channel);
// How many clients of this TYPE (normal, pubsub, ...) CLIENT LIST shows, or -1 on failure.
long long redis_client_count(const adapter::RedisEndpoint& endpoint, const std::string& type);
// CONFIG SET parameter value; false on failure.
bool redis_config_set(const adapter::RedisEndpoint& endpoint, const std::string& parameter,
                      const std::string& value);

}  // namespace scaleout::test
