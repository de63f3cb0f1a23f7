// `link` trace events: written as JSON lines with their documented fields, read back as the same
// event, and folded by the WorldModel into each link's faults.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "scaleout/trace/trace_file.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::sim {
namespace {

TraceEvent link_event(std::string_view link, std::string_view direction, std::string_view faults,
                      std::string_view change) {
  TraceEvent event;
  event.t_ns = 42;
  event.kind = TraceKind::kLink;
  event.server = 0;
  event.socket.assign(link);
  event.nsp.assign(direction);
  event.detail.assign(faults);
  event.name.assign(change);
  return event;
}

TEST(LinkTrace, WrittenWithItsFieldsAndReadBack) {
  const ServerNames names = {"network"};
  std::string line;
  append_trace_line(
      line, link_event("s2-redis", "upstream", "latency:300ms,partition", "partition"), names);
  EXPECT_EQ(line,
            R"({"t":42,"kind":"link","server":"network","link":"s2-redis","direction":"upstream",)"
            R"("faults":"latency:300ms,partition","change":"partition"})");

  const auto path = std::filesystem::temp_directory_path() /
                    ("link-trace-" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(path) << line << "\n";
  TraceFileContents contents = read_trace_files({path.string()});
  std::filesystem::remove(path);
  ASSERT_EQ(contents.events.size(), 1u);
  const TraceEvent& back = contents.events[0];
  EXPECT_EQ(back.kind, TraceKind::kLink);
  EXPECT_EQ(back.socket.view(), "s2-redis");
  EXPECT_EQ(back.nsp.view(), "upstream");
  EXPECT_EQ(back.detail.view(), "latency:300ms,partition");
  EXPECT_EQ(back.name.view(), "partition");
}

TEST(LinkTrace, TheWorldModelKeepsEachLinksFaultsPerDirection) {
  const ServerNames names = {"network"};
  WorldModel world;
  world.apply(link_event("s2-redis", "upstream", "latency:300ms,partition", "partition"), names);
  world.apply(link_event("s2-redis", "downstream", "partition", "partition"), names);
  world.apply(link_event("s2-redis", "downstream", "", "clear"), names);
  ASSERT_EQ(world.links().count("s2-redis"), 1u);
  const auto& link = world.links().at("s2-redis");
  EXPECT_EQ(to_string(link.faults[static_cast<size_t>(LinkDirection::kUpstream)]),
            "latency:300ms,partition");
  EXPECT_TRUE(link.faults[static_cast<size_t>(LinkDirection::kDownstream)].empty());
  EXPECT_TRUE(world.servers().empty()) << "the network is not a server";
}

TEST(LinkTrace, AFaultCutShortInItsSlotCostsOnlyItself) {
  const ServerNames names = {"network"};
  WorldModel world;
  // 63 characters at most: the last fault is cut and marked with ~.
  world.apply(link_event("all", "upstream",
                         "latency:300ms:50ms@50%,bandwidth:64kb@50%,down@50%,partition@5~", "x"),
              names);
  const LinkFaults& faults = world.links().at("all").faults[0];
  EXPECT_TRUE(faults.latency && faults.bandwidth && faults.down);
  EXPECT_FALSE(faults.partition);
}

}  // namespace
}  // namespace scaleout::sim
