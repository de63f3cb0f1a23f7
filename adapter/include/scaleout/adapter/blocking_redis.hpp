// BlockingRedis: one synchronous connection to Redis (hiredis' blocking API, with a timeout on
// connecting and on every reply), for what is asked from a control or monitoring thread: INFO
// and SLOWLOG for status views, a command typed by a teacher or run by a scenario step. Never
// used on a server's thread. It connects on first use and again after any error.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"

struct redisContext;

namespace scaleout::adapter {

// A reply, whatever its shape.
struct RedisValue {
  enum class Type { kNil, kString, kStatus, kError, kInteger, kArray };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  long long integer = 0;
  std::vector<RedisValue> elements;

  // As redis-cli prints it, on one line per element ("(integer) 3", "(nil)", "1) ...").
  std::string to_display() const;
};

class BlockingRedis {
 public:
  BlockingRedis(RedisEndpoint endpoint, std::chrono::milliseconds timeout);
  ~BlockingRedis();
  BlockingRedis(const BlockingRedis&) = delete;
  BlockingRedis& operator=(const BlockingRedis&) = delete;

  // The reply (an error reply included), or nullopt with `error` set when Redis could not be
  // reached or did not answer in time.
  std::optional<RedisValue> command(const std::vector<std::string>& words, std::string* error);
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  bool connect(std::string* error);

  RedisEndpoint endpoint_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<redisContext, void (*)(redisContext*)> context_;
};

// INFO's "field:value" lines.
std::map<std::string, std::string> parse_redis_info(const std::string& text);

// A one-off INFO on a fresh connection, or nullopt (with `error` set).
std::optional<std::map<std::string, std::string>> query_redis_info(
    const RedisEndpoint& endpoint, std::chrono::milliseconds timeout, std::string* error);

}  // namespace scaleout::adapter
