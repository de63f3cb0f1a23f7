// ViewModel: one pass over each event feeds every part of the view.
#include "model/view_model.hpp"

namespace scaleout::gui {

namespace {
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kRoundTripWindow = 10 * kSecond;
}  // namespace

ViewModel::ViewModel(HopOptions hops, size_t log_capacity) : hops_(hops), log_(log_capacity) {}

int ViewModel::server_index(const std::string& name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const sim::ServerSnapshot* ViewModel::server_status(const std::string& name) const {
  if (!status_) return nullptr;
  for (const auto& server : status_->world.servers) {
    if (server.name == name) return &server;
  }
  return nullptr;
}

void ViewModel::set_status(std::shared_ptr<const sim::WorldStatus> status) {
  if (status && status != status_) ++changes_;
  status_ = std::move(status);
  if (status_ && status_->redis.present) metrics_.set_redis_ops(status_->redis.ops_per_second);
}

void ViewModel::apply(const EventBatch& batch, int64_t display_ns) {
  if (!batch.names.empty()) names_ = batch.names;
  fell_behind_ += batch.dropped;
  for (const auto& event : batch.events)
    apply_one(event, display_ns);
  if (!batch.events.empty()) ++changes_;
}

void ViewModel::apply_one(const sim::TraceEvent& event, int64_t display_ns) {
  using sim::TraceKind;
  world_.apply(event, names_);
  const std::string& server =
      event.server < names_.size() ? names_[event.server] : std::string("?");
  int colour = -1;
  switch (event.kind) {
    case TraceKind::kRecv:
      colour = colours_.index_of(std::string(event.detail.view()));
      break;
    case TraceKind::kJoin:
      colours_.index_of(std::string(event.name.view()));
      break;
    case TraceKind::kDeliver:
      ++delivered_total_;
      break;
    case TraceKind::kDrop:
      ++lost_by_room_[std::string(event.name.view())];
      ++lost_by_server_[server];
      ++lost_by_reason_[std::string(event.detail.view())];
      break;
    case TraceKind::kPublish:
    case TraceKind::kRedisRecv: {
      std::string channel(event.name.view());
      ChannelView& view = channels_[channel];
      if (event.kind == TraceKind::kPublish) {
        view.publishers.insert(server);
        if (event.number) ++view.messages, ++channel_counts_[channel];
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
  hops_.on_event(event, world_, colour, display_ns);
  metrics_.on_event(event, server);

  LogEntry entry{event, server, {}};
  if (!event.socket.empty()) {
    if (auto client = world_.find_client(std::string(event.socket.view()))) {
      entry.client_name = world_.client(*client).name;
    }
  }
  log_.add(std::move(entry));
}

void ViewModel::advance(int64_t display_ns) {
  hops_.advance(display_ns);
  metrics_.advance(display_ns);
  if (channel_second_ns_ == 0) channel_second_ns_ = display_ns;
  if (display_ns - channel_second_ns_ >= kSecond) {
    const float seconds = static_cast<float>(display_ns - channel_second_ns_) / kSecond;
    for (auto& [name, view] : channels_) {
      auto counted = channel_counts_.find(name);
      view.per_second = counted == channel_counts_.end() ? 0 : counted->second / seconds;
    }
    channel_counts_.clear();
    channel_second_ns_ = display_ns;
  }
  if (round_trip_window_ns_ == 0) round_trip_window_ns_ = display_ns;
  if (round_trip_.samples == 0 && publish_latency_.count() > 0) {
    // Until the first window closes, show what there is.
    round_trip_ = RoundTrip{publish_latency_.quantile_ns(0.5) / 1e6,
                            publish_latency_.quantile_ns(0.99) / 1e6, publish_latency_.count()};
  }
  if (display_ns - round_trip_window_ns_ >= kRoundTripWindow) {
    round_trip_ = RoundTrip{publish_latency_.quantile_ns(0.5) / 1e6,
                            publish_latency_.quantile_ns(0.99) / 1e6, publish_latency_.count()};
    publish_latency_.reset();
    round_trip_window_ns_ = display_ns;
  }
}

}  // namespace scaleout::gui
