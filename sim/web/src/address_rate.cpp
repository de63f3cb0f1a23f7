// AddressRate: token buckets by address.
#include "scaleout/web/address_rate.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <set>

#include "scaleout/web/classroom_limits.hpp"

namespace scaleout::sim {

namespace {

// The addresses of this machine's interfaces, read once: a connection from one of them comes
// from this machine (bots on a classroom balancer connect to its network address).
std::set<std::string, std::less<>> read_own_addresses() {
  std::set<std::string, std::less<>> own = {"127.0.0.1", "::1", "::ffff:127.0.0.1"};
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return own;
  for (ifaddrs* entry = list; entry; entry = entry->ifa_next) {
    if (!entry->ifa_addr) continue;
    char text[INET6_ADDRSTRLEN];
    if (entry->ifa_addr->sa_family == AF_INET) {
      const auto* ipv4 = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
      if (inet_ntop(AF_INET, &ipv4->sin_addr, text, sizeof text)) {
        own.insert(text);
        own.insert(std::string("::ffff:") + text);
      }
    } else if (entry->ifa_addr->sa_family == AF_INET6) {
      const auto* ipv6 = reinterpret_cast<const sockaddr_in6*>(entry->ifa_addr);
      if (inet_ntop(AF_INET6, &ipv6->sin6_addr, text, sizeof text)) own.insert(text);
    }
  }
  freeifaddrs(list);
  return own;
}

}  // namespace

bool exempt_from_limits(std::string_view address) {
  static const auto own = read_own_addresses();
  return own.contains(address);
}

AddressRate::AddressRate(double per_second, double burst, size_t max_addresses)
    : per_second_(per_second), burst_(std::max(burst, 1.0)), max_addresses_(max_addresses) {}

double AddressRate::refilled(const Bucket& bucket, Clock::time_point now) const {
  const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min(burst_, bucket.tokens + std::max(seconds, 0.0) * per_second_);
}

bool AddressRate::allow(std::string_view address, Clock::time_point now) {
  if (!enabled() || exempt_from_limits(address)) return true;
  auto found = buckets_.find(std::string(address));
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_addresses_) forget_full(now);
    if (buckets_.size() >= max_addresses_) return true;
    found = buckets_.emplace(std::string(address), Bucket{burst_, now}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

void AddressRate::forget_full(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) { return refilled(entry.second, now) >= burst_; });
}

}  // namespace scaleout::sim
