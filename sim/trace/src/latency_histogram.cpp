// LatencyHistogram: log buckets of ratio 1.05 above 1 µs.
#include "scaleout/trace/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace scaleout::sim {
namespace {
constexpr double kRatio = 1.05;
constexpr double kFirstEdgeNs = 1000.0;
}  // namespace

int LatencyHistogram::bucket_of(int64_t nanoseconds) {
  if (nanoseconds <= kFirstEdgeNs) return 0;
  int bucket = 1 + static_cast<int>(std::log(nanoseconds / kFirstEdgeNs) / std::log(kRatio));
  return std::min(bucket, kBuckets - 1);
}

int64_t LatencyHistogram::upper_edge(int bucket) {
  return static_cast<int64_t>(kFirstEdgeNs * std::pow(kRatio, bucket));
}

void LatencyHistogram::record(int64_t nanoseconds) {
  ++buckets_[bucket_of(std::max<int64_t>(nanoseconds, 0))];
  ++count_;
  max_ = std::max(max_, nanoseconds);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (int i = 0; i < kBuckets; ++i)
    buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

int64_t LatencyHistogram::quantile_ns(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= std::max<uint64_t>(rank, 1)) return std::min(upper_edge(i), max_);
  }
  return max_;
}

}  // namespace scaleout::sim
