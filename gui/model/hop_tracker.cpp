// HopTracker: staged slow-motion pulses, loss marks and per-edge rates.
#include "model/hop_tracker.hpp"

#include <algorithm>

namespace scaleout::gui {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
// How long a message's timing is kept for hops that arrive late.
constexpr int64_t kMessageMemory = 15 * kSecond;
}  // namespace

std::string HopTracker::mid_of(uint32_t message) const {
  auto found = mids_.find(message);
  return found == mids_.end() ? std::string() : found->second;
}

bool HopTracker::animating(int64_t display_ns) const {
  if (!losses_.empty()) return true;
  return std::any_of(pulses_.begin(), pulses_.end(),
                     [&](const Pulse& pulse) { return pulse.end_ns > display_ns; });
}

HopTracker::Timing& HopTracker::timing_for(const sim::TraceEvent& event, int colour,
                                           int64_t display_ns) {
  std::string mid(event.mid.view());
  auto found = messages_.find(mid);
  if (found != messages_.end()) return found->second;
  // A hop of a message whose recv we never saw (it came from another process through Redis, or
  // before the window opened): its own hop is its first.
  Timing timing;
  timing.id = next_message_++;
  timing.anchor_ns = display_ns;
  timing.recv_ns = event.t_ns;
  timing.origin = event.server;
  timing.colour = colour;
  // Under load, whole messages are sampled rather than the first hops of many: the eye follows
  // complete journeys, and the edges' rates tell the rest.
  timing.shown = pulses_.size() < options_.max_pulses * 3 / 4;
  message_order_.emplace_back(display_ns, mid);
  mids_.emplace(timing.id, mid);
  return messages_.emplace(std::move(mid), timing).first->second;
}

void HopTracker::on_event(const sim::TraceEvent& event, const sim::WorldModel& world, int colour,
                          int64_t display_ns) {
  using sim::TraceKind;
  auto client_of = [&]() -> std::optional<uint32_t> {
    return world.find_client(std::string(event.socket.view()));
  };
  switch (event.kind) {
    case TraceKind::kRecv: {
      if (event.mid.empty()) return;  // joins, leaves, whoami: not a message that travels
      Timing& timing = timing_for(event, colour, display_ns);
      timing.colour = colour;
      if (auto client = client_of()) {
        add_pulse(EdgeKind::kClientToServer, event.server, *client, timing, 0, event.t_ns);
      }
      count(event.server, EdgeKind::kClientToServer);
      break;
    }
    case TraceKind::kPublish: {
      if (event.number == 0) return;  // never left: the drops will say so
      Timing& timing = timing_for(event, colour, display_ns);
      add_pulse(EdgeKind::kServerToRedis, event.server, 0, timing, 1, event.t_ns);
      count(event.server, EdgeKind::kServerToRedis);
      break;
    }
    case TraceKind::kRedisRecv: {
      Timing& timing = timing_for(event, colour, display_ns);
      add_pulse(EdgeKind::kRedisToServer, event.server, 0, timing, 2, event.t_ns);
      count(event.server, EdgeKind::kRedisToServer);
      break;
    }
    case TraceKind::kDeliver: {
      auto client = client_of();
      count(event.server, EdgeKind::kServerToClient);
      if (!client || event.mid.empty()) return;
      Timing& timing = timing_for(event, colour, display_ns);
      add_pulse(EdgeKind::kServerToClient, event.server, *client, timing,
                event.server == timing.origin ? 1 : 3, event.t_ns);
      break;
    }
    case TraceKind::kDrop: {
      auto client = client_of();
      if (event.server >= counting_.size()) counting_.resize(event.server + 1);
      counting_[event.server].drops += 1;
      if (!client) return;
      losses_.push_back(LossMark{*client, event.server, std::string(event.detail.view()),
                                 std::string(event.name.view()), display_ns});
      // Many drops at once (a room split across servers at a high rate) keep only the newest.
      if (losses_.size() > options_.max_pulses) losses_.pop_front();
      break;
    }
    default:
      break;
  }
}

void HopTracker::add_pulse(EdgeKind edge, uint16_t server, uint32_t client, const Timing& timing,
                           int stage, int64_t event_ns) {
  const int64_t hop = options_.hop_ns;
  const int64_t real_offset = std::max<int64_t>(0, event_ns - timing.recv_ns);
  // Ends no sooner than its stage allows, nor sooner than it really happened after the first hop.
  const int64_t end = timing.anchor_ns + std::max<int64_t>((stage + 1) * hop, real_offset + hop);
  const int64_t start = end - hop;
  if (real_offset > 0) slowdown_ = static_cast<double>(end - timing.anchor_ns) / real_offset;
  if (!timing.shown || pulses_.size() >= options_.max_pulses) {
    ++aggregated_this_second_;
    return;
  }
  pulses_.push_back(Pulse{edge, server, client, timing.colour, start, end, timing.id});
}

void HopTracker::count(uint16_t server, EdgeKind edge) {
  if (server >= counting_.size()) counting_.resize(server + 1);
  EdgeRates& rates = counting_[server];
  switch (edge) {
    case EdgeKind::kClientToServer:
      rates.client_to_server += 1;
      break;
    case EdgeKind::kServerToRedis:
      rates.server_to_redis += 1;
      break;
    case EdgeKind::kRedisToServer:
      rates.redis_to_server += 1;
      break;
    case EdgeKind::kServerToClient:
      rates.server_to_clients += 1;
      break;
  }
}

void HopTracker::advance(int64_t display_ns) {
  std::erase_if(pulses_, [&](const Pulse& pulse) { return pulse.end_ns <= display_ns; });
  while (!losses_.empty() && losses_.front().start_ns + options_.loss_mark_ns <= display_ns)
    losses_.pop_front();
  while (!message_order_.empty() && message_order_.front().first + kMessageMemory < display_ns) {
    auto found = messages_.find(message_order_.front().second);
    if (found != messages_.end()) {
      mids_.erase(found->second.id);
      messages_.erase(found);
    }
    message_order_.pop_front();
  }
  if (second_start_ns_ == 0) second_start_ns_ = display_ns;
  if (display_ns - second_start_ns_ >= kSecond) {
    const float seconds = static_cast<float>(display_ns - second_start_ns_) / kSecond;
    rates_.assign(counting_.size(), EdgeRates{});
    for (size_t i = 0; i < counting_.size(); ++i) {
      rates_[i].client_to_server = counting_[i].client_to_server / seconds;
      rates_[i].server_to_redis = counting_[i].server_to_redis / seconds;
      rates_[i].redis_to_server = counting_[i].redis_to_server / seconds;
      rates_[i].server_to_clients = counting_[i].server_to_clients / seconds;
      rates_[i].drops = counting_[i].drops / seconds;
    }
    counting_.assign(counting_.size(), EdgeRates{});
    aggregated_last_second_ = aggregated_this_second_;
    aggregated_this_second_ = 0;
    second_start_ns_ = display_ns;
  }
}

}  // namespace scaleout::gui
