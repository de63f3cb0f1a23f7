// StoreBench: one thread that runs a request's runs one after the other. For each run it starts
// the client threads, lets them connect (a real store) and wait at a latch, then lets them go for
// the run's duration; each thread keeps its own latency histogram and counters, merged at the end.
#include "scaleout/stores/store_bench.hpp"

#include <algorithm>
#include <cstdio>
#include <latch>
#include <stdexcept>
#include <utility>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/trace/latency_histogram.hpp"
#include "store_client.hpp"

namespace scaleout::sim {

namespace {

using Clock = std::chrono::steady_clock;

std::string key_name(int index) {
  return "key:" + std::to_string(index);
}

// A small, fast generator per thread (xorshift64*): std::mt19937 would dominate the in-process
// stores' cost.
struct Random {
  uint64_t state;
  uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
  }
};

std::unique_ptr<InProcessStore> make_store(StoreKind kind) {
  switch (kind) {
    case StoreKind::kGlobalLock:
      return std::make_unique<GlobalLockStore>();
    case StoreKind::kBucketLocks:
      return std::make_unique<BucketLockStore>();
    case StoreKind::kEventLoop:
      return std::make_unique<EventLoopStore>();
    default:
      return nullptr;
  }
}

}  // namespace

bool is_in_process(StoreKind kind) {
  return kind != StoreKind::kRedis && kind != StoreKind::kMemcached;
}

// One client thread's figures.
struct alignas(64) ThreadSlot {
  StoreThreadMeter meter;
  std::atomic<uint64_t> ops{0};
  uint64_t errors = 0;
  std::string error;
  LatencyHistogram latency;
  int64_t ran_ns = 0;
};

struct StoreBench::Active {
  StoreKind store;
  int threads;
  std::chrono::milliseconds duration;
  Clock::time_point started{};
  std::atomic<bool> going{false};
  std::vector<std::unique_ptr<ThreadSlot>> slots;
  const StoreThreadMeter* loop = nullptr;
};

StoreBench::~StoreBench() {
  stop();
}

bool StoreBench::start(StoreBenchRequest request, std::string* error) {
  if (running()) {
    *error = "a store benchmark is still running";
    return false;
  }
  if (thread_.joinable()) thread_.join();
  stopping_ = false;
  running_ = true;
  thread_ = std::thread([this, request = std::move(request)] { run_all(request); });
  return true;
}

bool StoreBench::running() const {
  return running_.load();
}

void StoreBench::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<StoreRun> StoreBench::take_finished() {
  std::lock_guard lock(mutex_);
  return std::exchange(finished_, {});
}

std::optional<StoreBenchLive> StoreBench::live() const {
  std::shared_ptr<Active> active;
  {
    std::lock_guard lock(mutex_);
    active = active_;
  }
  if (!active) return std::nullopt;
  StoreBenchLive live;
  live.store = to_string(active->store);
  live.threads = active->threads;
  live.duration_s = std::chrono::duration<double>(active->duration).count();
  const bool going = active->going.load();
  const double elapsed =
      going ? std::chrono::duration<double>(Clock::now() - active->started).count() : 0;
  live.elapsed_s = std::min(elapsed, live.duration_s);
  for (const auto& slot : active->slots) {
    live.ops += slot->ops.load(std::memory_order_relaxed);
    const StoreThreadState state = slot->meter.state.load(std::memory_order_relaxed);
    if (state == StoreThreadState::kWaiting) ++live.waiters;
    if (is_in_process(active->store)) live.states.push_back(state);
    const double waited = static_cast<double>(slot->meter.waiting_ns.load()) / 1e9;
    live.waiting_share.push_back(elapsed > 0 ? std::min(1.0, waited / elapsed) : 0);
  }
  if (active->loop) live.loop = active->loop->state.load(std::memory_order_relaxed);
  return live;
}

void StoreBench::run_all(StoreBenchRequest request) {
  std::unique_ptr<InProcessStore> store = make_store(request.store);
  // The keys exist before any run, so that GETs find something.
  std::string prefill_error;
  try {
    StoreThreadMeter meter;
    auto client = make_store_client(request.store, request.targets, store.get(), &meter);
    const std::string value(static_cast<size_t>(request.workload.value_bytes), 'v');
    for (int i = 1; i <= request.workload.keys && prefill_error.empty(); ++i) {
      if (!client->set(key_name(i), value)) prefill_error = client->error();
    }
  } catch (const std::exception& error) {
    prefill_error = error.what();
  }
  for (size_t i = 0; i < request.threads.size() && !stopping_; ++i) {
    const int threads = request.threads[i];
    StoreRun run;
    if (prefill_error.empty()) {
      run = run_one(request, threads, store.get());
    } else {
      run.store = to_string(request.store);
      run.threads = threads;
      run.error = prefill_error;
    }
    run.finished_ns = adapter::monotonic_ns();
    std::lock_guard lock(mutex_);
    finished_.push_back(std::move(run));
    // Whoever sees the last run may start the next benchmark at once (start() joins this
    // thread, which only has the store left to free).
    if (i + 1 == request.threads.size()) running_ = false;
  }
  running_ = false;
  store.reset();
}

