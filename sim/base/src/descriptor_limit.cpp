// raise_descriptor_limit: RLIMIT_NOFILE soft limit up to the hard limit.
#include "scaleout/base/descriptor_limit.hpp"

#include <sys/resource.h>

namespace scaleout::sim {

void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace scaleout::sim
