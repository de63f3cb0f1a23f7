// The event log: its filter language (fields, negation, prefixes, plain text, errors), the
// filtered index as events arrive and when the filter changes, and pausing the flow.
#include <gtest/gtest.h>

#include "model/event_log.hpp"
#include "trace_builder.hpp"

namespace scaleout::gui {
namespace {

using test::TraceBuilder;

std::vector<LogEntry> sample_entries() {
  TraceBuilder trace({"s1", "s2"});
  trace.connect(0, "sockA", "alice").join(0, "sockA", "lobby").connect(1, "sockB", "bob");
  trace.join(1, "sockB", "kitchen").recv(0, "sockA", "s1-42", "lobby").publish(0, "s1-42", "lobby");
  trace.redis_recv(1, "s1-42", "lobby").deliver(0, "sockA", "s1-42");
  trace.drop(1, "sockB", "s1-43", "kitchen", "redis down");
  std::vector<LogEntry> entries;
  const sim::ServerNames names = {"s1", "s2"};
  for (const auto& event : trace.take().events) {
    LogEntry entry{event, names[event.server], {}};
    if (event.socket.view() == "sockA") entry.client_name = "alice";
    if (event.socket.view() == "sockB") entry.client_name = "bob";
    entries.push_back(entry);
  }
  return entries;
}

size_t count_matching(const std::string& text) {
  auto filter = LogFilter::parse(text);
  EXPECT_TRUE(filter) << text << ": " << filter.error().message;
  size_t n = 0;
  for (const auto& entry : sample_entries())
    n += filter->matches(entry);
  return n;
}

TEST(LogFilter, FieldsNegationPrefixesAndPlainText) {
  EXPECT_EQ(count_matching(""), 9u);
  EXPECT_EQ(count_matching("server:s2"), 4u);
  EXPECT_EQ(count_matching("room:lobby"), 4u);  // join, recv, publish, redis_recv
  EXPECT_EQ(count_matching("room:lobby, server:s1"), 3u);
  EXPECT_EQ(count_matching("room:lobby -kind:publish"), 3u);
  EXPECT_EQ(count_matching("mid:s1-42"), 4u);
  EXPECT_EQ(count_matching("mid:s1-4*"), 5u);
  EXPECT_EQ(count_matching("kind:drop reason:redis*"), 1u);
  EXPECT_EQ(count_matching("socket:bob"), 3u);  // a client's name finds its socket
  EXPECT_EQ(count_matching("event:say"), 1u);
  EXPECT_EQ(count_matching("channel:socket.io#/#lobby#"), 2u);
  EXPECT_EQ(count_matching("KITCHEN"), 2u);  // plain text, any case
  EXPECT_EQ(count_matching("-kind:deliver,-kind:drop"), 7u);
}

TEST(LogFilter, RefusesUnknownFieldsAndEmptyValues) {
  auto unknown = LogFilter::parse("colour:red");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown field 'colour'"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("room"), std::string::npos);
  auto empty = LogFilter::parse("room:");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("no value"), std::string::npos);
}

TEST(EventLog, ALinkChangeReadsAsItsLinkDirectionAndFaults) {
  sim::TraceEvent event;
  event.kind = sim::TraceKind::kLink;
  event.socket.assign("s2-redis");  // the link's name travels in the socket slot
  event.nsp.assign("upstream");
  event.detail.assign("latency:300ms,partition");
  event.name.assign("partition");
  EXPECT_EQ(describe_event(LogEntry{event, "network", {}}),
            "link network link=s2-redis direction=upstream faults=latency:300ms,partition "
            "change=partition");
  event.detail.assign("");
  event.name.assign("clear");
  EXPECT_NE(describe_event(LogEntry{event, "network", {}}).find("faults=none change=clear"),
            std::string::npos);
}

TEST(EventLog, NewestFirstFilteredAsEventsArriveAndWhenTheFilterChanges) {
  EventLog log(100);
  for (auto& entry : sample_entries())
    log.add(entry);
  ASSERT_EQ(log.visible(), 9u);
  EXPECT_EQ(log.at(0).event.kind, sim::TraceKind::kDrop);
  log.set_filter(*LogFilter::parse("server:s2"));
  EXPECT_EQ(log.visible(), 4u);
  EXPECT_EQ(log.at(0).server, "s2");
  log.add(sample_entries()[3]);  // a join on s2
  EXPECT_EQ(log.visible(), 5u);
  EXPECT_EQ(log.at(0).event.kind, sim::TraceKind::kJoin);
}

TEST(EventLog, PausingFreezesTheViewWhileEventsKeepArriving) {
  EventLog log(100);
  for (auto& entry : sample_entries())
    log.add(entry);
  log.set_paused(true);
  const auto newest = log.at(0).event.kind;
  for (auto& entry : sample_entries())
    log.add(entry);
  EXPECT_EQ(log.visible(), 9u);
  EXPECT_EQ(log.at(0).event.kind, newest);
  EXPECT_EQ(log.held_back(), 9u);
  log.set_paused(false);
  EXPECT_EQ(log.visible(), 18u);
  EXPECT_EQ(log.total(), 18u);
}

TEST(EventLog, KeepsOnlyItsCapacityOldestGoFirst) {
  EventLog log(5);
  for (auto& entry : sample_entries())
    log.add(entry);
  EXPECT_EQ(log.visible(), 5u);
  EXPECT_EQ(log.at(4).event.kind, sim::TraceKind::kRecv);  // the fifth newest
}

}  // namespace
}  // namespace scaleout::gui
