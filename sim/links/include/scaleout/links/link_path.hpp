// LinkPath: the links one connection crosses (one or two: `clients` then `s2` for a client's
// WebSocket through the balancer; `s2-redis` for a Redis connection), seen from that connection.
// It folds the links' faults into what each direction suffers now (PathFaults): latencies and
// jitters add up, the smallest bandwidth wins, and a partition or a down on any link holds or
// cuts the whole path. A fault with a probability hits the connection when the connection's own
// draw (one number in [0, 1), fixed for its life) is below it, so raising a probability from 10%
// to 20% keeps the first connections hit and adds more.
// Lives on its owner's thread; faults() is the per-chunk check and costs one atomic load per
// link when nothing changed.
#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>

#include "scaleout/links/link.hpp"

namespace scaleout::sim {

struct PathFaults {
  bool down = false;
  bool partition = false;
  int64_t delay_ns = 0;
  int64_t jitter_ns = 0;
  uint64_t bytes_per_second = 0;  // 0: no limit

  bool any() const {
    return down || partition || delay_ns != 0 || jitter_ns != 0 || bytes_per_second != 0;
  }
};

// A fresh draw for a new connection.
double draw_lottery();
// How long one chunk waits for the latency: delay_ns, plus or minus up to jitter_ns drawn
// uniformly, never below zero.
int64_t sample_delay_ns(const PathFaults& faults);

class LinkPath {
 public:
  explicit LinkPath(double lottery = draw_lottery()) : lottery_(lottery) {}
  ~LinkPath();
  LinkPath(const LinkPath&) = delete;
  LinkPath& operator=(const LinkPath&) = delete;

  // The links from the clients' side on; null ones are left out. Keeps watching if it was.
  void set(std::shared_ptr<Link> first, std::shared_ptr<Link> second = nullptr);

  const PathFaults& faults(LinkDirection direction) {
    if (changed()) refresh();
    return faults_[static_cast<size_t>(direction)];
  }
  // down is the same both ways.
  bool down() { return faults(LinkDirection::kUpstream).down; }

  // Has `watcher` told, on `executor`, of every change of the path's links.
  void watch(std::weak_ptr<LinkWatcher> watcher, boost::asio::any_io_executor executor);
  void unwatch();

 private:
  bool changed() const {
    for (size_t i = 0; i < links_.size(); ++i) {
      if (links_[i] && links_[i]->version() != versions_[i]) return true;
    }
    return false;
  }
  void refresh();

  double lottery_;
  std::array<std::shared_ptr<Link>, 2> links_;
  std::array<uint64_t, 2> versions_{};
  PathFaults faults_[2];
  std::weak_ptr<LinkWatcher> watcher_;
  boost::asio::any_io_executor executor_;
  bool watching_ = false;
};

}  // namespace scaleout::sim
