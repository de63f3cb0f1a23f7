// ViewModel: everything the window draws, computed from the trace (and, for a live world, the
// latest WorldStatus), with no ImGui and no OpenGL, so that it can be tested alone. Each frame the
// window hands it the events that arrived (apply), the status (set_status) and the time
// (advance); the draw_* functions only read it.
//
// It holds the world model (servers, clients, rooms; sim::WorldModel without message tracking),
// the hop animations, the metrics, the event log, each room's colour, losses counted by room,
// server and reason, the Redis channels in use with their rates, and Redis' PUBLISH round trip.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "model/event_feed.hpp"
#include "model/event_log.hpp"
#include "model/hop_tracker.hpp"
#include "model/metrics.hpp"
#include "model/room_colours.hpp"
#include "scaleout/sim/latency_histogram.hpp"
#include "scaleout/sim/world_model.hpp"
#include "scaleout/sim/world_status.hpp"

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

class ViewModel {
 public:
  explicit ViewModel(HopOptions hops = {}, size_t log_capacity = 100000);

  void apply(const EventBatch& batch, int64_t display_ns);
  void set_status(std::shared_ptr<const sim::WorldStatus> status);
  // Moves the clocks on: animations, metrics' seconds, channel rates.
  void advance(int64_t display_ns);

  const sim::WorldModel& world() const { return world_; }
  const sim::ServerNames& names() const { return names_; }
  // The trace index of a server, or -1.
  int server_index(const std::string& name) const;
  // The latest status of a live world; nullptr for a recording.
  const sim::WorldStatus* status() const { return status_.get(); }
  const sim::ServerSnapshot* server_status(const std::string& name) const;

  HopTracker& hops() { return hops_; }
  const HopTracker& hops() const { return hops_; }
  const Metrics& metrics() const { return metrics_; }
  EventLog& log() { return log_; }
  RoomColours& colours() { return colours_; }

  const std::map<std::string, uint64_t>& lost_by_room() const { return lost_by_room_; }
  const std::map<std::string, uint64_t>& lost_by_server() const { return lost_by_server_; }
  const std::map<std::string, uint64_t>& lost_by_reason() const { return lost_by_reason_; }
  uint64_t delivered_total() const { return delivered_total_; }
  const std::map<std::string, ChannelView>& channels() const { return channels_; }
  RoundTrip publish_round_trip() const { return round_trip_; }

  // Trace events the window could not keep up with (dropped before it saw them).
  uint64_t fell_behind() const { return fell_behind_; }
  int64_t last_event_ns() const { return world_.last_time(); }
  // Grows whenever something visible changed; the window redraws when it moves.
  uint64_t change_count() const { return changes_; }

 private:
  void apply_one(const sim::TraceEvent& event, int64_t display_ns);

  sim::WorldModel world_{/*track_messages=*/false};
  sim::ServerNames names_;
  std::shared_ptr<const sim::WorldStatus> status_;
  HopTracker hops_;
  Metrics metrics_;
  EventLog log_;
  RoomColours colours_;
  std::map<std::string, uint64_t> lost_by_room_;
  std::map<std::string, uint64_t> lost_by_server_;
  std::map<std::string, uint64_t> lost_by_reason_;
  uint64_t delivered_total_ = 0;
  std::map<std::string, ChannelView> channels_;
  std::map<std::string, uint64_t> channel_counts_;  // this second
  int64_t channel_second_ns_ = 0;
  sim::LatencyHistogram publish_latency_;
  int64_t round_trip_window_ns_ = 0;
  RoundTrip round_trip_;
  uint64_t fell_behind_ = 0;
  uint64_t changes_ = 0;
};

}  // namespace scaleout::gui
