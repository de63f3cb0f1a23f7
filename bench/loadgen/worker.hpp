// Worker: one io thread of the load generator and the clients that live on it. It connects its
// clients a window at a time (and has each join its room), counts the `said` frames they get,
// times them on live clients, and paces the `say`s of its publishers.
//
// Reading in batches: once start_batching() is called, the thread no longer waits in epoll_wait
// but sleeps for the period and then handles everything that became ready meanwhile (poll()).
// This matters more than it seems: a thread blocked in epoll_wait is woken by every segment a
// server writes to any of its sockets, and on loopback the *server* pays for that wake-up inside
// its write (sock_def_readable -> ep_poll_callback -> try_to_wake_up), several microseconds per
// delivery, which would be charged to the server under test. A sleeping thread that is not in
// epoll_wait costs the writer nothing. Real clients on other machines never cost a server that.
//
// Everything about the clients happens on the worker's thread; the main thread calls the public
// methods, which post there (those returning a future complete once the thread has done it).
// The counters are atomics that only the worker's thread writes, read by anyone.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "options.hpp"
#include "pacer.hpp"
#include "scaleout/client/client.hpp"

namespace scaleout::bench {

enum class Role {
  kPublisher,  // sends the says; counts what it gets (it is in its room)
  kLive,       // reads at once, counts and times every `said`
  kCounter,    // counts `said` frames, reading in batches
};

struct ClientSpec {
  ServerUrl server;
  size_t room = 0;
  std::string room_name;
  Role role = Role::kCounter;
};

class Worker {
 public:
  Worker();
  ~Worker();  // stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();
  // Aborts every client and joins the thread.
  void stop();

  // Creates and connects `specs`, `window` at a time; each joins its room when `join` is set.
  // Progress shows in connected(), joined() and failed().
  void connect(std::vector<ClientSpec> specs, size_t window, bool join);
  // From now on the thread handles its sockets once per `period` (see above).
  void start_batching(std::chrono::milliseconds period);
  // Sends `total` says at `rate` from this worker's publishers; the future holds the says sent
  // to each room.
  std::future<std::vector<uint64_t>> publish(double rate, uint64_t total, size_t rooms,
                                             size_t payload_bytes);
  // The latencies (ns) timed since the last call.
  std::future<std::vector<int64_t>> take_latencies();

  size_t publishers() const { return publishers_count_; }
  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  uint64_t connected() const { return connected_.load(std::memory_order_relaxed); }
  uint64_t joined() const { return joined_.load(std::memory_order_relaxed); }
  uint64_t failed() const { return failed_.load(std::memory_order_relaxed); }
  uint64_t disconnected() const { return disconnected_.load(std::memory_order_relaxed); }
  // The first connection failure or disconnection reason, "" when none.
  std::string first_error() const;

 private:
  void connect_more();
  void connect_one(size_t index);
  void on_connected(size_t index, const std::string& error);
  void on_client_done();
  void install_handlers(sim::Client& client, Role role);
  void run_thread();
  void note_error(const std::string& error);
  static void bump(std::atomic<uint64_t>& counter) {
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;

  std::vector<ClientSpec> specs_;
  std::vector<std::shared_ptr<sim::Client>> clients_;
  size_t window_ = 1;
  size_t next_ = 0;
  size_t in_flight_ = 0;
  bool join_ = true;
  size_t publishers_count_ = 0;

  std::atomic<int64_t> batch_period_ms_{0};  // 0: wait in epoll_wait as usual
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Pacer> pacer_;
  std::vector<int64_t> latencies_;

  alignas(64) std::atomic<uint64_t> delivered_{0};
  alignas(64) std::atomic<uint64_t> connected_{0};
  std::atomic<uint64_t> joined_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> disconnected_{0};
  mutable std::mutex error_mutex_;
  std::string first_error_;
};

}  // namespace scaleout::bench
