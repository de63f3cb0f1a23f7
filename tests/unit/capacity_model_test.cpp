// The capacity model's queue arithmetic (sim/server capacity_model.hpp): FIFO on the
// earliest-free of k cores, and the utilisation, queue length and wait it reports.
#include <gtest/gtest.h>

#include "scaleout/server/capacity_model.hpp"
#include "scaleout/server/instance_capacity.hpp"

namespace scaleout::sim {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST(CapacityModel, OneCoreQueuesJobsThatArriveTogether) {
  CapacityModel model(1);
  EXPECT_EQ(model.schedule(0, 10 * kMs), 0);
  EXPECT_EQ(model.schedule(0, 10 * kMs), 10 * kMs);
  EXPECT_EQ(model.schedule(0, 10 * kMs), 20 * kMs);
  EXPECT_EQ(model.queued(0), 2u);
  EXPECT_EQ(model.wait_ns(0), 30 * kMs);
  EXPECT_EQ(model.queued(15 * kMs), 1u);
  EXPECT_EQ(model.queued(30 * kMs), 0u);
}

TEST(CapacityModel, FourCoresTakeFourJobsAtOnce) {
  CapacityModel model(4);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(model.schedule(0, 10 * kMs), 0);
  EXPECT_EQ(model.schedule(0, 10 * kMs), 10 * kMs);  // the fifth waits for the first free core
  EXPECT_EQ(model.queued(0), 1u);
}

TEST(CapacityModel, JobsSpacedBeyondTheirCostNeverWait) {
  CapacityModel model(1);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(model.schedule(i * 20 * kMs, 10 * kMs), i * 20 * kMs);
  EXPECT_EQ(model.wait_ns(2000 * kMs), 0);
}

TEST(CapacityModel, ArrivalsAboveCapacityMakeTheWaitGrow) {
  // 1 core, 10 ms a job, one every 8 ms: 125 % of capacity, each waits 2 ms longer than the last.
  CapacityModel model(1);
  int64_t last_wait = -1;
  for (int i = 0; i < 50; ++i) {
    const int64_t arrival = i * 8 * kMs;
    const int64_t wait = model.schedule(arrival, 10 * kMs) - arrival;
    EXPECT_EQ(wait, i * 2 * kMs);
    EXPECT_GT(wait, last_wait);
    last_wait = wait;
  }
}

TEST(CapacityModel, StartsNeverGoBackwards) {
  CapacityModel model(3);
  int64_t last = 0;
  for (int i = 0; i < 1000; ++i) {
    const int64_t start = model.schedule(i * kMs, (i % 7 + 1) * kMs);
    EXPECT_GE(start, last);
    last = start;
  }
}

TEST(CapacityModel, UtilizationIsTheBusyShareOfEveryCoreOverTheLastSecond) {
  CapacityModel model(2);
  // One core busy for the whole second, the other idle: 50 %.
  for (int i = 0; i < 100; ++i)
    model.schedule(i * 10 * kMs, 10 * kMs);
  EXPECT_NEAR(model.utilization(1000 * kMs), 0.5, 1e-9);
  // Half a second later only the last half second counts.
  EXPECT_NEAR(model.utilization(1500 * kMs), 0.25, 1e-9);
  EXPECT_NEAR(model.utilization(3000 * kMs), 0.0, 1e-9);
}

TEST(CapacityModel, QueuedWorkIsNotBusyYet) {
  CapacityModel model(1);
  for (int i = 0; i < 10; ++i)
    model.schedule(0, 500 * kMs);  // five seconds of work at once
  EXPECT_NEAR(model.utilization(250 * kMs), 0.25, 1e-9);
  EXPECT_NEAR(model.utilization(2000 * kMs), 1.0, 1e-9);
  EXPECT_EQ(model.queued(2000 * kMs), 5u);
}

TEST(InstanceCapacity, ConnectionLimitGrowsWithSize) {
  InstanceCapacity none;
  EXPECT_EQ(none.client_limit(50000), 50000u);
  InstanceCapacity small{.vcpus = 1, .clients_per_vcpu = 100};
  InstanceCapacity large{.vcpus = 4, .clients_per_vcpu = 100};
  EXPECT_EQ(small.client_limit(50000), 100u);
  EXPECT_EQ(large.client_limit(50000), 400u);
  EXPECT_EQ(large.client_limit(300), 300u);
}

}  // namespace
}  // namespace scaleout::sim
