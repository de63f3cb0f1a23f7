// LinkPath: folding the faults of a connection's links, with its own probability draw.
#include "scaleout/links/link_path.hpp"

#include <algorithm>
#include <random>

namespace scaleout::sim {
namespace {

std::mt19937_64& random_engine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

}  // namespace

double draw_lottery() {
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_engine());
}

int64_t sample_delay_ns(const PathFaults& faults) {
  if (faults.jitter_ns == 0) return faults.delay_ns;
  const int64_t offset =
      std::uniform_int_distribution<int64_t>(-faults.jitter_ns, faults.jitter_ns)(random_engine());
  return std::max<int64_t>(0, faults.delay_ns + offset);
}

LinkPath::~LinkPath() {
  unwatch();
}

void LinkPath::set(std::shared_ptr<Link> first, std::shared_ptr<Link> second) {
  const bool was_watching = watching_;
  unwatch();
  links_ = {std::move(first), std::move(second)};
  refresh();
  if (was_watching) watch(watcher_, executor_);
}

void LinkPath::watch(std::weak_ptr<LinkWatcher> watcher, boost::asio::any_io_executor executor) {
  watcher_ = std::move(watcher);
  executor_ = std::move(executor);
  watching_ = true;
  for (const auto& link : links_) {
    if (link) link->watch(this, watcher_, executor_);
  }
}

void LinkPath::unwatch() {
  if (!watching_) return;
  watching_ = false;
  for (const auto& link : links_) {
    if (link) link->unwatch(this);
  }
}

void LinkPath::refresh() {
  for (auto direction : {LinkDirection::kUpstream, LinkDirection::kDownstream}) {
    PathFaults folded;
    for (size_t i = 0; i < links_.size(); ++i) {
      if (!links_[i]) continue;
      // The version first: a change that lands during the copy shows up as changed() next time.
      versions_[i] = links_[i]->version();
      const LinkFaults faults = links_[i]->faults(direction);
      auto hits = [&](double probability) { return lottery_ < probability; };
      if (faults.down && hits(faults.down->probability)) folded.down = true;
      if (faults.partition && hits(faults.partition->probability)) folded.partition = true;
      if (faults.latency && hits(faults.latency->probability)) {
        folded.delay_ns += std::chrono::nanoseconds(faults.latency->delay).count();
        folded.jitter_ns += std::chrono::nanoseconds(faults.latency->jitter).count();
      }
      if (faults.bandwidth && hits(faults.bandwidth->probability)) {
        const uint64_t rate = faults.bandwidth->bytes_per_second;
        folded.bytes_per_second =
            folded.bytes_per_second == 0 ? rate : std::min(folded.bytes_per_second, rate);
      }
    }
    faults_[static_cast<size_t>(direction)] = folded;
  }
}

}  // namespace scaleout::sim
