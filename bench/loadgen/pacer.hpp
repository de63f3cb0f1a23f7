// Pacer: sends a step's `say`s from the publishers of one io thread at a steady rate. Says are
// spread evenly over time (a tick every millisecond, or every 1/rate when that is longer; each
// tick sends what is due by then, so a late tick catches up instead of lowering the rate) and
// round-robin over the publishers. Each say is {room, ts, pad}: ts from monotonic_ns() at the
// moment it is emitted. It counts what it sent to each room, which is what the step owes.
//
// Runs on its io_context's thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scaleout/client/client.hpp"

namespace scaleout::bench {

struct Publisher {
  std::shared_ptr<sim::Client> client;
  size_t room = 0;
  std::string room_name;
};

class Pacer {
 public:
  // Says sent to each room, indexed like the rooms.
  using Done = std::function<void(std::vector<uint64_t> sent_per_room)>;

  Pacer(boost::asio::io_context& io, std::vector<Publisher> publishers, size_t rooms,
        size_t payload_bytes);

  // Sends `total` says at `rate` per second, then calls `done`.
  void run(double rate, uint64_t total, Done done);

 private:
  void schedule();
  void on_tick();
  void send_one();

  boost::asio::steady_timer timer_;
  std::vector<Publisher> publishers_;
  std::string pad_;
  std::vector<uint64_t> sent_per_room_;
  double rate_ = 0;
  uint64_t total_ = 0;
  uint64_t sent_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::nanoseconds period_{0};
  uint64_t ticks_ = 0;
  Done done_;
};

}  // namespace scaleout::bench
