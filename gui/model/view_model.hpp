// ViewModel: everything the window draws, computed from the trace (and, for a live world, the
// latest WorldStatus), with no ImGui and no OpenGL, so that it can be tested alone.
//
// Every event goes into the EventStore (the whole history) and into `present`, the ViewState at
// the newest event; every `checkpoint_every` events a copy of `present` is kept as a checkpoint.
// The window shows either the present (a live run following the world) or a moment of the past
// (a recording being played, or a live run the user scrubbed back in): then a `cursor` state is
// rebuilt from the nearest checkpoint and the events after it, and moves forward as time plays.
// The hop animations follow whichever moment is shown.
//
// Each frame the window hands it the events that arrived (apply), the status (set_status) and
// the time (advance); the draw_* functions only read it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/event_feed.hpp"
#include "model/event_log.hpp"
#include "model/event_store.hpp"
#include "model/hop_tracker.hpp"
#include "model/view_state.hpp"
#include "scaleout/world/world_status.hpp"

namespace scaleout::gui {

struct ViewModelOptions {
  HopOptions hops;
  size_t store_capacity = 4'000'000;
  uint64_t checkpoint_every = 32768;
  size_t max_checkpoints = 128;  // past this, every other one goes and the spacing doubles
};

class ViewModel {
 public:
  explicit ViewModel(ViewModelOptions options = {});

  // Stores a batch of events. While the present is shown they are also animated (unless
  // `animate` is false: a recording being loaded), at `display_ns` on the monotonic clock.
  void apply(const EventBatch& batch, int64_t display_ns, bool animate = true);
  void set_status(std::shared_ptr<const sim::WorldStatus> status);
  // Moves the clocks on: the present's (to `present_ns`: the monotonic clock when live, the end of
  // a recording), the shown moment's animations and rates, and the instant replay's (on the
  // monotonic clock `wall_ns`). A moment of the past moves only with play_to.
  void advance(int64_t wall_ns, int64_t present_ns);
  // Animates one message's hops again, in slow motion, starting now (`wall_ns`).
  void instant_replay(const std::string& mid, int64_t wall_ns);
  const HopTracker& replay_hops() const { return replay_hops_; }

  // ---- time ----
  bool showing_present() const { return !cursor_; }
  // Follow the newest events again.
  void show_present();
  // Show the world as it was at `t_ns` (trace time), from the nearest checkpoint.
  void show_moment(int64_t t_ns);
  // Move the shown moment forward to `t_ns`, animating what happens on the way (playing a
  // recording, or the past of a live run).
  void play_to(int64_t t_ns);
  // The moment shown, in trace time.
  int64_t shown_time() const;
  // One past the newest stored event the window shows.
  uint64_t shown_end() const { return cursor_ ? cursor_position_ : store_.end(); }
  size_t checkpoints() const { return checkpoints_.size(); }

  // ---- what is shown ----
  const ViewState& shown() const { return cursor_ ? *cursor_ : present_; }
  const sim::WorldModel& world() const { return shown().world; }
  const Metrics& metrics() const { return shown().metrics; }
  const std::map<std::string, uint64_t>& lost_by_room() const { return shown().lost_by_room; }
  const std::map<std::string, uint64_t>& lost_by_server() const { return shown().lost_by_server; }
  const std::map<std::string, uint64_t>& lost_by_reason() const { return shown().lost_by_reason; }
  uint64_t delivered_total() const { return shown().delivered; }
  const std::map<std::string, ChannelView>& channels() const { return shown().channels; }
  RoundTrip publish_round_trip() const { return shown().publish_round_trip; }

  const sim::ServerNames& names() const { return store_.names(); }
  // The trace index of a server, or -1.
  int server_index(const std::string& name) const;
  // The latest status of a live world (the present, even while the past is shown); nullptr for
  // a recording.
  const sim::WorldStatus* status() const { return status_.get(); }
  const sim::ServerSnapshot* server_status(const std::string& name) const;

  HopTracker& hops() { return hops_; }
  const HopTracker& hops() const { return hops_; }
  RoomColours& colours() { return colours_; }
  const EventStore& store() const { return store_; }
  EventLog& log() { return log_; }
  // A stored event as the log shows it (server and client names resolved).
  LogEntry log_entry(uint64_t sequence) const;
  // Filters the log (rebuilding its index over the whole store).
  void set_log_filter(LogFilter filter);

  // Trace events the window could not keep up with (dropped before it saw them).
  uint64_t fell_behind() const { return fell_behind_; }
  int64_t last_event_ns() const { return store_.last_time(); }
  // Grows whenever something visible changed; the window redraws when it moves.
  uint64_t change_count() const { return changes_; }

 private:
  void store_one(const sim::TraceEvent& event, const sim::ServerNames& names);
  void take_checkpoint();
  // Applies stored events [from, to) to `state`; animates those at or after `animate_from`.
  void replay_into(ViewState& state, uint64_t from, uint64_t to, int64_t animate_from_ns);

  ViewModelOptions options_;
  EventStore store_;
  ViewState present_;
  struct Checkpoint {
    uint64_t position;  // the state has every event before it
    std::shared_ptr<const ViewState> state;
  };
  std::vector<Checkpoint> checkpoints_;
  uint64_t since_checkpoint_ = 0;
  std::optional<ViewState> cursor_;
  uint64_t cursor_position_ = 0;
  int64_t cursor_time_ = 0;

  std::shared_ptr<const sim::WorldStatus> status_;
  HopTracker hops_;
  HopTracker replay_hops_;
  EventLog log_;
  RoomColours colours_;
  uint64_t fell_behind_ = 0;
  uint64_t changes_ = 0;
};

}  // namespace scaleout::gui
