// RedisEndpoint: where a Redis is and how to log in, parsed from a URL of the form
//   redis://[[user]:password@]host[:port]
// as the --redis options take it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scaleout::adapter {

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  uint16_t port = 6379;
  std::string user;      // empty: the default user
  std::string password;  // empty: no AUTH

  // The URL again, with the password hidden unless `show_password`.
  std::string url(bool show_password = false) const;
};

// nullopt and `error` set when the text is not such a URL.
std::optional<RedisEndpoint> parse_redis_url(std::string_view text, std::string* error);

}  // namespace scaleout::adapter
