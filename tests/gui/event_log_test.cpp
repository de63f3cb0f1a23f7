// The event log: its filter language (fields, negation, prefixes, plain text, errors), the
// filtered index as events arrive and when the filter changes, pausing the flow, and rows that
// end at the moment the window shows.
#include <gtest/gtest.h>

#include "model/view_model.hpp"
#include "trace_builder.hpp"

namespace scaleout::gui {
namespace {

using test::TraceBuilder;

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kStart = 1'000'000'000;

// Nine events: two clients on two servers, one message through Redis, one drop.
EventBatch sample(int64_t at = kStart) {
  TraceBuilder trace({"s1", "s2"});
  trace.at(at).connect(0, "sockA", "alice").join(0, "sockA", "lobby").connect(1, "sockB", "bob");
  trace.at(at + kMs).join(1, "sockB", "kitchen").recv(0, "sockA", "s1-42", "lobby");
  trace.at(at + 2 * kMs).publish(0, "s1-42", "lobby").redis_recv(1, "s1-42", "lobby");
  trace.at(at + 3 * kMs).deliver(0, "sockA", "s1-42");
  trace.drop(1, "sockB", "s1-43", "kitchen", "redis down");
  return trace.take();
}

size_t count_matching(const std::string& text) {
  auto filter = LogFilter::parse(text);
  EXPECT_TRUE(filter) << text << ": " << filter.error().message;
  ViewModel model;
  model.apply(sample(), kStart);
  size_t n = 0;
  for (uint64_t sequence = model.store().first(); sequence < model.store().end(); ++sequence)
    n += filter->matches(model.log_entry(sequence));
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
  ViewModel model;
  model.apply(sample(), kStart);
  EventLog& log = model.log();
  ASSERT_EQ(log.visible(model.shown_end()), 9u);
  EXPECT_EQ(model.log_entry(log.at(0, model.shown_end())).event.kind, sim::TraceKind::kDrop);
  model.set_log_filter(*LogFilter::parse("server:s2"));
  EXPECT_EQ(log.visible(model.shown_end()), 4u);
  EXPECT_EQ(model.log_entry(log.at(0, model.shown_end())).server, "s2");
  TraceBuilder more({"s1", "s2"});
  more.at(kStart + 10 * kMs).join(1, "sockB", "hall").join(0, "sockA", "hall");
  model.apply(more.take(), kStart);
  EXPECT_EQ(log.visible(model.shown_end()), 5u);
  EXPECT_EQ(model.log_entry(log.at(0, model.shown_end())).event.kind, sim::TraceKind::kJoin);
}

TEST(EventLog, PausingFreezesTheRowsWhileEventsKeepArriving) {
  ViewModel model;
  model.apply(sample(), kStart);
  EventLog& log = model.log();
  log.set_paused(true, model.shown_end());
  const uint64_t newest = log.at(0, model.shown_end());
  model.apply(sample(kStart + 100 * kMs), kStart);
  EXPECT_EQ(log.visible(model.shown_end()), 9u);
  EXPECT_EQ(log.at(0, model.shown_end()), newest);
  EXPECT_EQ(log.held_back(model.shown_end()), 9u);
  log.set_paused(false, model.shown_end());
  EXPECT_EQ(log.visible(model.shown_end()), 18u);
}

TEST(EventLog, RowsEndAtTheMomentShown) {
  ViewModel model;
  model.apply(sample(), kStart);
  model.show_moment(kStart + kMs);  // the connects and joins, and the recv
  EXPECT_EQ(model.log().visible(model.shown_end()), 5u);
  model.show_present();
  EXPECT_EQ(model.log().visible(model.shown_end()), 9u);
}

}  // namespace
}  // namespace scaleout::gui
