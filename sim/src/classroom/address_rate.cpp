// AddressRate: token buckets by address.
#include "scaleout/sim/address_rate.hpp"

#include <algorithm>

#include "scaleout/sim/classroom_limits.hpp"

namespace scaleout::sim {

bool exempt_from_limits(std::string_view address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
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
  std::erase_if(buckets_,
                [&](const auto& entry) { return refilled(entry.second, now) >= burst_; });
}

}  // namespace scaleout::sim
