// Store runs: the names of the stores as commands, scenarios and views spell them.
#include "scaleout/stores/store_runs.hpp"

namespace scaleout::sim {

const char* to_string(StoreKind kind) {
  switch (kind) {
    case StoreKind::kRedis:
      return "redis";
    case StoreKind::kMemcached:
      return "memcached";
    case StoreKind::kGlobalLock:
      return "global-lock";
    case StoreKind::kBucketLocks:
      return "bucket-locks";
    case StoreKind::kEventLoop:
      return "event-loop";
  }
  return "?";
}

std::optional<StoreKind> parse_store_kind(std::string_view text) {
  for (auto kind : {StoreKind::kRedis, StoreKind::kMemcached, StoreKind::kGlobalLock,
                    StoreKind::kBucketLocks, StoreKind::kEventLoop}) {
    if (text == to_string(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace scaleout::sim
