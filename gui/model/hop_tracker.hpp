// HopTracker: turns the trace's hops into what the topology canvas animates. Each hop of a message
// becomes a pulse travelling along its edge: client -> server (recv), server -> Redis (publish),
// Redis -> server (redis_recv), server -> member (deliver). A drop puts a loss mark (an X and its
// reason) on the member who was owed the message.
//
// Real hops on loopback take well under a millisecond, so the tracker plays them in slow motion:
// every hop lasts at least `hop_ns` on screen, and the hops of one message follow each other in
// order (stage 0 client -> server; 1 server -> Redis and server -> its own members; 2 Redis ->
// servers; 3 servers -> their members). A hop that really took longer (a slow link) lasts as long
// as it really took. The canvas says how much slower than reality the animation runs.
//
// At high rates drawing one dot per hop would swamp the eye and the CPU: beyond `max_pulses` at
// once, new hops are only counted, and each edge shows its rate (messages per second) instead.
//
// Times: `display_ns` is the clock the window animates by (the monotonic clock when live, the
// playback clock for a recording); event times are the trace's.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "scaleout/trace/trace_event.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::gui {

enum class EdgeKind : uint8_t {
  kClientToServer,  // through the load balancer
  kServerToRedis,
  kRedisToServer,
  kServerToClient,
};

struct Pulse {
  EdgeKind edge = EdgeKind::kClientToServer;
  uint16_t server = 0;  // trace index of the server at one end
  uint32_t client = 0;  // world-model index of the client at the other end, if any
  int colour = -1;      // the message's room
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  uint32_t message = 0;  // a small id shared by the pulses of one message
};

struct LossMark {
  uint32_t client = 0;
  uint16_t server = 0;
  std::string reason;
  std::string room;
  int64_t start_ns = 0;
};

// Hops per second along each edge of one server, for thickness and labels when aggregating.
struct EdgeRates {
  float client_to_server = 0;
  float server_to_redis = 0;
  float redis_to_server = 0;
  float server_to_clients = 0;
  float drops = 0;
};

struct HopOptions {
  int64_t hop_ns = 450'000'000;  // the least time a hop takes on screen
  size_t max_pulses = 600;       // pulses on screen at once before the tracker aggregates
  int64_t loss_mark_ns = 6'000'000'000;
};

class HopTracker {
 public:
  explicit HopTracker(HopOptions options = {}) : options_(options) {}

  void set_hop_ns(int64_t hop_ns) { options_.hop_ns = hop_ns; }
  const HopOptions& options() const { return options_; }

  // `colour` is the palette index of the message's room (for recv) or -1.
  void on_event(const sim::TraceEvent& event, const sim::WorldModel& world, int colour,
                int64_t display_ns);
  // Forgets finished pulses and marks, and updates the per-second rates.
  void advance(int64_t display_ns);

  const std::vector<Pulse>& pulses() const { return pulses_; }
  const std::deque<LossMark>& losses() const { return losses_; }
  // By server trace index.
  const std::vector<EdgeRates>& rates() const { return rates_; }
  // Whether hops were counted but not drawn in the last second.
  bool aggregating() const { return aggregated_last_second_ > 0; }
  // How much slower than reality the latest messages were shown: on-screen / real duration.
  double slowdown() const { return slowdown_; }
  // The message id of a pulse's message ("" once forgotten).
  std::string mid_of(uint32_t message) const;
  // Whether anything is moving (the window draws less often when not).
  bool animating(int64_t display_ns) const;

 private:
  struct Timing {  // one message's anchor on screen and in the trace
    uint32_t id = 0;
    int64_t anchor_ns = 0;  // display time of its first hop
    int64_t recv_ns = 0;    // trace time of its recv
    uint16_t origin = 0;
    int colour = -1;
    bool shown = true;  // drawn as pulses; at high rates only some whole messages are
  };
  void add_pulse(EdgeKind edge, uint16_t server, uint32_t client, const Timing& timing, int stage,
                 int64_t event_ns);
  void count(uint16_t server, EdgeKind edge);
  Timing& timing_for(const sim::TraceEvent& event, int colour, int64_t display_ns);

  HopOptions options_;
  std::vector<Pulse> pulses_;
  std::deque<LossMark> losses_;
  std::unordered_map<std::string, Timing> messages_;
  std::deque<std::pair<int64_t, std::string>> message_order_;  // display time, mid
  std::unordered_map<uint32_t, std::string> mids_;             // Timing::id -> mid
  uint32_t next_message_ = 1;

  std::vector<EdgeRates> counting_;  // this second
  std::vector<EdgeRates> rates_;     // the last whole second
  int64_t second_start_ns_ = 0;
  uint64_t aggregated_this_second_ = 0;
  uint64_t aggregated_last_second_ = 0;
  double slowdown_ = 0;
};

}  // namespace scaleout::gui
