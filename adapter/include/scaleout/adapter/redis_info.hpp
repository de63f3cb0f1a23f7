// A blocking INFO query, for status lines printed once a second (never on a server's thread).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "scaleout/adapter/redis_endpoint.hpp"

namespace scaleout::adapter {

// INFO's "field:value" lines, or nullopt (with `error` set) when Redis does not answer in time.
std::optional<std::map<std::string, std::string>> query_redis_info(
    const RedisEndpoint& endpoint, std::chrono::milliseconds timeout, std::string* error);

}  // namespace scaleout::adapter
