// AddressRate: a token bucket per client address, for the per-address limits of
// classroom_limits.hpp (messages per second on a server, new sessions per second on the
// balancer). A bucket holds up to `burst` tokens and gains `per_second` tokens a second; each
// thing allowed takes one. Buckets are independent, so an address that runs dry is refused
// while the others keep their own tokens; nothing here waits.
//
// Memory stays bounded: past `max_addresses` buckets, those that have refilled (they hold
// nothing an address could lose) are forgotten; an address that still finds no room is let
// through untracked rather than refused for what others did. Exempt addresses (this machine's
// own, exempt_from_limits()) are always allowed. Not thread-safe: each server and the balancer keep
// their own, on their own thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace scaleout::sim {

class AddressRate {
 public:
  using Clock = std::chrono::steady_clock;

  // per_second <= 0: everything is allowed. A burst below 1 is taken as 1.
  AddressRate(double per_second, double burst, size_t max_addresses = 4096);

  bool enabled() const { return per_second_ > 0; }
  // Takes a token from the address's bucket; false when it has none left.
  bool allow(std::string_view address, Clock::time_point now);
  size_t tracked() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };

  double refilled(const Bucket& bucket, Clock::time_point now) const;
  void forget_full(Clock::time_point now);

  double per_second_;
  double burst_;
  size_t max_addresses_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace scaleout::sim
