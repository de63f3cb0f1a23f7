// LinkGate: HTTP messages crossing links whole. The balancer reads a request (a long-polling
// GET or POST, a handshake, an upgrade) completely before it forwards it, and a response before
// it returns it; between the two it lets the message through a LinkGate, which holds it for what
// its bytes would wait on the path: the transmission time at the bandwidth, then the latency
// (+- jitter), never overtaking the message before it, and no moment while the path is
// partitioned (a healed partition lets it go at once if its time has come). On a path that is
// down the message never passes: `on_down` is called instead, at once or when `down` is set.
// One message at a time; its owner's on_link_changed() must call on_link_changed() here.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "scaleout/links/link_path.hpp"

namespace scaleout::sim {

class LinkGate {
 public:
  explicit LinkGate(boost::asio::any_io_executor executor) : timer_(std::move(executor)) {}

  // Calls `on_crossed` when a message of `bytes` bytes, sent now, has crossed `path` in
  // `direction`: inside this call when the path has no fault. `keep_alive` is held while the
  // message waits.
  void cross(LinkPath& path, LinkDirection direction, size_t bytes,
             std::shared_ptr<void> keep_alive, std::function<void()> on_crossed,
             std::function<void()> on_down);
  void on_link_changed();
  // Forgets the waiting message; neither callback is called.
  void cancel();

 private:
  void check();
  void wait_until(int64_t due_ns);

  boost::asio::steady_timer timer_;
  LinkPath* path_ = nullptr;
  LinkDirection direction_ = LinkDirection::kUpstream;
  int64_t due_ns_ = 0;
  std::shared_ptr<void> keep_alive_;
  std::function<void()> on_crossed_;
  std::function<void()> on_down_;
  bool waiting_ = false;
  uint64_t wait_id_ = 0;
  // Per direction: when the wire is free, and the due time of the last message.
  int64_t wire_free_ns_[2] = {0, 0};
  int64_t last_due_ns_[2] = {0, 0};
};

}  // namespace scaleout::sim
