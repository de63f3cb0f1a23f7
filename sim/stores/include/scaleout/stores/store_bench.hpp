// StoreBench: the same get/set load (sessions and counters: mostly GETs, some SETs, small values
// over a fixed set of keys) from 1, 2, 4 or 8 client threads against one store at a time: the
// real Redis (hiredis, one blocking connection per thread), the real memcached (libmemcached, one
// memcached_st per thread), or one of the in-process stores (in_process_store.hpp). It runs on
// its own thread; the world's status shows how far it has come, each thread's state and, once a
// run is over, its throughput, latency quantiles and the share of time its threads waited.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/stores/in_process_store.hpp"
#include "scaleout/stores/store_runs.hpp"

namespace scaleout::sim {

struct StoreWorkload {
  int keys = 10000;      // key:1 .. key:N, all set before the clock starts
  int value_bytes = 32;  // a session id, a small counter's worth
  int get_percent = 90;  // the rest are SETs
};

// Where the real stores are.
struct StoreTargets {
  std::optional<adapter::RedisEndpoint> redis;
  std::string memcached_host = "127.0.0.1";
  uint16_t memcached_port = 0;  // 0: no memcached
};

struct StoreBenchRequest {
  StoreKind store = StoreKind::kGlobalLock;
  std::vector<int> threads{1, 2, 4, 8};      // one run per count, in this order
  std::chrono::milliseconds duration{1000};  // of each run
  StoreWorkload workload{};
  StoreTargets targets{};
};

class StoreBench {
 public:
  StoreBench() = default;
  ~StoreBench();  // stop()
  StoreBench(const StoreBench&) = delete;
  StoreBench& operator=(const StoreBench&) = delete;

  // Starts the runs on a thread of their own; false (with `error`) while others still run.
  bool start(StoreBenchRequest request, std::string* error);
  bool running() const;
  // The run going on now, if any.
  std::optional<StoreBenchLive> live() const;
  // Runs finished since the last call, oldest first.
  std::vector<StoreRun> take_finished();
  // Cuts the current run short and waits for the thread.
  void stop();

 private:
  struct Active;
  void run_all(StoreBenchRequest request);
  StoreRun run_one(const StoreBenchRequest& request, int threads, InProcessStore* store);

  mutable std::mutex mutex_;  // guards active_, finished_
  std::shared_ptr<Active> active_;
  std::vector<StoreRun> finished_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace scaleout::sim
