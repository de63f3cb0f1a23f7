// Three small key-value stores in this process, each with the concurrency model of a real one, so
// that a class sees what the model does to threads under the same get/set load:
//   GlobalLockStore  - one lock around the whole table (Memcached's `cache_lock` before 1.4.23);
//   BucketLockStore  - a lock per hash bucket (Memcached's item locks today, doc/threads.txt);
//   EventLoopStore   - one thread owns the table and serves a queue of requests (Redis' model).
// Each caller passes its StoreThreadMeter, where the store notes what the thread is doing right now
// (for the GUI) and how long it waited on a lock, or on the loop's answer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "scaleout/stores/store_runs.hpp"

namespace scaleout::sim {

// One client thread's figures, written by that thread and read by anyone.
struct StoreThreadMeter {
  std::atomic<StoreThreadState> state{StoreThreadState::kIdle};
  std::atomic<int64_t> waiting_ns{0};  // time blocked, in total
  std::atomic<uint64_t> contended{0};  // operations that found their lock held by another thread
};

class InProcessStore {
 public:
  virtual ~InProcessStore() = default;
  // The value of `key` into *value; false when there is none.
  virtual bool get(std::string_view key, std::string* value, StoreThreadMeter& meter) = 0;
  virtual void set(std::string_view key, std::string_view value, StoreThreadMeter& meter) = 0;
  virtual size_t size() const = 0;
};

class GlobalLockStore final : public InProcessStore {
 public:
  bool get(std::string_view key, std::string* value, StoreThreadMeter& meter) override;
  void set(std::string_view key, std::string_view value, StoreThreadMeter& meter) override;
  size_t size() const override;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> items_;
};

class BucketLockStore final : public InProcessStore {
 public:
  // 4096: as many item locks as memcached -t 4 makes (2^12, thread.c).
  explicit BucketLockStore(size_t buckets = 4096);
  bool get(std::string_view key, std::string* value, StoreThreadMeter& meter) override;
  void set(std::string_view key, std::string_view value, StoreThreadMeter& meter) override;
  size_t size() const override;

 private:
  struct Bucket {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::string> items;
  };
  Bucket& bucket_of(std::string_view key);

  std::vector<Bucket> buckets_;
};

class EventLoopStore final : public InProcessStore {
 public:
  EventLoopStore();   // starts the loop's thread
  ~EventLoopStore();  // stops it
  EventLoopStore(const EventLoopStore&) = delete;
  EventLoopStore& operator=(const EventLoopStore&) = delete;

  bool get(std::string_view key, std::string* value, StoreThreadMeter& meter) override;
  void set(std::string_view key, std::string_view value, StoreThreadMeter& meter) override;
  size_t size() const override;
  // The loop thread's own state: kWorking while it runs requests, kIdle while it waits for some.
  const StoreThreadMeter& loop_meter() const { return loop_meter_; }

 private:
  struct Request;
  void submit(Request& request, StoreThreadMeter& meter);
  void run_loop();

  std::mutex queue_mutex_;  // guards only the queue: the table belongs to the loop's thread
  std::condition_variable queue_ready_;
  std::vector<Request*> queue_;
  bool stopping_ = false;
  std::unordered_map<std::string, std::string> items_;  // loop thread only
  std::atomic<size_t> size_{0};
  StoreThreadMeter loop_meter_;
  std::thread loop_;
};

}  // namespace scaleout::sim