StoreRun StoreBench::run_one(const StoreBenchRequest& request, int threads, InProcessStore* store) {
  auto active = std::make_shared<Active>();
  active->store = request.store;
  active->threads = threads;
  active->duration = request.duration;
  for (int i = 0; i < threads; ++i)
    active->slots.push_back(std::make_unique<ThreadSlot>());
  if (auto* loop = dynamic_cast<EventLoopStore*>(store)) active->loop = &loop->loop_meter();
  {
    std::lock_guard lock(mutex_);
    active_ = active;
  }

  std::latch connected(threads);
  std::latch go(1);
  const StoreWorkload& load = request.workload;
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      ThreadSlot& slot = *active->slots[static_cast<size_t>(i)];
      std::unique_ptr<StoreClient> client;
      try {
        client = make_store_client(request.store, request.targets, store, &slot.meter);
      } catch (const std::exception& error) {
        slot.error = error.what();
      }
      connected.count_down();
      go.wait();
      if (!client) return;
      Random random{0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(i + 1)};
      const std::string value(static_cast<size_t>(load.value_bytes), 'v');
      std::string answer;
      const auto start = Clock::now();
      const auto deadline = start + request.duration;
      auto now = start;
      while (now < deadline && !stopping_.load(std::memory_order_relaxed)) {
        const uint64_t draw = random.next();
        const std::string key =
            key_name(static_cast<int>(draw % static_cast<uint64_t>(load.keys)) + 1);
        const bool is_get = static_cast<int>((draw >> 32) % 100) < load.get_percent;
        const bool answered = is_get ? client->get(key, &answer) : client->set(key, value);
        const auto done = Clock::now();
        if (answered) {
          slot.latency.record(
              std::chrono::duration_cast<std::chrono::nanoseconds>(done - now).count());
          slot.ops.fetch_add(1, std::memory_order_relaxed);
        } else if (++slot.errors == 1) {
          slot.error = client->error();
        }
        now = done;
      }
      slot.ran_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start).count();
    });
  }
  connected.wait();
  active->started = Clock::now();
  active->going = true;
  go.count_down();
  for (auto& worker : workers)
    worker.join();
  {
    std::lock_guard lock(mutex_);
    active_.reset();
  }

  StoreRun run;
  run.store = to_string(request.store);
  run.threads = threads;
  run.seconds = std::chrono::duration<double>(Clock::now() - active->started).count();
  LatencyHistogram latency;
  int64_t ran_ns = 0, waited_ns = 0;
  uint64_t contended = 0;
  for (const auto& slot : active->slots) {
    run.ops += slot->ops.load();
    run.errors += slot->errors;
    if (run.error.empty() && !slot->error.empty() && slot->ops.load() == 0) run.error = slot->error;
    latency.merge(slot->latency);
    ran_ns += slot->ran_ns;
    waited_ns += slot->meter.waiting_ns.load();
    contended += slot->meter.contended.load();
  }
  if (run.seconds > 0) run.ops_per_second = static_cast<double>(run.ops) / run.seconds;
  run.p50_us = static_cast<double>(latency.quantile_ns(0.50)) / 1e3;
  run.p99_us = static_cast<double>(latency.quantile_ns(0.99)) / 1e3;
  if (is_in_process(request.store) && ran_ns > 0)
    run.waiting_share = std::min(1.0, static_cast<double>(waited_ns) / static_cast<double>(ran_ns));
  const bool locked =
      request.store == StoreKind::kGlobalLock || request.store == StoreKind::kBucketLocks;
  if (locked && run.ops > 0)
    run.contended_share =
        std::min(1.0, static_cast<double>(contended) / static_cast<double>(run.ops));
  return run;
}

std::string describe(const StoreRun& run) {
  std::string out = run.store + ", " + std::to_string(run.threads) +
                    (run.threads == 1 ? " thread: " : " threads: ");
  if (!run.error.empty()) return out + "did not run (" + run.error + ")";
  char text[160];
  std::snprintf(text, sizeof text, "%.0f ops/s (%llu ops in %.1f s), p50 %.0f us, p99 %.0f us",
                run.ops_per_second, static_cast<unsigned long long>(run.ops), run.seconds,
                run.p50_us, run.p99_us);
  out += text;
  if (run.waiting_share >= 0) {
    std::snprintf(text, sizeof text, ", %.0f%% of the threads' time waiting",
                  run.waiting_share * 100);
    out += text;
  }
  if (run.contended_share >= 0) {
    std::snprintf(text, sizeof text, ", %.2f%% of operations found the lock taken",
                  run.contended_share * 100);
    out += text;
  }
  if (run.errors > 0) out += ", " + std::to_string(run.errors) + " errors";
  return out;
}

}  // namespace scaleout::sim
