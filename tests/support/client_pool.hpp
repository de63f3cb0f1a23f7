// ClientPool: Socket.IO clients for integration tests, all on one io thread of their own, with
// blocking helpers (connect, emit with ack, wait for events) and an inbox per client.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scaleout/client/client.hpp"
#include "scaleout/protocol/json.hpp"

namespace scaleout::test {

using protocol::Json;
using namespace std::chrono_literals;

// Polls `condition` until it holds or `timeout` passes.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 5s);

class ClientPool {
 public:
  ClientPool();
  ~ClientPool();

  // Connects a new client to 127.0.0.1:port (sending `auth` in its CONNECT when not null);
  // returns its index, or -1 (with the reason in last_error()).
  int connect(uint16_t port, const std::string& nsp = "/", Json auth = nullptr);
  const std::string& last_error() const { return last_error_; }

  void emit(int client, const std::string& event, Json args);
  // The ack's arguments, or null after `timeout`.
  Json call(int client, const std::string& event, Json args,
            std::chrono::milliseconds timeout = 5s);

  // Every `event` the client received so far: each one's argument array.
  std::vector<Json> received(int client, const std::string& event) const;
  size_t count(int client, const std::string& event) const {
    return received(client, event).size();
  }
  bool connected(int client) const;
  std::string id(int client) const;
  std::string server(int client) const;

  void close(int client);
  void pause_reading(int client, bool paused);
  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<sim::Client> client;
    std::vector<std::pair<std::string, Json>> inbox;
    bool connected = false;
    std::string id;
    std::string server;
  };
  template <class Task>
  auto on_io(Task task) -> decltype(task());

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Entry>> entries_;
  std::string last_error_;
};

}  // namespace scaleout::test
