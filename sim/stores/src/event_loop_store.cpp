// EventLoopStore: Redis' model in miniature. One thread owns the table; clients hand it requests
// through a queue (our stand-in for Redis' sockets) and block until it has answered. The loop
// takes every request queued at once, as one turn of Redis' event loop serves every ready
// socket, and runs them one after the other: no lock on the data, and no parallelism either.

#include "scaleout/adapter/clock.hpp"
#include "scaleout/stores/in_process_store.hpp"

namespace scaleout::sim {

struct EventLoopStore::Request {
  bool is_set = false;
  std::string_view key;
  std::string_view value;  // to set
  std::string* answer = nullptr;
  bool found = false;
  // The loop answers under the request's own mutex, so that the client, which destroys the
  // request as soon as it sees `done`, never does so while the loop still touches it.
  std::mutex mutex;
  std::condition_variable answered;
  bool done = false;
};

EventLoopStore::EventLoopStore() : loop_([this] { run_loop(); }) {}

EventLoopStore::~EventLoopStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  loop_.join();
}

void EventLoopStore::submit(Request& request, StoreThreadMeter& meter) {
  meter.state.store(StoreThreadState::kWaiting, std::memory_order_relaxed);
  const int64_t start = adapter::monotonic_ns();
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(&request);
  }
  queue_ready_.notify_one();
  {
    std::unique_lock lock(request.mutex);
    request.answered.wait(lock, [&] { return request.done; });
  }
  meter.waiting_ns.fetch_add(adapter::monotonic_ns() - start, std::memory_order_relaxed);
  meter.state.store(StoreThreadState::kIdle, std::memory_order_relaxed);
}

bool EventLoopStore::get(std::string_view key, std::string* value, StoreThreadMeter& meter) {
  Request request;
  request.key = key;
  request.answer = value;
  submit(request, meter);
  return request.found;
}

void EventLoopStore::set(std::string_view key, std::string_view value, StoreThreadMeter& meter) {
  Request request;
  request.is_set = true;
  request.key = key;
  request.value = value;
  submit(request, meter);
}

size_t EventLoopStore::size() const {
  return size_.load(std::memory_order_relaxed);
}

void EventLoopStore::run_loop() {
  std::vector<Request*> batch;
  while (true) {
    {
      std::unique_lock lock(queue_mutex_);
      loop_meter_.state.store(StoreThreadState::kIdle, std::memory_order_relaxed);
      queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nobody is left waiting for an answer
      batch.swap(queue_);
    }
    loop_meter_.state.store(StoreThreadState::kWorking, std::memory_order_relaxed);
    for (Request* request : batch) {
      if (request->is_set) {
        items_[std::string(request->key)].assign(request->value);
        size_.store(items_.size(), std::memory_order_relaxed);
      } else {
        auto found = items_.find(std::string(request->key));
        request->found = found != items_.end();
        if (request->found) *request->answer = found->second;
      }
      std::lock_guard lock(request->mutex);
      request->done = true;
      request->answered.notify_one();
    }
    batch.clear();
  }
}

}  // namespace scaleout::sim
