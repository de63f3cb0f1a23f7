// AdapterWatch: any deployment's adapter traffic as a trace, for the window's observe mode
// (`scaleout gui --observe redis://...`). It attaches read-only to a Redis used by Socket.IO
// servers — ours, Node's @socket.io/redis-adapter, @socket.io/redis-emitter — and, on a thread of
// its own, turns what it sees into trace events handed to a TraceSink:
//   a new sender uid        server_up + redis_up for a server named by that uid
//   a broadcast             publish (channel, bytes, mid; detail: its rooms) on the sender's server
//   a request / a response  publish on the request or response channel, detail: its kind and id
//   anything undecodable    adapter_error on the server "unknown"
// Only what Redis carries is shown: who received a broadcast is not seen from outside (with the
// classic adapter every server does).
//
// Like `scaleout observe`, it only PSUBSCRIBEs (pattern subscribers are not counted by PUBSUB
// NUMSUB, so Node's request counting is unaffected) and never publishes.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "scaleout/adapter/redis_endpoint.hpp"
#include "scaleout/trace/trace_collector.hpp"

namespace scaleout::adapter {
class RedisLink;
}

namespace scaleout::sim {

class AdapterWatch {
 public:
  // `sink` hears every event, on the watch's thread.
  AdapterWatch(adapter::RedisEndpoint endpoint, std::string key, TraceSink& sink);
  ~AdapterWatch();
  AdapterWatch(const AdapterWatch&) = delete;
  AdapterWatch& operator=(const AdapterWatch&) = delete;

  // Before start(): told when the watch's own link to Redis goes down or comes back (on its
  // thread). The servers' links are not seen from outside.
  void set_status_handler(std::function<void(bool up, const std::string& reason)> handler) {
    on_status_ = std::move(handler);
  }
  void start();
  void stop();

 private:
  void on_message(std::string_view channel, std::string_view payload);
  uint16_t server_for(const std::string& uid, int64_t t_ns);
  void emit(TraceEvent event);

  adapter::RedisEndpoint endpoint_;
  std::string key_;
  TraceSink& sink_;
  boost::asio::io_context io_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<adapter::RedisLink> link_;
  std::thread thread_;
  std::function<void(bool, const std::string&)> on_status_;
  ServerNames names_;
  std::unordered_map<std::string, uint16_t> server_of_uid_;
};

}  // namespace scaleout::sim
