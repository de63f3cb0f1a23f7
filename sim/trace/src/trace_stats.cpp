// TraceStats: counting trace events into per-server, per-room and per-channel statistics.
#include "scaleout/trace/trace_stats.hpp"

namespace scaleout::sim {
namespace {
// How long a message's arrival is remembered for measuring its deliveries.
constexpr int64_t kOriginMemoryNs = 30'000'000'000;
}  // namespace

void TraceStats::count(StatsSnapshot& into, const TraceEvent& event, const std::string& server,
                       const Origin* origin) {
  if (event.kind == TraceKind::kLink) return;  // the network's, not a server's
  TrafficStats& at_server = into.servers[server];
  switch (event.kind) {
    case TraceKind::kRecv: {
      at_server.counters.received++;
      at_server.counters.bytes_in += event.bytes;
      if (!event.mid.empty()) {
        std::string key = std::string(event.nsp.view()) + " " + std::string(event.detail.view());
        into.rooms[key].counters.received++;
      }
      break;
    }
    case TraceKind::kPublish: {
      TrafficStats& channel = into.channels[std::string(event.name.view())];
      if (event.number) {
        at_server.counters.published++;
        at_server.counters.bytes_published += event.bytes;
        channel.counters.published++;
        channel.counters.bytes_published += event.bytes;
      } else {
        at_server.counters.publish_failed++;
        channel.counters.publish_failed++;
      }
      break;
    }
    case TraceKind::kRedisRecv:
      at_server.counters.from_redis++;
      into.channels[std::string(event.name.view())].counters.from_redis++;
      break;
    case TraceKind::kDeliver:
      at_server.counters.delivered++;
      if (origin) {
        const int64_t latency = event.t_ns - origin->recv_ns;
        at_server.latency.record(latency);
        TrafficStats& room = into.rooms[origin->room_key];
        room.counters.delivered++;
        room.latency.record(latency);
      }
      break;
    case TraceKind::kDrop:
      at_server.counters.dropped++;
      into.rooms[std::string(event.nsp.view()) + " " + std::string(event.name.view())]
          .counters.dropped++;
      break;
    case TraceKind::kAdapterError:
      at_server.counters.adapter_errors++;
      break;
    case TraceKind::kRedisCmd:
      at_server.counters.redis_commands++;
      break;
    default:
      break;
  }
}

void TraceStats::on_events(std::span<const TraceEvent> events, const ServerNames& names) {
  std::lock_guard lock(mutex_);
  for (const auto& event : events) {
    const std::string& server =
        event.server < names.size() ? names[event.server] : std::string("?");
    if (event.kind == TraceKind::kRecv && !event.mid.empty()) {
      std::string mid(event.mid.view());
      origins_[mid] = Origin{
          event.t_ns, std::string(event.nsp.view()) + " " + std::string(event.detail.view())};
      origin_order_.emplace_back(event.t_ns, std::move(mid));
    }
    const Origin* origin = nullptr;
    if (event.kind == TraceKind::kDeliver && !event.mid.empty()) {
      auto found = origins_.find(std::string(event.mid.view()));
      if (found != origins_.end()) origin = &found->second;
    }
    count(total_, event, server, origin);
    count(window_, event, server, origin);
  }
  // Forget arrivals older than any delivery worth measuring.
  if (!events.empty()) {
    const int64_t horizon = events.back().t_ns - kOriginMemoryNs;
    while (origin_head_ < origin_order_.size() && origin_order_[origin_head_].first < horizon) {
      auto found = origins_.find(origin_order_[origin_head_].second);
      if (found != origins_.end() && found->second.recv_ns == origin_order_[origin_head_].first) {
        origins_.erase(found);
      }
      ++origin_head_;
    }
    if (origin_head_ > 4096 && origin_head_ * 2 > origin_order_.size()) {
      origin_order_.erase(origin_order_.begin(), origin_order_.begin() + origin_head_);
      origin_head_ = 0;
    }
  }
}

StatsSnapshot TraceStats::snapshot() const {
  std::lock_guard lock(mutex_);
  return total_;
}

StatsSnapshot TraceStats::window() {
  std::lock_guard lock(mutex_);
  StatsSnapshot out = std::move(window_);
  window_ = StatsSnapshot();
  return out;
}

}  // namespace scaleout::sim
