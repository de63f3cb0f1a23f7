// Metrics: per-second buckets, closed as time passes, kept for five minutes.
#include "model/metrics.hpp"

namespace scaleout::gui {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
// How long a message's arrival time is kept for the latency of its late deliveries.
constexpr int64_t kArrivalMemory = 30 * kSecond;
}  // namespace

void Metrics::on_event(const sim::TraceEvent& event, const std::string& server) {
  using sim::TraceKind;
  if (event.kind == TraceKind::kRecv && !event.mid.empty()) {
    std::string mid(event.mid.view());
    if (arrived_ns_.emplace(mid, event.t_ns).second) arrival_order_.emplace_back(event.t_ns, mid);
  }
  int64_t latency_ns = -1;
  if (event.kind == TraceKind::kDeliver && !event.mid.empty()) {
    auto arrived = arrived_ns_.find(std::string(event.mid.view()));
    if (arrived != arrived_ns_.end())
      latency_ns = std::max<int64_t>(0, event.t_ns - arrived->second);
  }
  advance(event.t_ns);
  count(total_, event, latency_ns);
  count(servers_[server], event, latency_ns);
}

void Metrics::count(Track& track, const sim::TraceEvent& event, int64_t latency_ns) {
  using sim::TraceKind;
  if (!track.started) {
    track.started = true;
    track.open.second = current_second_;
  }
  switch (event.kind) {
    case TraceKind::kRecv:
      ++track.open.received;
      break;
    case TraceKind::kPublish:
      ++track.open.published;
      break;
    case TraceKind::kRedisRecv:
      ++track.open.from_redis;
      break;
    case TraceKind::kDeliver:
      ++track.open.delivered;
      if (latency_ns >= 0) track.latency.record(latency_ns);
      break;
    case TraceKind::kDrop:
      ++track.open.dropped;
      break;
    default:
      break;
  }
}

void Metrics::advance(int64_t now_ns) {
  const int64_t second = now_ns / kSecond;
  if (second <= current_second_) return;
  close_until(total_, second);
  for (auto& [name, track] : servers_)
    close_until(track, second);
  current_second_ = second;
  forget_old_arrivals(now_ns);
}

void Metrics::close_until(Track& track, int64_t second) {
  if (!track.started) return;
  // A long gap (a recording's pause, a sleeping laptop) is not filled second by second.
  if (second - track.open.second > kSeconds) track.open.second = second - kSeconds;
  while (track.open.second < second) {
    SecondSample& done = track.open;
    done.p50_ms = static_cast<float>(track.latency.quantile_ns(0.5) / 1e6);
    done.p99_ms = static_cast<float>(track.latency.quantile_ns(0.99) / 1e6);
    if (&track == &total_) {
      done.redis_ops = static_cast<float>(redis_ops_);
      done.servers = static_cast<float>(servers_now_);
      done.desired = static_cast<float>(desired_now_);
    }
    track.closed.push_back(done);
    if (track.closed.size() > kSeconds) track.closed.pop_front();
    const int64_t next = done.second + 1;
    track.open = SecondSample{};
    track.open.second = next;
    track.latency.reset();
  }
}

void Metrics::forget_old_arrivals(int64_t now_ns) {
  while (!arrival_order_.empty() && arrival_order_.front().first < now_ns - kArrivalMemory) {
    arrived_ns_.erase(arrival_order_.front().second);
    arrival_order_.pop_front();
  }
}

std::map<std::string, const Metrics::Series*> Metrics::per_server() const {
  std::map<std::string, const Series*> out;
  for (const auto& [name, track] : servers_)
    out[name] = &track.closed;
  return out;
}

}  // namespace scaleout::gui
