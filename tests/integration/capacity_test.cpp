// The capacity model on real servers (docs/capacity-model.md): a client on a real socket says
// 100 messages a second for two seconds to a room of its own, each costing 21 ms of a vCPU's
// time (20 ms the event, 1 ms the delivery). An instance of size 1 can do about 48 a second:
// work queues, and the echoes arrive later and later. An instance of size 4 can do about 190:
// nothing waits. Both deliver everything in the end.
#include <gtest/gtest.h>

#include <thread>

#include "scaleout/server/server_instance.hpp"
#include "support/client_pool.hpp"

namespace scaleout::test {
namespace {

constexpr int kSays = 200;
constexpr auto kPace = std::chrono::milliseconds(10);

sim::ServerOptions sized(int vcpus) {
  sim::ServerOptions options;
  options.adapter = sim::AdapterKind::kMemory;
  options.capacity.vcpus = vcpus;
  options.capacity.event_cost_us = 20000;
  options.capacity.delivery_cost_us = 1000;
  return options;
}

struct LoadRun {
  size_t echoes_when_done_saying = 0;
  sim::InstanceLoad load_when_done_saying;
  bool all_echoed = false;
};

LoadRun say_for_two_seconds(int vcpus) {
  sim::ServerInstance server(sized(vcpus));
  server.start();
  ClientPool pool;
  const int client = pool.connect(server.port());
  EXPECT_GE(client, 0) << pool.last_error();
  EXPECT_FALSE(pool.call(client, "join", Json::array({"me"})).is_null());
  // The load: an open loop at a steady pace, whatever the server does with it (a late wake-up on
  // a loaded machine makes the rate lower, never a burst).
  for (int i = 0; i < kSays; ++i) {
    pool.emit(client, "say", Json::array({Json{{"room", "me"}, {"text", std::to_string(i)}}}));
    std::this_thread::sleep_for(kPace);
  }
  LoadRun run;
  run.echoes_when_done_saying = pool.count(client, "said");
  run.load_when_done_saying = server.snapshot().load;
  run.all_echoed = wait_until([&] { return pool.count(client, "said") == kSays; }, 30s);
  server.stop();
  return run;
}

TEST(Capacity, ASizeOneInstanceAboveItsCapacityQueuesTheWork) {
  const LoadRun run = say_for_two_seconds(1);
  EXPECT_EQ(run.load_when_done_saying.vcpus, 1);
  // A second or two of work still waits (even at 66 says/s on a loaded machine): far more than
  // the 21 ms one say costs.
  EXPECT_GT(run.load_when_done_saying.queue_wait_ms, 600);
  EXPECT_GT(run.load_when_done_saying.queue_length, 10u);
  EXPECT_GT(run.load_when_done_saying.utilization, 0.9);
  EXPECT_LE(run.echoes_when_done_saying + 10, static_cast<size_t>(kSays));
  EXPECT_TRUE(run.all_echoed);
}

TEST(Capacity, ASizeFourInstanceTakesTheSameLoadWithoutQueueing) {
  const LoadRun run = say_for_two_seconds(4);
  EXPECT_EQ(run.load_when_done_saying.vcpus, 4);
  // Nothing beyond what a late wake-up of this test's thread can bunch up on a loaded machine.
  EXPECT_LT(run.load_when_done_saying.queue_wait_ms, 300);
  EXPECT_LT(run.load_when_done_saying.utilization, 0.9);
  EXPECT_TRUE(run.all_echoed);
}

TEST(Capacity, WithoutAModelNothingIsReported) {
  sim::ServerInstance server(sized(0));
  server.start();
  const sim::ServerSnapshot snapshot = server.snapshot();
  EXPECT_EQ(snapshot.load.vcpus, 0);
  EXPECT_EQ(snapshot.load.queue_length, 0u);
  server.stop();
}

}  // namespace
}  // namespace scaleout::test
