// ServerInstance: one Socket.IO server on its own loopback port and its own io_context thread.
// Several run side by side in one process; everything inside one instance happens on its
// thread, and other threads reach it only through call() or post().
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <atomic>
#include <functional>

#include "scaleout/server/app.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/server_options.hpp"
#include "scaleout/server/server_snapshot.hpp"
#include "scaleout/trace/server_trace.hpp"

namespace scaleout::adapter {
class RedisLink;
}

namespace scaleout::sim {

class EngineServer;
class AcceptLoop;
class SioServer;

class ServerInstance {
 public:
  // Things a person watching should be told (Redis lost and back, a message that could not be
  // decoded). Called on the server's thread: print, do not block.
  using NoticeHandler = std::function<void(const std::string& server, const std::string& text)>;

  // With no app, the instance runs the DemoApp. The trace is off unless given a ring.
  explicit ServerInstance(ServerOptions options, ServerTrace trace = {},
                          std::unique_ptr<App> app = nullptr);
  ~ServerInstance();
  ServerInstance(const ServerInstance&) = delete;
  ServerInstance& operator=(const ServerInstance&) = delete;

  // Binds and starts the thread. Throws std::runtime_error saying why it could not listen.
  void start();
  // Closes every connection (clients see a normal close), then stops the thread.
  void stop();
  // Stops at once, as if the process died: connections are cut, nothing is flushed.
  void kill();

  // Set before start().
  void set_notice_handler(NoticeHandler handler) { notice_ = std::move(handler); }
  // While stopped: the adapter of the next start().
  void set_adapter(AdapterKind adapter) { options_.adapter = adapter; }

  bool running() const { return thread_.joinable(); }
  // With a redis adapter: whether its link to Redis is up (readable from any thread).
  bool redis_up() const { return redis_up_.load(std::memory_order_relaxed); }
  const std::string& name() const { return options_.name; }
  const ServerOptions& options() const { return options_; }
  uint16_t port() const { return port_; }
  std::string url() const;
  boost::asio::io_context& io() { return *io_; }

  // A copy of the server's state, made on its own thread.
  ServerSnapshot snapshot();

  // Runs `task` on the server's thread later, without waiting; false when it is not running.
  bool post(std::function<void(SioServer&)> task) {
    if (!running()) return false;
    boost::asio::post(*io_, [this, task = std::move(task)] { task(*sio_); });
    return true;
  }

  // Runs `task` on the server's thread and waits for its result. Only for short tasks.
  template <class Task>
  auto call(Task task) -> decltype(task(std::declval<SioServer&>())) {
    using Result = decltype(task(std::declval<SioServer&>()));
    if (!running()) return task(*sio_);
    std::packaged_task<Result()> job([&] { return task(*sio_); });
    auto result = job.get_future();
    boost::asio::post(*io_, [&job] { job(); });
    return result.get();
  }

 private:
  class Observer;

  void halt(bool graceful);
  AdapterFactory make_adapter_factory();
  void notice(const std::string& text);

  ServerOptions options_;
  ServerTrace trace_;
  NoticeHandler notice_;
  std::unique_ptr<Observer> observer_;
  // Made anew by each start(): destroying it is what cuts a killed server's connections.
  std::unique_ptr<boost::asio::io_context> io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<App> app_;
  std::unique_ptr<adapter::RedisLink> link_;
  std::unique_ptr<EngineServer> engine_;
  std::unique_ptr<SioServer> sio_;
  std::shared_ptr<AcceptLoop> listener_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::atomic<bool> redis_up_{false};
};

}  // namespace scaleout::sim
