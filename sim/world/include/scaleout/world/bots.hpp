// Bots: clients inside the process that keep a world lively without any outside client. Each bot
// is a real Socket.IO client (WebSocket, the real protocol) that connects through the load
// balancer, joins one of R rooms ("room-0" ...) and, all together, they say something at a given
// total rate.
// A bot whose connection ends (its server was killed, Redis went away, ...) connects again after a
// pause, as socket.io-client does. They run on their own thread, apart from the servers.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/client/client.hpp"

namespace scaleout::sim {

struct BotOptions {
  int count = 0;
  int rooms = 3;
  double says_per_second = 2.0;  // for all bots together
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // the load balancer's (or one server's)
  std::string nsp = "/";
};

class Bots {
 public:
  explicit Bots(BotOptions options);
  ~Bots();
  Bots(const Bots&) = delete;
  Bots& operator=(const Bots&) = delete;

  void start();
  void stop();

  // Changes what they say per second, all together (0: silence), from any thread.
  void set_rate(double says_per_second);
  double rate() const { return rate_.load(std::memory_order_relaxed); }

  size_t connected() const { return connected_.load(std::memory_order_relaxed); }
  uint64_t said() const { return said_.load(std::memory_order_relaxed); }
  uint64_t heard() const { return heard_.load(std::memory_order_relaxed); }

 private:
  struct Bot {
    int index = 0;
    std::shared_ptr<Client> client;
    std::unique_ptr<boost::asio::steady_timer> retry;
    bool joined = false;
  };

  void connect(Bot& bot);
  std::string room_of(const Bot& bot) const;
  void schedule_retry(Bot& bot);
  void schedule_say();
  void say();

  BotOptions options_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::vector<std::unique_ptr<Bot>> bots_;
  boost::asio::steady_timer chat_timer_;
  size_t next_speaker_ = 0;
  std::mt19937 random_{std::random_device{}()};
  std::atomic<double> rate_{0};
  std::atomic<size_t> connected_{0};
  std::atomic<uint64_t> said_{0};
  std::atomic<uint64_t> heard_{0};
  bool stopping_ = false;
};

}  // namespace scaleout::sim
