// ViewState: one event at a time into the world, the metrics and the counters.
#include "model/view_state.hpp"

namespace scaleout::gui {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kRoundTripWindow = 10 * kSecond;
}  // namespace

void ViewState::apply(const sim::TraceEvent& event, const sim::ServerNames& names,
                      RoomColours& colours) {
  using sim::TraceKind;
  world.apply(event, names);
  time_ns = std::max(time_ns, event.t_ns);
  const std::string& server = event.server < names.size() ? names[event.server] : std::string("?");
  switch (event.kind) {
    case TraceKind::kRecv:
      colours.index_of(std::string(event.detail.view()));
      break;
    case TraceKind::kJoin:
      colours.index_of(std::string(event.name.view()));
      break;
    case TraceKind::kDeliver:
      ++delivered;
      break;
    case TraceKind::kDrop:
      ++lost_by_room[std::string(event.name.view())];
      ++lost_by_server[server];
      ++lost_by_reason[std::string(event.detail.view())];
      break;
    case TraceKind::kPublish:
    case TraceKind::kRedisRecv: {
      std::string channel(event.name.view());
      ChannelView& view = channels[channel];
      if (event.kind == TraceKind::kPublish) {
        view.publishers.insert(server);
        if (event.number) {
          ++view.messages;
          ++channel_counts_[channel];
        }
      } else {
        view.receivers.insert(server);
      }
      break;
    }
    case TraceKind::kRedisCmd:
      if (event.name.view() == "PUBLISH") publish_latency_.record(event.number);
      break;
    default:
      break;
  }
  metrics.on_event(event, server);
}

void ViewState::advance(int64_t now_ns) {
  metrics.advance(now_ns);
  if (channel_second_ns_ == 0) channel_second_ns_ = now_ns;
  if (now_ns - channel_second_ns_ >= kSecond) {
    const float seconds = static_cast<float>(now_ns - channel_second_ns_) / kSecond;
    for (auto& [name, view] : channels) {
      auto counted = channel_counts_.find(name);
      view.per_second = counted == channel_counts_.end() ? 0 : counted->second / seconds;
    }
    channel_counts_.clear();
    channel_second_ns_ = now_ns;
  }
  if (round_trip_window_ns_ == 0) round_trip_window_ns_ = now_ns;
  auto measured = [&] {
    return RoundTrip{publish_latency_.quantile_ns(0.5) / 1e6,
                     publish_latency_.quantile_ns(0.99) / 1e6, publish_latency_.count()};
  };
  // Until the first window closes, show what there is.
  if (publish_round_trip.samples == 0 && publish_latency_.count() > 0) {
    publish_round_trip = measured();
  }
  if (now_ns - round_trip_window_ns_ >= kRoundTripWindow) {
    publish_round_trip = measured();
    publish_latency_.reset();
    round_trip_window_ns_ = now_ns;
  }
}

}  // namespace scaleout::gui
