// Splitting a request target into its path and decoded query parameters. Written here because
// Boost 1.74 has no URL library (Boost.URL arrived in 1.81).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scaleout::sim {

struct RequestTarget {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;

  // The first value of `key`, or nullptr.
  const std::string* find(std::string_view key) const;
};

RequestTarget parse_request_target(std::string_view target);
std::string percent_decode(std::string_view text);

}  // namespace scaleout::sim
