// Clients for the flow-control tests, each a real Socket.IO client (sim::Client over a real
// WebSocket) on an io thread of its own, so that a publisher flooding a room never slows down
// the reader's thread:
//   - BurstMember joins a room and counts the `said` messages it reads, by a byte scan of the raw
//     frames (no JSON parse, no copy: a reader that keeps up), checking that their numbers come
//     in order; it can stop reading altogether.
//   - BurstPublisher joins the room too (it reads its own messages back) and says numbered
//     messages with a fixed-size pad for a while, as fast as the server acknowledges them (at
//     most `window` says wait for their ack at any moment), or at a given pace.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "scaleout/client/client.hpp"

namespace scaleout::test {

// One io_context on its own thread, with one client on it.
class ClientThread {
 public:
  ClientThread();
  ~ClientThread();
  ClientThread(const ClientThread&) = delete;
  ClientThread& operator=(const ClientThread&) = delete;

  boost::asio::io_context& io() { return io_; }
  // Runs `task` on the client's thread and waits for it.
  void run(const std::function<void()>& task);

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

class BurstMember {
 public:
  // Connects to 127.0.0.1:port and joins `room`; throws std::runtime_error if it cannot.
  BurstMember(uint16_t port, const std::string& room);
  ~BurstMember();

  void pause_reading(bool paused);
  uint64_t received() const { return received_.load(); }
  // False once a message arrived out of order or one was missed.
  bool in_order() const { return in_order_.load(); }
  bool connected() const { return connected_.load(); }
  std::string disconnect_reason() const;
  const std::string& id() const { return id_; }

 private:
  ClientThread thread_;
  std::shared_ptr<sim::Client> client_;
  std::string id_;
  std::atomic<uint64_t> received_{0};
  std::atomic<bool> in_order_{true};
  std::atomic<bool> connected_{false};
  mutable std::mutex mutex_;
  std::string disconnect_reason_;
};

struct FloodResult {
  uint64_t said = 0;   // messages sent
  uint64_t acked = 0;  // of which the server acknowledged
  std::chrono::milliseconds took{0};
};

class BurstPublisher {
 public:
  BurstPublisher(uint16_t port, const std::string& room);
  ~BurstPublisher();

  // Says {room, n, pad} with `pad_bytes` of pad (text, or a binary attachment) for `duration`
  // (no more than `per_second` says a second, when not 0), then waits (up to `settle`) for the
  // last acks.
  FloodResult flood(size_t pad_bytes, std::chrono::milliseconds duration, int window,
                    int per_second = 0, bool binary_pad = false,
                    std::chrono::milliseconds settle = std::chrono::seconds(30));
  bool connected() const { return connected_.load(); }
  std::string disconnect_reason() const;
  const std::string& id() const { return id_; }
  // Its own messages read back.
  uint64_t received() const { return received_.load(); }

 private:
  ClientThread thread_;
  std::string room_;
  std::shared_ptr<sim::Client> client_;
  std::string id_;
  std::atomic<bool> connected_{false};
  std::atomic<uint64_t> received_{0};
  mutable std::mutex mutex_;
  std::string disconnect_reason_;
};

}  // namespace scaleout::test
