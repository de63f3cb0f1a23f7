// Link: faults per direction, guarded by a mutex and announced by a version and to watchers.
#include "scaleout/links/link.hpp"

#include <boost/asio/post.hpp>

namespace scaleout::sim {

Link::Link(std::string name, LinkKind kind, std::string server)
    : name_(std::move(name)), kind_(kind), server_(std::move(server)) {}

void Link::change(LinkDirections directions, const LinkFaultChange& change) {
  std::lock_guard lock(mutex_);
  for (auto direction : {LinkDirection::kUpstream, LinkDirection::kDownstream}) {
    if (includes(directions, direction)) change.apply_to(faults_[static_cast<size_t>(direction)]);
  }
  version_.fetch_add(1, std::memory_order_release);
  // Posting never waits on the watcher's thread. The executors outlive their watchers: an owner
  // (the balancer, the network) stops its thread only from the controlling thread, which is
  // also the only one that calls change().
  for (const auto& [key, watch] : watchers_) {
    boost::asio::post(watch.executor, [watcher = watch.watcher] {
      if (auto alive = watcher.lock()) alive->on_link_changed();
    });
  }
}

LinkFaults Link::faults(LinkDirection direction) const {
  std::lock_guard lock(mutex_);
  return faults_[static_cast<size_t>(direction)];
}

void Link::watch(const void* key, std::weak_ptr<LinkWatcher> watcher,
                 boost::asio::any_io_executor executor) {
  std::lock_guard lock(mutex_);
  watchers_[key] = Watch{std::move(watcher), std::move(executor)};
}

void Link::unwatch(const void* key) {
  std::lock_guard lock(mutex_);
  watchers_.erase(key);
}

size_t Link::connections() const {
  std::lock_guard lock(mutex_);
  return watchers_.size();
}

}  // namespace scaleout::sim
