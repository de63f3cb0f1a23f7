// Time in the window, on a recording of a real three-server cluster (tests/gui/data: bots
// chatting, s2 killed, s3 switched to the memory adapter so that messages are lost): seeking to a
// moment gives the world that applying every event up to it gives, however the checkpoints fall;
// the timeline folds events into blocks that count them; and one message's sequence diagram has
// the lanes and hops its trace says.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/message_story.hpp"
#include "model/replay_source.hpp"
#include "model/view_model.hpp"
#include "scaleout/trace/trace_file.hpp"

namespace scaleout::gui {
namespace {

const std::string kRecording = std::string(SCALEOUT_TEST_DATA) + "/three-servers.jsonl";

// What a state says about the world, as text, for comparisons that print what differs.
std::string describe(const ViewState& state) {
  std::string out;
  for (const auto& [name, server] : state.world.servers()) {
    out += name + (server.up ? " up " : " down ") + server.adapter + " " + server.down_reason +
           (server.redis_known ? (server.redis_up ? " redis-up" : " redis-down") : "") + "\n";
  }
  for (const auto* client : state.world.clients()) {
    out += client->socket + "@" + client->server + " " + client->transport + " " + client->name;
    for (const auto& room : client->rooms)
      out += " " + room;
    out += "\n";
  }
  for (const auto& [reason, count] : state.lost_by_reason)
    out += "lost " + reason + " " + std::to_string(count) + "\n";
  for (const auto& [server, count] : state.lost_by_server)
    out += "lost on " + server + " " + std::to_string(count) + "\n";
  out += "delivered " + std::to_string(state.delivered) + "\n";
  for (const auto& [name, channel] : state.channels)
    out += name + " " + std::to_string(channel.messages) + "\n";
  return out;
}

// The state after applying every recorded event with a key at or before `t`, one by one.
ViewState from_the_start(const sim::TraceFileContents& contents, int64_t t) {
  ViewState state;
  RoomColours colours;
  int64_t key = 0;
  for (const auto& event : contents.events) {
    key = std::max(key, event.t_ns);
    if (key > t) break;
    state.apply(event, contents.names, colours);
  }
  return state;
}

int64_t time_of(const sim::TraceFileContents& contents, sim::TraceKind kind,
                const std::string& server) {
  for (const auto& event : contents.events) {
    if (event.kind == kind && contents.names[event.server] == server) return event.t_ns;
  }
  ADD_FAILURE() << "no such event";
  return 0;
}

TEST(Seek, AnyMomentMatchesApplyingEveryEventFromTheStart) {
  const auto contents = sim::read_trace_files({kRecording});
  ASSERT_GT(contents.events.size(), 500u);
  ViewModelOptions options;
  options.checkpoint_every = 97;  // many checkpoints, falling anywhere
  ViewModel model(options);
  ReplaySource(std::vector<std::string>{kRecording}).load_into(model);
  ASSERT_GT(model.checkpoints(), 5u);

  const int64_t first = contents.events.front().t_ns;
  const int64_t last = contents.events.back().t_ns;
  const int64_t kill = time_of(contents, sim::TraceKind::kServerDown, "s2");
  std::vector<int64_t> moments = {first,    first + (last - first) / 3, kill - 1, kill,
                                  kill + 1, (kill + last) / 2,          last};
  for (const auto& event : contents.events) {
    if (event.kind == sim::TraceKind::kDrop) {
      moments.push_back(event.t_ns);
      break;
    }
  }
  for (int64_t moment : moments) {
    model.show_moment(moment);
    EXPECT_EQ(describe(model.shown()), describe(from_the_start(contents, moment)))
        << "at " << (moment - first) / 1e6 << " ms";
  }
  // Just before the kill s2 is up with its clients; just after, it is down and they are gone.
  model.show_moment(kill - 1);
  EXPECT_TRUE(model.world().servers().at("s2").up);
  model.show_moment(kill);
  EXPECT_FALSE(model.world().servers().at("s2").up);
  for (const auto* client : model.world().clients())
    EXPECT_NE(client->server, "s2");
  // Going forward from a moment lands where seeking there does.
  model.show_moment(kill - 1);
  model.play_to((kill + last) / 2);
  const std::string played = describe(model.shown());
  model.show_moment((kill + last) / 2);
  EXPECT_EQ(played, describe(model.shown()));
}

TEST(Timeline, BlocksCountTheEventsTheyFoldAtAnyZoom) {
  const auto contents = sim::read_trace_files({kRecording});
  ViewModel model;
  ReplaySource(std::vector<std::string>{kRecording}).load_into(model);
  const EventStore& store = model.store();
  const auto s1 = static_cast<uint16_t>(model.server_index("s1"));
  const auto s3 = static_cast<uint16_t>(model.server_index("s3"));
  // The whole run, from the start of its first 10 ms bin.
  const int64_t first = store.first_time() / EventStore::kBinNs * EventStore::kBinNs;
  const int64_t last = store.last_time() + EventStore::kBinNs;
  uint64_t recorded_s1 = 0;
  uint64_t recorded_drops_s3 = 0;
  for (const auto& event : contents.events) {
    recorded_s1 += contents.names[event.server] == "s1";
    recorded_drops_s3 +=
        contents.names[event.server] == "s3" && event.kind == sim::TraceKind::kDrop;
  }
  ASSERT_GT(recorded_drops_s3, 0u);
  // Blocks of 3 pixels on timelines 200 and 1,600 pixels wide: together they count every event.
  for (int pixels : {200, 1600}) {
    const double block = static_cast<double>(last - first) / pixels * 3;
    uint64_t events = 0;
    uint64_t drops = 0;
    size_t blocks_with_events = 0;
    for (double t = static_cast<double>(first); t < static_cast<double>(last); t += block) {
      const auto from = static_cast<int64_t>(t);
      const auto to = static_cast<int64_t>(t + block);
      const uint64_t count = store.count_between(s1, from, to, false);
      events += count;
      blocks_with_events += count > 0;
      drops += store.count_between(s3, from, to, true);
    }
    EXPECT_EQ(events, recorded_s1) << pixels << " px";
    EXPECT_EQ(drops, recorded_drops_s3) << pixels << " px";
    EXPECT_LE(blocks_with_events, static_cast<size_t>(pixels / 3 + 1));
  }
}

TEST(SequenceDiagram, OneMessageAcrossThreeServersHasItsLanesHopsAndGaps) {
  ViewModel model;
  ReplaySource(std::vector<std::string>{kRecording}).load_into(model);
  // The first say of the clients the world connected ("hello everyone"), acked.
  std::string mid;
  for (uint64_t s = model.store().first(); s < model.store().end() && mid.empty(); ++s) {
    if (model.store().kind(s) == sim::TraceKind::kAck)
      mid = std::string(model.store().event(s).mid.view());
  }
  ASSERT_FALSE(mid.empty());
  model.show_present();
  const MessageStory story = build_story(model.store(), model.world(), mid);
  ASSERT_TRUE(story.found());
  EXPECT_EQ(story.room, "room-0");
  ASSERT_GE(story.lanes.size(), 5u);
  EXPECT_EQ(story.lanes[0].kind, StoryLane::Kind::kClient);
  EXPECT_EQ(story.lanes[1].kind, StoryLane::Kind::kServer);
  EXPECT_EQ(story.lanes[2].kind, StoryLane::Kind::kRedis);
  const std::string origin = story.lanes[1].name;
  size_t servers = 0;
  for (const auto& lane : story.lanes)
    servers += lane.kind == StoryLane::Kind::kServer;
  EXPECT_EQ(servers, 3u);
  // say, ack, one PUBLISH, the message arriving on the two other servers, a delivery per member.
  std::map<sim::TraceKind, size_t> kinds;
  for (const auto& hop : story.hops) {
    ++kinds[hop.kind];
    EXPECT_GE(hop.gap_ns, 0);
    EXPECT_GE(hop.t_ns, story.start_ns);
  }
  EXPECT_EQ(kinds[sim::TraceKind::kRecv], 1u);
  EXPECT_EQ(kinds[sim::TraceKind::kAck], 1u);
  EXPECT_EQ(kinds[sim::TraceKind::kPublish], 1u);
  EXPECT_EQ(kinds[sim::TraceKind::kRedisRecv], 2u);
  EXPECT_EQ(story.delivered, kinds[sim::TraceKind::kDeliver]);
  EXPECT_GE(story.delivered, 3u);
  EXPECT_EQ(story.hops.front().kind, sim::TraceKind::kRecv);
  EXPECT_EQ(story.hops.front().from, 0);
  EXPECT_EQ(story.hops.front().to, 1);
  for (const auto& hop : story.hops) {
    if (hop.kind == sim::TraceKind::kRedisRecv) {
      EXPECT_EQ(hop.from, 2);
    }
  }
  // Hiding a server takes its lane, its members' lanes and their hops away.
  std::string other;
  for (const auto& lane : story.lanes) {
    if (lane.kind == StoryLane::Kind::kServer && lane.name != origin) other = lane.name;
  }
  const MessageStory without = build_story(model.store(), model.world(), mid, {other});
  for (const auto& lane : without.lanes) {
    EXPECT_NE(lane.name, other);
    if (lane.kind == StoryLane::Kind::kClient) {
      EXPECT_NE(lane.server, other);
    }
  }
  EXPECT_LT(without.hops.size(), story.hops.size());
}

TEST(SequenceDiagram, ALostDeliveryIsAnArrowThatSaysWhy) {
  ViewModel model;
  ReplaySource(std::vector<std::string>{kRecording}).load_into(model);
  std::string mid;
  for (uint64_t s = model.store().first(); s < model.store().end() && mid.empty(); ++s) {
    if (model.store().kind(s) == sim::TraceKind::kDrop)
      mid = std::string(model.store().event(s).mid.view());
  }
  ASSERT_FALSE(mid.empty());
  const MessageStory story = build_story(model.store(), model.world(), mid);
  EXPECT_GE(story.dropped, 1u);
  bool said_why = false;
  for (const auto& hop : story.hops) {
    if (hop.kind != sim::TraceKind::kDrop) continue;
    EXPECT_TRUE(hop.lost);
    EXPECT_EQ(story.lanes[static_cast<size_t>(hop.to)].kind, StoryLane::Kind::kClient);
    said_why |= hop.detail == "no adapter";
  }
  EXPECT_TRUE(said_why);
}

}  // namespace
}  // namespace scaleout::gui
