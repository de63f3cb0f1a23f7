// LossDetector: overdue deliveries become drop events with a reason.
#include "loss_detector.hpp"

#include <algorithm>

namespace scaleout::sim {

void LossDetector::process(std::span<const TraceEvent> events, const ServerNames& names,
                           int64_t now_ns, std::vector<TraceEvent>& drops) {
  for (const auto& event : events)
    model_.apply(event, names);
  settle(now_ns - settle_.count(), now_ns, names, drops);
}

void LossDetector::settle(int64_t before_ns, int64_t now_ns, const ServerNames& names,
                          std::vector<TraceEvent>& drops) {
  std::vector<std::string> overdue;
  for (const auto& [mid, message] : model_.in_flight()) {
    // A latency on the Redis links gives its deliveries that much longer.
    if (message.recv_ns + message.link_delay_ns < before_ns) overdue.push_back(mid);
  }
  for (const auto& mid : overdue) {
    WorldModel::Message message = model_.take_message(mid);
    for (size_t i = 0; i < message.owed.size(); ++i) {
      if (message.delivered[i]) continue;
      const WorldModel::Client& member = model_.client(message.owed[i]);
      TraceEvent drop;
      drop.t_ns = now_ns;
      drop.kind = TraceKind::kDrop;
      auto index = std::find(names.begin(), names.end(), member.server);
      drop.server = static_cast<uint16_t>(index - names.begin());
      drop.nsp.assign(message.nsp);
      drop.socket.assign(member.socket);
      drop.mid.assign(message.mid);
      drop.name.assign(message.room);
      drop.detail.assign(reason(message, member));
      drops.push_back(drop);
    }
  }
}

const char* LossDetector::reason(const WorldModel::Message& message,
                                 const WorldModel::Client& member) const {
  if (!member.connected && member.disconnect_reason == "slow consumer") return "slow consumer";
  const auto& servers = model_.servers();
  auto target = servers.find(member.server);
  if (target != servers.end() && !target->second.up) return "server down";
  constexpr uint8_t kPartition = 1u << static_cast<unsigned>(LinkFaultKind::kPartition);
  constexpr uint8_t kDownOrSlow = (1u << static_cast<unsigned>(LinkFaultKind::kDown)) |
                                  (1u << static_cast<unsigned>(LinkFaultKind::kBandwidth));
  if (member.server != message.server) {
    auto origin = servers.find(message.server);
    if (origin != servers.end() && origin->second.adapter != "redis") return "no adapter";
    if (target != servers.end() && target->second.adapter != "redis") return "no adapter";
    // Across servers a message crosses the sender's Redis link up and the member's down.
    const uint8_t path = message.faults_seen(message.server + "-redis", LinkDirection::kUpstream) |
                         message.faults_seen(member.server + "-redis", LinkDirection::kDownstream);
    if (path & kPartition) return "partition";
    if (path & kDownOrSlow) return "network";
    if (message.publish_failed || message.origin_redis_down) return "redis down";
    // Down now, or down for a while since the message arrived: when Redis cuts a subscriber
    // that fell behind, what it held for it is gone, and the link comes back a moment later.
    if (target != servers.end() && target->second.redis_known &&
        (!target->second.redis_up || target->second.redis_up_ns >= message.recv_ns)) {
      return "redis down";
    }
  }
  if (!member.connected) {
    // Cut off by a link that went down on the member's way from its server.
    uint8_t hops = 0;
    for (auto direction : {LinkDirection::kUpstream, LinkDirection::kDownstream}) {
      hops |=
          message.faults_seen("clients", direction) | message.faults_seen(member.server, direction);
    }
    if (hops & (1u << static_cast<unsigned>(LinkFaultKind::kDown))) return "network";
    return "disconnected";
  }
  return "not delivered";
}

}  // namespace scaleout::sim
