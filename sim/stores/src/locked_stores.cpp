// GlobalLockStore and BucketLockStore: the same table behind one lock, or behind a lock per hash
// bucket. A lock is first tried without blocking, so that only time spent actually blocked on a
// lock another thread holds counts as waiting (an uncontended lock costs no clock reading).
#include <functional>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/stores/in_process_store.hpp"

namespace scaleout::sim {

namespace {

// Takes `mutex`, noting in `meter` how long the thread was blocked; the meter says kWorking once
// the lock is held. The caller sets kIdle again when it has let go.
std::unique_lock<std::mutex> take(std::mutex& mutex, StoreThreadMeter& meter) {
  std::unique_lock lock(mutex, std::try_to_lock);
  if (!lock.owns_lock()) {
    meter.contended.fetch_add(1, std::memory_order_relaxed);
    meter.state.store(StoreThreadState::kWaiting, std::memory_order_relaxed);
    const int64_t start = adapter::monotonic_ns();
    lock.lock();
    meter.waiting_ns.fetch_add(adapter::monotonic_ns() - start, std::memory_order_relaxed);
  }
  meter.state.store(StoreThreadState::kWorking, std::memory_order_relaxed);
  return lock;
}

bool find_into(const std::unordered_map<std::string, std::string>& items, std::string_view key,
               std::string* value) {
  auto found = items.find(std::string(key));
  if (found == items.end()) return false;
  *value = found->second;
  return true;
}

}  // namespace

const char* to_string(StoreThreadState state) {
  switch (state) {
    case StoreThreadState::kWorking:
      return "working";
    case StoreThreadState::kWaiting:
      return "waiting";
    case StoreThreadState::kIdle:
      break;
  }
  return "idle";
}

bool GlobalLockStore::get(std::string_view key, std::string* value, StoreThreadMeter& meter) {
  bool found = false;
  {
    auto lock = take(mutex_, meter);
    found = find_into(items_, key, value);
  }
  meter.state.store(StoreThreadState::kIdle, std::memory_order_relaxed);
  return found;
}

void GlobalLockStore::set(std::string_view key, std::string_view value, StoreThreadMeter& meter) {
  {
    auto lock = take(mutex_, meter);
    items_[std::string(key)].assign(value);
  }
  meter.state.store(StoreThreadState::kIdle, std::memory_order_relaxed);
}

size_t GlobalLockStore::size() const {
  std::lock_guard lock(mutex_);
  return items_.size();
}

BucketLockStore::BucketLockStore(size_t buckets) : buckets_(buckets == 0 ? 1 : buckets) {}

BucketLockStore::Bucket& BucketLockStore::bucket_of(std::string_view key) {
  return buckets_[std::hash<std::string_view>{}(key) % buckets_.size()];
}

bool BucketLockStore::get(std::string_view key, std::string* value, StoreThreadMeter& meter) {
  Bucket& bucket = bucket_of(key);
  bool found = false;
  {
    auto lock = take(bucket.mutex, meter);
    found = find_into(bucket.items, key, value);
  }
  meter.state.store(StoreThreadState::kIdle, std::memory_order_relaxed);
  return found;
}

void BucketLockStore::set(std::string_view key, std::string_view value, StoreThreadMeter& meter) {
  Bucket& bucket = bucket_of(key);
  {
    auto lock = take(bucket.mutex, meter);
    bucket.items[std::string(key)].assign(value);
  }
  meter.state.store(StoreThreadState::kIdle, std::memory_order_relaxed);
}

size_t BucketLockStore::size() const {
  size_t total = 0;
  for (const auto& bucket : buckets_) {
    std::lock_guard lock(bucket.mutex);
    total += bucket.items.size();
  }
  return total;
}

}  // namespace scaleout::sim
