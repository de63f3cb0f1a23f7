// The load generator's cheap look at a received frame: whether it is a `said` event (a prefix
// compare), and the `ts` the publisher put in it (a search for `"ts":` and a run of digits). No
// JSON parsing and no allocation, so counting costs next to nothing per delivery. Also the clock
// both ends of a latency use: steady_clock (CLOCK_MONOTONIC) in nanoseconds since this process
// started, small enough to travel through JSON (and JavaScript numbers) exactly.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace scaleout::bench {

// `42["said",` : an Engine.IO message holding a Socket.IO EVENT on "/" named "said".
inline bool is_said_frame(std::string_view frame) {
  return frame.starts_with(R"(42["said",)");
}

// The integer after the first `"ts":`; nothing when absent or not a number.
inline std::optional<int64_t> said_timestamp(std::string_view frame) {
  constexpr std::string_view kKey = R"("ts":)";
  const auto at = frame.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  size_t i = at + kKey.size();
  int64_t value = 0;
  const size_t start = i;
  while (i < frame.size() && frame[i] >= '0' && frame[i] <= '9') {
    value = value * 10 + (frame[i] - '0');
    ++i;
  }
  if (i == start) return std::nullopt;
  return value;
}

inline int64_t monotonic_ns() {
  static const auto origin = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              origin)
      .count();
}

}  // namespace scaleout::bench
