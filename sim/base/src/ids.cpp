// Socket ids, session ids and random tokens.
#include "scaleout/base/ids.hpp"

#include <atomic>
#include <cstdint>
#include <random>

namespace scaleout::sim {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

constexpr char kUrlSafe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string generate_id() {
  static std::atomic<uint32_t> counter{0};
  uint8_t bytes[15];
  for (int i = 0; i < 12; i += 4) {
    uint32_t r = static_cast<uint32_t>(generator()());
    for (int j = 0; j < 4; ++j)
      bytes[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  uint32_t n = counter.fetch_add(1, std::memory_order_relaxed);
  bytes[12] = static_cast<uint8_t>(n >> 16);
  bytes[13] = static_cast<uint8_t>(n >> 8);
  bytes[14] = static_cast<uint8_t>(n);
  std::string id;
  id.reserve(20);
  for (int i = 0; i < 15; i += 3) {
    uint32_t v = (uint32_t(bytes[i]) << 16) | (uint32_t(bytes[i + 1]) << 8) | bytes[i + 2];
    id += kUrlSafe[(v >> 18) & 63];
    id += kUrlSafe[(v >> 12) & 63];
    id += kUrlSafe[(v >> 6) & 63];
    id += kUrlSafe[v & 63];
  }
  return id;
}

}  // namespace scaleout::sim
