// What the load generator measures of processes: CPU time of other processes (the servers and
// Redis, from /proc/<pid>/stat), their resident memory (VmRSS from /proc/<pid>/status), and its
// own CPU time (getrusage). Deltas of these over a step give CPU per delivery.
#pragma once

#include <sys/types.h>

#include <optional>

namespace scaleout::bench {

struct CpuTimes {
  double user = 0;    // utime: in the program
  double system = 0;  // stime: in the kernel on its behalf (system calls, and on loopback the
                      // receiving side's TCP work too, done inside the sender's write)
  double total() const { return user + system; }
};

// CPU times of every thread of `pid`, in seconds; nothing once the process is gone.
std::optional<CpuTimes> process_cpu_times(pid_t pid);

// VmRSS of `pid` in kilobytes; nothing once the process is gone.
std::optional<long> process_rss_kb(pid_t pid);

// user + system CPU of this process (all threads), in seconds.
double own_cpu_seconds();

// How many CPUs this process may run on (its affinity mask, e.g. after taskset).
int usable_cpus();

}  // namespace scaleout::bench
