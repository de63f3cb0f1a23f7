// The link fault syntax shared by `scaleout cluster --link`, the GUI and the scenarios: what
// each fault means once parsed, the canonical text it prints back as, and an error that says what
// was expected for everything else.
#include <gtest/gtest.h>

#include "scaleout/base/link_faults.hpp"

namespace scaleout::sim {
namespace {

using namespace std::chrono_literals;

LinkSetting parse(std::string_view text) {
  std::string error;
  auto setting = parse_link_setting(text, &error);
  EXPECT_TRUE(setting) << text << ": " << error;
  return setting.value_or(LinkSetting{});
}

// The error for a text that must be refused.
std::string refusal(std::string_view text) {
  std::string error;
  auto setting = parse_link_setting(text, &error);
  EXPECT_FALSE(setting) << text << " was accepted";
  EXPECT_FALSE(error.empty()) << text;
  return error;
}

TEST(LinkFaults, LatencyWithJitter) {
  LinkSetting setting = parse("clients=latency:200ms:50ms");
  EXPECT_EQ(setting.target, "clients");
  EXPECT_EQ(setting.directions, LinkDirections::kBoth);
  ASSERT_TRUE(setting.change.set.latency);
  EXPECT_EQ(setting.change.set.latency->delay, 200ms);
  EXPECT_EQ(setting.change.set.latency->jitter, 50ms);
  EXPECT_EQ(setting.change.set.latency->probability, 1.0);
  EXPECT_FALSE(setting.change.set.bandwidth || setting.change.set.down ||
               setting.change.set.partition);
  EXPECT_TRUE(setting.change.clear.none());
}

TEST(LinkFaults, DurationUnits) {
  EXPECT_EQ(parse("all=latency:300ms").change.set.latency->delay, 300ms);
  EXPECT_EQ(parse("all=latency:1.5s").change.set.latency->delay, 1500ms);
  EXPECT_EQ(parse("all=latency:250us").change.set.latency->delay, 250us);
  EXPECT_EQ(parse("all=latency:0ms").change.set.latency->delay, 0us);
}

TEST(LinkFaults, BandwidthIsBytesPerSecond) {
  EXPECT_EQ(parse("s3=bandwidth:64kb").change.set.bandwidth->bytes_per_second, 64000u);
  EXPECT_EQ(parse("s3=bandwidth:64KB/s").change.set.bandwidth->bytes_per_second, 64000u);
  EXPECT_EQ(parse("s3=bandwidth:1.5mb").change.set.bandwidth->bytes_per_second, 1500000u);
  EXPECT_EQ(parse("s3=bandwidth:1mib").change.set.bandwidth->bytes_per_second, 1048576u);
  EXPECT_EQ(parse("s3=bandwidth:500b").change.set.bandwidth->bytes_per_second, 500u);
}

TEST(LinkFaults, DownPartitionAndSeveralAtOnce) {
  LinkSetting setting = parse("s2-redis=partition,latency:1s,bandwidth:10kb");
  EXPECT_EQ(setting.target, "s2-redis");
  EXPECT_TRUE(setting.change.set.partition);
  EXPECT_TRUE(setting.change.set.latency);
  EXPECT_TRUE(setting.change.set.bandwidth);
  EXPECT_TRUE(parse("s1-redis=down").change.set.down);
}

TEST(LinkFaults, DirectionOnTheTarget) {
  EXPECT_EQ(parse("s2-redis:upstream=latency:1s").directions, LinkDirections::kUpstream);
  EXPECT_EQ(parse("s2:downstream=partition").directions, LinkDirections::kDownstream);
  EXPECT_TRUE(includes(LinkDirections::kBoth, LinkDirection::kDownstream));
  EXPECT_FALSE(includes(LinkDirections::kUpstream, LinkDirection::kDownstream));
}

TEST(LinkFaults, NamesOfDirectionsKindsAndLinks) {
  EXPECT_STREQ(to_string(LinkDirection::kUpstream), "upstream");
  EXPECT_STREQ(to_string(LinkDirection::kDownstream), "downstream");
  EXPECT_STREQ(to_string(LinkFaultKind::kPartition), "partition");
  EXPECT_STREQ(to_string(LinkFaultKind::kBandwidth), "bandwidth");
  EXPECT_STREQ(to_string(LinkKind::kClients), "clients");
  EXPECT_STREQ(to_string(LinkKind::kServer), "server");
  EXPECT_STREQ(to_string(LinkKind::kRedis), "redis");
}

TEST(LinkFaults, ProbabilityPerFault) {
  LinkSetting setting = parse("clients=down@10%,latency:200ms@25%");
  EXPECT_DOUBLE_EQ(setting.change.set.down->probability, 0.10);
  EXPECT_DOUBLE_EQ(setting.change.set.latency->probability, 0.25);
}

TEST(LinkFaults, ClearEverythingOrOneKind) {
  EXPECT_TRUE(parse("s2-redis=clear").change.clear.all());
  LinkSetting heal = parse("s2-redis=clear:partition");
  EXPECT_TRUE(heal.change.clears(LinkFaultKind::kPartition));
  EXPECT_FALSE(heal.change.clears(LinkFaultKind::kLatency));
  // One direction has no down to clear: a plain clear there leaves down alone.
  LinkSetting one_way = parse("s2:upstream=clear");
  EXPECT_FALSE(one_way.change.clears(LinkFaultKind::kDown));
  EXPECT_TRUE(one_way.change.clears(LinkFaultKind::kLatency));
}

TEST(LinkFaults, AChangeTouchesOnlyTheKindsItNames) {
  LinkFaults faults;
  parse("all=latency:300ms").change.apply_to(faults);
  parse("s2-redis=partition").change.apply_to(faults);
  EXPECT_EQ(to_string(faults), "latency:300ms,partition");
  parse("s2-redis=clear:partition").change.apply_to(faults);
  EXPECT_EQ(to_string(faults), "latency:300ms") << "healing keeps the slow motion";
  parse("s2-redis=latency:1s").change.apply_to(faults);
  EXPECT_EQ(to_string(faults), "latency:1s") << "a fault replaces one of its kind";
  parse("s2-redis=clear").change.apply_to(faults);
  EXPECT_TRUE(faults.empty());
}

TEST(LinkFaults, PrintsCanonicalTextThatParsesBack) {
  for (const char* text : {"s2-redis=partition", "clients=latency:200ms:50ms", "all=latency:300ms",
                           "s1-redis=down", "s3=bandwidth:64kb", "clients=down@10%",
                           "s2:upstream=latency:1s", "s2-redis=clear:partition", "s2=clear",
                           "s2=latency:1500us,bandwidth:1500b,partition@50%"}) {
    EXPECT_EQ(to_string(parse(text)), text);
  }
  EXPECT_EQ(to_string(parse("all=latency:1.5s")), "all=latency:1500ms");
  EXPECT_EQ(to_string(parse("x=bandwidth:1mib")), "x=bandwidth:1048576b");
  EXPECT_EQ(to_string(LinkFaults{}), "");
}

TEST(LinkFaults, RefusedWithWhatWasExpected) {
  EXPECT_NE(refusal("s2-redis").find("expected TARGET[:DIRECTION]=FAULT"), std::string::npos);
  EXPECT_NE(refusal("s2=").find("no fault given"), std::string::npos);
  EXPECT_NE(refusal("s2=flood").find("unknown fault 'flood': expected latency:DELAY"),
            std::string::npos);
  EXPECT_NE(refusal("s2=latency").find("latency needs a delay"), std::string::npos);
  EXPECT_NE(refusal("s2=latency:200").find("expected a duration such as 300ms"), std::string::npos);
  EXPECT_NE(refusal("s2=latency:200ms:fast").find("bad jitter 'fast'"), std::string::npos);
  EXPECT_NE(refusal("s2=latency:61s").find("at most 60s"), std::string::npos);
  EXPECT_NE(refusal("s2=bandwidth:fast").find("expected bytes per second"), std::string::npos);
  EXPECT_NE(refusal("s2=bandwidth:0kb").find("expected 1b to 1000gb"), std::string::npos);
  EXPECT_NE(refusal("s2=down:now").find("down takes no argument"), std::string::npos);
  EXPECT_NE(refusal("s2=down@0%").find("expected a percentage above 0"), std::string::npos);
  EXPECT_NE(refusal("s2=down@150%").find("expected a percentage"), std::string::npos);
  EXPECT_NE(refusal("s2=partition@half").find("expected a percentage"), std::string::npos);
  EXPECT_NE(refusal("s2=latency:1ms,latency:2ms").find("given twice"), std::string::npos);
  EXPECT_NE(refusal("s2=clear:everything").find("expected latency, bandwidth, down or partition"),
            std::string::npos);
  EXPECT_NE(refusal("s2:sideways=down").find("expected upstream or downstream"), std::string::npos);
  EXPECT_NE(refusal("s2:upstream=down").find("give it without a direction"), std::string::npos);
  EXPECT_NE(refusal("s2:upstream=clear:down").find("without a direction"), std::string::npos);
  EXPECT_NE(refusal("S 2=down").find("bad target"), std::string::npos);
  EXPECT_NE(refusal("=down").find("bad target"), std::string::npos);
  // The whole setting is named in the error, so that one of several --link flags is found.
  EXPECT_NE(refusal("s2=latency:2").find("'s2=latency:2'"), std::string::npos);
}

TEST(LinkFaults, FaultListAlone) {
  std::string error;
  auto change = parse_link_faults("latency:300ms, partition", &error);
  ASSERT_TRUE(change) << error;
  EXPECT_TRUE(change->set.latency);
  EXPECT_TRUE(change->set.partition);
  EXPECT_FALSE(parse_link_faults("latency:300ms,", &error));
  EXPECT_NE(error.find("empty fault"), std::string::npos);
  EXPECT_FALSE(parse_link_faults("", nullptr)) << "a null error pointer is allowed";
}

}  // namespace
}  // namespace scaleout::sim
