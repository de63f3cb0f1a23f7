// MessageStory: one message's journey as a sequence diagram's data — lanes for the sender, its
// server, Redis, the other servers and every member the message was owed to, and one hop per
// trace event of its `mid` (recv, ack, publish, redis_recv, deliver, drop) with its time and the
// gap since the hop it followed. Built from the event store alone, so a recording tells the same
// story as the live run. A server's lanes (it and its members) can be left out.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "model/event_store.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::gui {

struct StoryLane {
  enum class Kind { kClient, kServer, kRedis };
  Kind kind = Kind::kServer;
  std::string name;    // a server's name, "Redis", or a client's name (or socket id)
  std::string server;  // a client's server
  std::string socket;  // a client's socket id
};

struct StoryHop {
  sim::TraceKind kind = sim::TraceKind::kRecv;
  int from = 0;  // lane indices
  int to = 0;
  int64_t t_ns = 0;
  int64_t gap_ns = 0;  // since the hop this one followed
  std::string detail;  // a drop's reason; a publish that was not sent
  bool lost = false;   // a drop, or a publish that never left
};

struct MessageStory {
  std::string mid;
  std::string room;
  int64_t start_ns = 0;  // its recv (or its first hop)
  std::vector<StoryLane> lanes;
  std::vector<StoryHop> hops;  // in time order
  size_t delivered = 0;
  size_t dropped = 0;
  bool found() const { return !hops.empty(); }
};

// `world` names the clients (any state: names do not change). Servers in `hidden` lose their
// lanes, their members' lanes and the hops that touch them.
MessageStory build_story(const EventStore& store, const sim::WorldModel& world,
                         const std::string& mid, const std::set<std::string>& hidden = {});

}  // namespace scaleout::gui
