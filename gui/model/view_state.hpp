// ViewState: what the window shows of the world at one moment, folded from the trace up to that
// moment — servers, clients and rooms (sim::WorldModel, without message tracking), the metrics,
// losses counted by room, server and reason, the Redis channels in use with their rates, and
// PUBLISH's round trip. A plain value: the timeline keeps copies of it as checkpoints, and seeking
// restores the nearest one and applies the events after it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "model/metrics.hpp"
#include "model/room_colours.hpp"
#include "scaleout/trace/latency_histogram.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::gui {

struct ChannelView {
  std::set<std::string> publishers;  // servers that published on it
  std::set<std::string> receivers;   // servers that received on it
  uint64_t messages = 0;
  float per_second = 0;
};

struct RoundTrip {
  double p50_ms = 0;
  double p99_ms = 0;
  uint64_t samples = 0;
};

struct ViewState {
  sim::WorldModel world{/*track_messages=*/false};
  Metrics metrics;
  std::map<std::string, uint64_t> lost_by_room;
  std::map<std::string, uint64_t> lost_by_server;
  std::map<std::string, uint64_t> lost_by_reason;
  uint64_t delivered = 0;
  std::map<std::string, ChannelView> channels;
  RoundTrip publish_round_trip;
  int64_t time_ns = 0;  // of the latest event applied

  // `colours` is shared by every state: a room keeps its colour whatever moment is shown.
  void apply(const sim::TraceEvent& event, const sim::ServerNames& names, RoomColours& colours);
  // Closes seconds and refreshes rates up to `now_ns` (trace time).
  void advance(int64_t now_ns);
  void set_redis_ops(double ops_per_second) { metrics.set_redis_ops(ops_per_second); }
  void set_servers(double servers, double desired) { metrics.set_servers(servers, desired); }

 private:
  std::map<std::string, uint64_t> channel_counts_;  // this second
  int64_t channel_second_ns_ = 0;
  sim::LatencyHistogram publish_latency_;
  int64_t round_trip_window_ns_ = 0;
};

}  // namespace scaleout::gui
