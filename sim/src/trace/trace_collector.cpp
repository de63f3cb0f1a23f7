// TraceCollector: the collector thread, draining every server's ring into the sinks.
#include "scaleout/sim/trace_collector.hpp"

#include <algorithm>

#include "scaleout/adapter/clock.hpp"
#include "trace/loss_detector.hpp"

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

void TraceCollector::collect_once(bool final) {
  ServerNames names;
  std::vector<std::shared_ptr<TraceRing>> rings;
  {
    std::lock_guard lock(mutex_);
    names = names_;
    rings = rings_;
  }
  batch_.clear();
  for (const auto& ring : rings)
    ring->drain(batch_);
  std::stable_sort(batch_.begin(), batch_.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
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
