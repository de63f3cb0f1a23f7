// ViewModel: the store, the present, checkpoints, and the cursor that shows the past.
#include "model/view_model.hpp"

#include <algorithm>

namespace scaleout::gui {

namespace {
// When the window jumps to a moment, hops from this long before it are animated again, so the
// dots in flight at that moment are where they were.
constexpr int64_t kAnimateBeforeSeek = 4'000'000'000;
}  // namespace

ViewModel::ViewModel(ViewModelOptions options)
    : options_(options),
      store_(options.store_capacity),
      hops_(options.hops),
      replay_hops_(options.hops) {}

int ViewModel::server_index(const std::string& name) const {
  const auto& names = store_.names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
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
  if (status_ && status_->redis.present) present_.set_redis_ops(status_->redis.ops_per_second);
  if (status_) {
    int running = 0;
    for (const auto& server : status_->world.servers)
      running += server.running ? 1 : 0;
    const auto& autoscaler = status_->autoscaler;
    present_.set_servers(running, autoscaler.on ? autoscaler.desired : -1);
  }
}

LogEntry ViewModel::log_entry(uint64_t sequence) const {
  LogEntry entry{store_.event(sequence), {}, {}};
  const auto& names = store_.names();
  entry.server = entry.event.server < names.size() ? names[entry.event.server] : "?";
  if (!entry.event.socket.empty()) {
    const sim::WorldModel& world = shown().world;
    if (auto client = world.find_client(std::string(entry.event.socket.view()))) {
      entry.client_name = world.client(*client).name;
    }
  }
  return entry;
}

void ViewModel::set_log_filter(LogFilter filter) {
  log_.set_filter(std::move(filter), store_,
                  [this](uint64_t sequence) { return log_entry(sequence); });
  ++changes_;
}

void ViewModel::apply(const EventBatch& batch, int64_t display_ns, bool animate) {
  fell_behind_ += batch.dropped;
  const uint64_t first_before = store_.first();
  for (const auto& event : batch.events) {
    store_one(event, batch.names);
    if (!cursor_ && animate) {
      const int colour = event.kind == sim::TraceKind::kRecv
                             ? colours_.find(std::string(event.detail.view()))
                             : -1;
      hops_.on_event(event, present_.world, colour, display_ns);
    }
  }
  if (store_.first() != first_before) {
    // The store forgot its oldest events: so do the log and the checkpoints.
    log_.forget_before(store_.first());
    std::erase_if(checkpoints_, [&](const Checkpoint& checkpoint) {
      return checkpoint.position < store_.first();
    });
  }
  if (!batch.events.empty()) ++changes_;
}

void ViewModel::store_one(const sim::TraceEvent& event, const sim::ServerNames& names) {
  const uint64_t sequence = store_.end();
  store_.append(event, names);
  present_.apply(event, store_.names(), colours_);
  LogEntry entry{event, {}, {}};
  entry.server = event.server < store_.names().size() ? store_.names()[event.server] : "?";
  if (!event.socket.empty()) {
    if (auto client = present_.world.find_client(std::string(event.socket.view()))) {
      entry.client_name = present_.world.client(*client).name;
    }
  }
  log_.add(sequence, entry);
  if (++since_checkpoint_ >= options_.checkpoint_every) take_checkpoint();
}

void ViewModel::take_checkpoint() {
  since_checkpoint_ = 0;
  checkpoints_.push_back({store_.end(), std::make_shared<const ViewState>(present_)});
  if (checkpoints_.size() > options_.max_checkpoints) {
    // Keep every other one and space the next ones twice as far.
    std::vector<Checkpoint> kept;
    for (size_t i = 0; i < checkpoints_.size(); i += 2)
      kept.push_back(checkpoints_[i]);
    checkpoints_ = std::move(kept);
    options_.checkpoint_every *= 2;
  }
}

void ViewModel::replay_into(ViewState& state, uint64_t from, uint64_t to, int64_t animate_from_ns) {
  const auto& names = store_.names();
  for (uint64_t sequence = from; sequence < to; ++sequence) {
    const sim::TraceEvent event = store_.event(sequence);
    state.apply(event, names, colours_);
    if (event.t_ns >= animate_from_ns) {
      const int colour = event.kind == sim::TraceKind::kRecv
                             ? colours_.find(std::string(event.detail.view()))
                             : -1;
      // In the past, the display clock is the trace's own.
      hops_.on_event(event, state.world, colour, event.t_ns);
    }
  }
}

void ViewModel::show_present() {
  if (!cursor_) return;
  cursor_.reset();
  hops_ = HopTracker(hops_.options());
  ++changes_;
}

void ViewModel::show_moment(int64_t t_ns) {
  const uint64_t target = store_.lower_bound(t_ns + 1);
  // The latest checkpoint at or before the target.
  auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), target,
                                [](uint64_t position, const Checkpoint& checkpoint) {
                                  return position < checkpoint.position;
                                });
  uint64_t from = store_.first();
  if (after != checkpoints_.begin()) {
    const Checkpoint& checkpoint = *std::prev(after);
    cursor_.emplace(*checkpoint.state);
    from = checkpoint.position;
  } else {
    cursor_.emplace();
  }
  hops_ = HopTracker(hops_.options());
  replay_into(*cursor_, from, target, t_ns - kAnimateBeforeSeek);
  cursor_position_ = target;
  cursor_time_ = t_ns;
  cursor_->advance(t_ns);
  hops_.advance(t_ns);
  ++changes_;
}

void ViewModel::play_to(int64_t t_ns) {
  if (!cursor_) return;
  if (t_ns < cursor_time_) {
    show_moment(t_ns);
    return;
  }
  const uint64_t target = store_.lower_bound(t_ns + 1);
  replay_into(*cursor_, cursor_position_, target, 0);
  if (target != cursor_position_) ++changes_;
  cursor_position_ = target;
  cursor_time_ = t_ns;
}

int64_t ViewModel::shown_time() const {
  return cursor_ ? cursor_time_ : store_.last_time();
}

void ViewModel::advance(int64_t wall_ns, int64_t present_ns) {
  // The present goes on underneath a moment of the past, for when the window returns to it.
  present_.advance(present_ns);
  if (cursor_) {
    cursor_->advance(cursor_time_);
    hops_.advance(cursor_time_);
  } else {
    hops_.advance(present_ns);
  }
  replay_hops_.advance(wall_ns);
}

void ViewModel::instant_replay(const std::string& mid, int64_t wall_ns) {
  replay_hops_ = HopTracker(hops_.options());
  const sim::WorldModel& world = shown().world;
  for (uint64_t sequence : store_.events_of(mid)) {
    const sim::TraceEvent event = store_.event(sequence);
    const int colour =
        event.kind == sim::TraceKind::kRecv ? colours_.find(std::string(event.detail.view())) : -1;
    replay_hops_.on_event(event, world, colour, wall_ns);
  }
  ++changes_;
}

}  // namespace scaleout::gui
