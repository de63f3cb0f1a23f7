// Link: one named hop of the world (`clients`, `s2`, `s2-redis`) and the faults set on each of
// its two directions. The controlling thread changes the faults; the threads that carry bytes
// across the link (the balancer's, the network's) read them. A reader checks version() (one
// atomic load) on every chunk and copies the faults only when it changed, so a link without
// faults costs almost nothing. Every connection crossing the link is registered as a watcher and
// is told of each change on its own thread (posted to its executor): that is how a fault reaches
// connections that are already open (Toxiproxy #148), and how a healed partition releases the
// bytes it held without anyone polling.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "scaleout/base/link_faults.hpp"

namespace scaleout::sim {

// A connection (or an HTTP exchange) crossing links: told when any of them changes.
class LinkWatcher {
 public:
  virtual ~LinkWatcher() = default;
  // On the watcher's own thread.
  virtual void on_link_changed() = 0;
};

class Link {
 public:
  Link(std::string name, LinkKind kind, std::string server);
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  const std::string& name() const { return name_; }
  LinkKind kind() const { return kind_; }
  const std::string& server() const { return server_; }  // empty for `clients`

  // Changes the faults of `directions`, then tells every watcher. Any thread.
  void change(LinkDirections directions, const LinkFaultChange& change);
  LinkFaults faults(LinkDirection direction) const;
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

  // `key` identifies the registration (one per LinkPath). Any thread.
  void watch(const void* key, std::weak_ptr<LinkWatcher> watcher,
             boost::asio::any_io_executor executor);
  void unwatch(const void* key);
  size_t connections() const;

 private:
  struct Watch {
    std::weak_ptr<LinkWatcher> watcher;
    boost::asio::any_io_executor executor;
  };

  const std::string name_;
  const LinkKind kind_;
  const std::string server_;
  mutable std::mutex mutex_;  // guards faults_ and watchers_
  LinkFaults faults_[2];
  std::unordered_map<const void*, Watch> watchers_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace scaleout::sim
