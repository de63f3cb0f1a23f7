// The world's command vocabulary: every command parses from its line and prints back to it, and
// a bad line is refused with what was expected.
#include <gtest/gtest.h>

#include "scaleout/world/world_command.hpp"

namespace scaleout::sim {
namespace {

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, ParsesAndPrintsBackTheSameLine) {
  auto parsed = parse_world_command(GetParam());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(describe(*parsed), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    EveryCommand, RoundTrip,
    ::testing::Values(
        "add-server", "add-server memory", "stop s2", "kill s2", "restart s3", "remove s4",
        "adapter s1 memory", "adapter s1 redis", "kill-redis", "restart-redis", "pause-redis",
        "pause-redis 3s", "pause-redis 250ms", "resume-redis", "policy round-robin",
        "policy sticky-cookie", "bot-rate 12.5", "connect 1",
        "connect 5 room lobby via s2 name student", "connect 2 room lobby transport polling",
        "disconnect c1", "reconnect c1", "reconnect c1 via s2", "join c1 lobby", "leave c1 lobby",
        "say c1 lobby hello there", "say c1 * to everybody", "say c1 lobby hi mid m1",
        "remember alice redis cart 2 apples", "remember alice memory cart 2 apples",
        "recall alice redis cart", "recall alice memory cart", "emit lobby said hi", "emit * news",
        "redis KEYS *", "fill-keys 1000000", "fill-keys 200000 size 1024 prefix big:", "scan-keys",
        "scan-keys count 1000 match key:1*", "link s2-redis=partition", "link all=latency:300ms",
        "link s2:upstream=clear:latency", "wait 3s", "wait 250ms", "autoscale on",
        "autoscale on target 12.5 min 2 max 6 window 15s period 2s", "autoscale off", "drain s3"));

TEST(WorldCommand, FieldsAreWhatTheLineSays) {
  auto say = parse_world_command("say alice lobby  hello   world");
  ASSERT_TRUE(say);
  const auto& said = std::get<command::Say>(*say);
  EXPECT_EQ(said.client, "alice");
  EXPECT_EQ(said.room, "lobby");
  EXPECT_EQ(said.text, "hello world");

  auto pause = parse_world_command("pause-redis 1.5s");
  ASSERT_TRUE(pause);
  EXPECT_EQ(std::get<command::PauseRedis>(*pause).duration, std::chrono::milliseconds(1500));

  auto marked = parse_world_command("say c1 lobby hello world mid m7");
  ASSERT_TRUE(marked);
  EXPECT_EQ(std::get<command::Say>(*marked).text, "hello world");
  EXPECT_EQ(std::get<command::Say>(*marked).mid, "m7");

  auto remember = parse_world_command("remember alice memory cart two apples");
  ASSERT_TRUE(remember);
  const auto& kept = std::get<command::Remember>(*remember);
  EXPECT_EQ(kept.store, StateStore::kMemory);
  EXPECT_EQ(kept.key, "cart");
  EXPECT_EQ(kept.value, "two apples");

  auto polling = parse_world_command("connect 1 transport polling");
  ASSERT_TRUE(polling);
  EXPECT_EQ(std::get<command::ConnectClients>(*polling).transport, ClientTransport::kPolling);

  auto connect = parse_world_command("connect 3 via s2");
  ASSERT_TRUE(connect);
  const auto& made = std::get<command::ConnectClients>(*connect);
  EXPECT_EQ(made.count, 3);
  EXPECT_EQ(made.via, "s2");
  EXPECT_TRUE(made.room.empty());
}

struct BadLine {
  const char* line;
  const char* says;  // a part of the error message
};

class Refused : public ::testing::TestWithParam<BadLine> {};

TEST_P(Refused, SaysWhatWasExpected) {
  auto parsed = parse_world_command(GetParam().line);
  ASSERT_FALSE(parsed) << GetParam().line << " was accepted";
  EXPECT_NE(parsed.error().message.find(GetParam().says), std::string::npos)
      << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    BadLines, Refused,
    ::testing::Values(
        BadLine{"", "empty"}, BadLine{"launch s1", "unknown command 'launch'"},
        BadLine{"kill", "kill SERVER"}, BadLine{"kill s1 s2", "kill SERVER"},
        BadLine{"adapter s1 postgres", "memory|redis"}, BadLine{"pause-redis soon", "DURATION"},
        BadLine{"policy random", "round-robin"}, BadLine{"bot-rate -3", "SAYS_PER_SECOND"},
        BadLine{"connect 0", "from 1 to 100000"}, BadLine{"connect 2 floor 3", "connect N"},
        BadLine{"say c1 lobby", "say CLIENT"}, BadLine{"say c1 lobby mid m1", "[mid ID]"},
        BadLine{"connect 1 transport pigeon", "websocket|polling"},
        BadLine{"reconnect c1 s2", "reconnect CLIENT [via SERVER]"},
        BadLine{"remember alice disk cart 1", "redis|memory"},
        BadLine{"remember alice redis cart", "KEY VALUE"},
        BadLine{"recall alice redis", "recall CLIENT"}, BadLine{"kill-redis now", "no arguments"},
        BadLine{"redis", "redis WORD"}, BadLine{"wait", "wait DURATION"},
        BadLine{"autoscale", "autoscale on"}, BadLine{"autoscale on target 0", "autoscale on"},
        BadLine{"autoscale on min 4 max 2", "min no greater than max"},
        BadLine{"autoscale on period 10ms", "period from 100ms"}, BadLine{"drain", "drain SERVER"},
        BadLine{"fill-keys", "fill-keys COUNT"}, BadLine{"fill-keys many", "fill-keys COUNT"},
        BadLine{"fill-keys 0", "fill-keys COUNT"}, BadLine{"fill-keys 10 size 0", "size BYTES"},
        BadLine{"fill-keys 10 colour red", "fill-keys COUNT"},
        BadLine{"scan-keys count 0", "scan-keys [count HINT"},
        BadLine{"scan-keys count", "scan-keys [count HINT"},
        BadLine{"link", "link TARGET[:DIRECTION]=FAULT"},
        BadLine{"link s2-redis=flood", "unknown fault 'flood': expected latency:DELAY"}));

TEST(Duration, AcceptsUnitsAndRefusesTheRest) {
  EXPECT_EQ(parse_duration("300ms"), std::chrono::milliseconds(300));
  EXPECT_EQ(parse_duration("2s"), std::chrono::milliseconds(2000));
  EXPECT_EQ(parse_duration("0.5s"), std::chrono::milliseconds(500));
  EXPECT_EQ(parse_duration("1m"), std::chrono::milliseconds(60000));
  EXPECT_FALSE(parse_duration("5"));
  EXPECT_FALSE(parse_duration("ms"));
  EXPECT_FALSE(parse_duration("3h"));
  EXPECT_FALSE(parse_duration("1e400s"));
}

TEST(InstanceCapacity, AddServerTakesASizeAndPrintsItBack) {
  for (const char* line : {"add-server size 1", "add-server redis size 4", "add-server memory"}) {
    auto parsed = parse_world_command(line);
    ASSERT_TRUE(parsed) << line;
    EXPECT_EQ(describe(*parsed), line);
  }
  EXPECT_EQ(std::get<command::AddServer>(*parse_world_command("add-server size 4")).size, 4);
  EXPECT_FALSE(parse_world_command("add-server size"));
  EXPECT_FALSE(parse_world_command("add-server size -1"));
  EXPECT_FALSE(parse_world_command("add-server size 65"));
  EXPECT_FALSE(parse_world_command("add-server redis size 2 extra"));
}

}  // namespace
}  // namespace scaleout::sim
