// MessageStory: lanes and hops of one message from its events in the store.
#include "model/message_story.hpp"

#include <algorithm>
#include <map>

#include "model/topology_layout.hpp"

namespace scaleout::gui {

namespace {

std::string client_label(const sim::WorldModel& world, const std::string& socket) {
  if (auto index = world.find_client(socket)) {
    const std::string& name = world.client(*index).name;
    if (!name.empty()) return name;
  }
  return socket.substr(0, 8);
}

}  // namespace

MessageStory build_story(const EventStore& store, const sim::WorldModel& world,
                         const std::string& mid, const std::set<std::string>& hidden) {
  using sim::TraceKind;
  MessageStory story;
  story.mid = mid;
  std::vector<sim::TraceEvent> events;
  for (uint64_t sequence : store.events_of(mid))
    events.push_back(store.event(sequence));
  if (events.empty()) return story;
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.t_ns < b.t_ns; });
  const auto& names = store.names();
  auto server_of = [&](const sim::TraceEvent& e) {
    return e.server < names.size() ? names[e.server] : std::string("?");
  };

  // Who is who: the sender and its server from the recv; the other servers; the members.
  std::string sender;
  std::string origin;
  std::vector<std::string> servers;
  std::map<std::string, std::vector<std::string>> members;  // server -> sockets, first seen order
  for (const auto& e : events) {
    const std::string server = server_of(e);
    if (e.kind == TraceKind::kRecv) {
      sender = std::string(e.socket.view());
      origin = server;
      story.room = std::string(e.detail.view());
      story.start_ns = e.t_ns;
    }
    if (e.kind == TraceKind::kPublish && origin.empty()) origin = server;
    if (std::find(servers.begin(), servers.end(), server) == servers.end())
      servers.push_back(server);
    if (e.kind == TraceKind::kDeliver || e.kind == TraceKind::kDrop) {
      auto& list = members[server];
      const std::string socket(e.socket.view());
      if (socket != sender && std::find(list.begin(), list.end(), socket) == list.end()) {
        list.push_back(socket);
      }
    }
  }
  if (story.start_ns == 0) story.start_ns = events.front().t_ns;
  if (origin.empty()) origin = server_of(events.front());

  // Lanes: sender, its server, Redis, then each other server (natural order), then the members
  // of each server in the same order.
  std::map<std::string, int> server_lane;
  std::map<std::string, int> client_lane;
  auto add_lane = [&](StoryLane lane) {
    story.lanes.push_back(std::move(lane));
    return static_cast<int>(story.lanes.size() - 1);
  };
  if (!sender.empty() && !hidden.count(origin)) {
    client_lane[sender] =
        add_lane({StoryLane::Kind::kClient, client_label(world, sender), origin, sender});
  }
  // The origin first, then the others in natural order; Redis right after the origin.
  std::vector<std::string> ordered = natural_order(servers);
  std::stable_partition(ordered.begin(), ordered.end(),
                        [&](const std::string& s) { return s == origin; });
  int redis_lane = -1;
  for (const auto& server : ordered) {
    if (!hidden.count(server)) {
      server_lane[server] = add_lane({StoryLane::Kind::kServer, server, server, {}});
    }
    if (redis_lane < 0) redis_lane = add_lane({StoryLane::Kind::kRedis, "Redis", {}, {}});
  }
  for (const auto& server : ordered) {
    if (hidden.count(server)) continue;
    for (const auto& socket : members[server]) {
      client_lane[socket] =
          add_lane({StoryLane::Kind::kClient, client_label(world, socket), server, socket});
    }
  }

  // Hops, each with the gap since the hop it followed on its way.
  int64_t recv_ns = story.start_ns;
  int64_t publish_ns = story.start_ns;
  std::map<std::string, int64_t> arrived_ns;  // server -> when the message reached it
  arrived_ns[origin] = story.start_ns;
  for (const auto& e : events) {
    const std::string server = server_of(e);
    if (hidden.count(server)) continue;
    StoryHop hop;
    hop.kind = e.kind;
    hop.t_ns = e.t_ns;
    const std::string socket(e.socket.view());
    auto lane_of_client = [&](const std::string& s) {
      auto found = client_lane.find(s);
      return found == client_lane.end() ? -1 : found->second;
    };
    switch (e.kind) {
      case TraceKind::kRecv:
        hop.from = lane_of_client(socket);
        hop.to = server_lane[server];
        hop.gap_ns = 0;
        recv_ns = e.t_ns;
        break;
      case TraceKind::kAck:
        hop.from = server_lane[server];
        hop.to = lane_of_client(socket);
        hop.gap_ns = e.t_ns - recv_ns;
        break;
      case TraceKind::kPublish:
        hop.from = server_lane[server];
        hop.to = redis_lane;
        hop.gap_ns = e.t_ns - recv_ns;
        hop.lost = e.number == 0;
        if (hop.lost) hop.detail = "not sent: Redis down";
        publish_ns = e.t_ns;
        break;
      case TraceKind::kRedisRecv:
        hop.from = redis_lane;
        hop.to = server_lane[server];
        hop.gap_ns = e.t_ns - publish_ns;
        arrived_ns[server] = e.t_ns;
        break;
      case TraceKind::kDeliver:
      case TraceKind::kDrop: {
        hop.from = server_lane[server];
        hop.to = lane_of_client(socket);
        auto arrived = arrived_ns.find(server);
        hop.gap_ns = e.t_ns - (arrived == arrived_ns.end() ? recv_ns : arrived->second);
        hop.lost = e.kind == TraceKind::kDrop;
        if (hop.lost) {
          hop.detail = std::string(e.detail.view());
          ++story.dropped;
        } else {
          ++story.delivered;
        }
        break;
      }
      default:
        continue;
    }
    if (hop.from < 0 || hop.to < 0) continue;
    story.hops.push_back(std::move(hop));
  }
  return story;
}

}  // namespace scaleout::gui
