// The store benchmark's plain data, apart from the benchmark itself (store_bench.hpp) so that the
// world's commands and status, which every part of the program includes, need nothing else: the
// stores by name, what a thread is doing, a finished run's figures and a run while it goes on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scaleout::sim {

enum class StoreKind { kRedis, kMemcached, kGlobalLock, kBucketLocks, kEventLoop };
const char* to_string(StoreKind kind);  // "redis", "memcached", "global-lock", ...
std::optional<StoreKind> parse_store_kind(std::string_view text);
bool is_in_process(StoreKind kind);

enum class StoreThreadState : uint8_t {
  kIdle,     // outside the store: preparing its next request, or done
  kWorking,  // inside the store: holding its lock (or, for the loop, running requests)
  kWaiting,  // blocked: on a lock someone else holds, or for the event loop's answer
};
const char* to_string(StoreThreadState state);

// One store under one number of threads, measured.
struct StoreRun {
  std::string store;  // to_string(StoreKind)
  int threads = 0;
  double seconds = 0;  // how long the threads ran
  uint64_t ops = 0;    // answered operations
  uint64_t errors = 0;
  double ops_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  // Of the threads' time, the share spent blocked (0..1): on a lock another thread held, or (the
  // event loop) waiting for the loop's answer. Not measured for the real stores (-1).
  double waiting_share = -1;
  // Of the operations, the share that found their lock held by another thread (0..1): the locked
  // stores only (-1 otherwise). Unlike the time waited, it hardly depends on how often the OS
  // takes a core away from a thread that holds a lock.
  double contended_share = -1;
  std::string error;        // why it could not run; empty when it did
  int64_t finished_ns = 0;  // monotonic
};

// A run while it goes on.
struct StoreBenchLive {
  std::string store;
  int threads = 0;
  double elapsed_s = 0;
  double duration_s = 0;
  uint64_t ops = 0;
  std::vector<StoreThreadState> states;  // each client thread's, now (in-process stores only)
  std::vector<double> waiting_share;     // each client thread's, so far (0..1)
  int waiters = 0;                       // threads blocked right now
  std::optional<StoreThreadState> loop;  // the event loop's own thread
};

// "memcached, 4 threads: 61,200 ops/s, p50 52 us, p99 310 us" (and the waiting share if measured).
std::string describe(const StoreRun& run);

}  // namespace scaleout::sim
