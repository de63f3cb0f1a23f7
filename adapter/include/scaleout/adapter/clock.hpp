// The one clock of the sandbox: CLOCK_MONOTONIC in nanoseconds, the same in every thread and
// every process on the machine, so that trace files of separate processes can be merged.
#pragma once

#include <cstdint>
#include <ctime>

namespace scaleout::adapter {

inline int64_t monotonic_ns() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

}  // namespace scaleout::adapter
