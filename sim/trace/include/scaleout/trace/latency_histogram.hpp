// LatencyHistogram: latencies from 1 µs to about 3 minutes in logarithmic buckets 5% wide, so
// that p50 and p99 cost a fixed, small amount of memory whatever the rate.
#pragma once

#include <array>
#include <cstdint>

namespace scaleout::sim {

class LatencyHistogram {
 public:
  void record(int64_t nanoseconds);
  void merge(const LatencyHistogram& other);
  void reset() { *this = LatencyHistogram(); }

  uint64_t count() const { return count_; }
  int64_t max_ns() const { return max_; }
  // The upper edge of the bucket holding the given quantile (0..1); 0 when empty.
  int64_t quantile_ns(double q) const;

 private:
  static constexpr int kBuckets = 400;
  static int bucket_of(int64_t nanoseconds);
  static int64_t upper_edge(int bucket);

  std::array<uint64_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  int64_t max_ = 0;
};

}  // namespace scaleout::sim
