// TraceCollector: the collector thread, draining every server's ring into the sinks.
#include "scaleout/trace/trace_collector.hpp"

#include <algorithm>
#include <queue>

#include "loss_detector.hpp"
#include "scaleout/adapter/clock.hpp"

namespace scaleout::sim {

namespace {
constexpr auto kFlushPeriod = std::chrono::milliseconds(500);
}

TraceCollector::TraceCollector(TraceCollectorOptions options) : options_(options) {
  if (options_.detect_loss) {
    loss_ = std::make_unique<LossDetector>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(options_.loss_settle));
  }
}

TraceCollector::~TraceCollector() {
  stop();
}

ServerTrace TraceCollector::register_server(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto found = std::find(names_.begin(), names_.end(), name);
  size_t index = static_cast<size_t>(found - names_.begin());
  if (found == names_.end()) {
    names_.push_back(name);
    rings_.push_back(std::make_shared<TraceRing>(options_.ring_capacity));
  }
  return ServerTrace(static_cast<uint16_t>(index), rings_[index]);
}

std::vector<std::string> TraceCollector::server_names() const {
  std::lock_guard lock(mutex_);
  return names_;
}

uint64_t TraceCollector::dropped() const {
  std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const auto& ring : rings_)
    total += ring->dropped();
  return total;
}

void TraceCollector::start() {
  if (running_.exchange(true)) return;
  last_flush_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

void TraceCollector::stop() {
  if (!running_.exchange(false)) return;
  wake_.notify_all();
  thread_.join();
  collect_once(/*final=*/true);
}

void TraceCollector::run() {
  while (running_.load()) {
    collect_once(/*final=*/false);
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, options_.drain_period, [this] { return !running_.load(); });
  }
}

// Each ring is in time order already: a k-way merge orders the batch with one copy per event.
void TraceCollector::merge_runs() {
  batch_.clear();
  using Head = std::pair<int64_t, size_t>;  // time of a run's next event, run index
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  std::vector<size_t> next(runs_.size(), 0);
  for (size_t i = 0; i < runs_.size(); ++i) {
    if (!runs_[i].empty()) heads.emplace(runs_[i][0].t_ns, i);
  }
  if (heads.size() == 1) {
    batch_.swap(runs_[heads.top().second]);
    return;
  }
  while (!heads.empty()) {
    const size_t run = heads.top().second;
    heads.pop();
    batch_.push_back(runs_[run][next[run]++]);
    if (next[run] < runs_[run].size()) heads.emplace(runs_[run][next[run]].t_ns, run);
  }
}

void TraceCollector::collect_once(bool final) {
  ServerNames names;
  std::vector<std::shared_ptr<TraceRing>> rings;
  {
    std::lock_guard lock(mutex_);
    names = names_;
    rings = rings_;
  }
  runs_.resize(rings.size());
  for (size_t i = 0; i < rings.size(); ++i) {
    runs_[i].clear();
    rings[i]->drain(runs_[i]);
  }
  merge_runs();
  const size_t collected = batch_.size();
  if (loss_) {
    std::vector<TraceEvent> drops;
    // Messages still inside their settle time at the end are left undecided, not called lost.
    loss_->process(std::span<const TraceEvent>(batch_.data(), collected), names,
                   adapter::monotonic_ns(), drops);
    batch_.insert(batch_.end(), drops.begin(), drops.end());
  }
  collected_.fetch_add(collected, std::memory_order_relaxed);
  if (!batch_.empty()) {
    for (TraceSink* sink : sinks_)
      sink->on_events(batch_, names);
  }
  const auto now = std::chrono::steady_clock::now();
  if (final || now - last_flush_ >= kFlushPeriod) {
    last_flush_ = now;
    for (TraceSink* sink : sinks_)
      sink->flush();
  }
}

}  // namespace scaleout::sim
