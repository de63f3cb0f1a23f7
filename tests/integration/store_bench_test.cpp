// The store benchmark against the real stores: a world with its embedded Redis and a memcached it
// starts itself runs `store-bench` against both, the runs answer operations, and the memcached
// process is gone once the world has stopped.
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

#include "scaleout/world/world.hpp"
#include "support/client_pool.hpp"
#include "support/world_commands.hpp"

namespace scaleout::test {
namespace {

using sim::World;
using sim::WorldOptions;

WorldOptions world_with_memcached() {
  WorldOptions options;
  options.cluster.servers = 1;
  options.cluster.balancer = false;
  options.memcached = true;
  options.status_period = std::chrono::milliseconds(50);
  return options;
}

// The finished runs of `store`.
std::vector<sim::StoreRun> runs_of(World& world, const std::string& store) {
  std::vector<sim::StoreRun> runs;
  for (const auto& run : world.status()->store_runs) {
    if (run.store == store) runs.push_back(run);
  }
  return runs;
}

bool process_exists(int pid) {
  return pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH);
}

TEST(StoreBench, RealRedisAndMemcachedAnswerAndMemcachedStopsWithTheWorld) {
  World world(world_with_memcached());
  world.start();
  const sim::MemcachedStatus memcached = world.status()->memcached;
  ASSERT_TRUE(memcached.present);
  ASSERT_TRUE(memcached.running);
  ASSERT_TRUE(process_exists(memcached.pid));

  submit(world, "store-bench memcached threads 1,2 for 300ms");
  ASSERT_TRUE(wait_until([&] { return runs_of(world, "memcached").size() == 2; }, 60s));
  submit(world, "store-bench redis threads 2 for 300ms");
  ASSERT_TRUE(wait_until([&] { return runs_of(world, "redis").size() == 1; }, 60s));

  for (const auto& run : world.status()->store_runs) {
    EXPECT_TRUE(run.error.empty()) << sim::describe(run);
    EXPECT_GE(run.ops, 50u) << sim::describe(run);
    EXPECT_EQ(run.errors, 0u) << sim::describe(run);
    EXPECT_GT(run.p99_us, 0) << sim::describe(run);
  }
  // memcached really holds the keys the bench set (its own `stats` would say so too): the
  // figures come from answers, and the gauges name them.
  bool gauge = false;
  for (const auto& g : world.status()->gauges)
    gauge |= g.name == "store.memcached.t2.ops" && g.value > 0 && !g.modelled;
  EXPECT_TRUE(gauge);

  world.stop();
  EXPECT_FALSE(process_exists(memcached.pid)) << "memcached pid " << memcached.pid;
}

TEST(StoreBench, MemcachedIsStartedOnTheFirstBenchThatNeedsIt) {
  WorldOptions options = world_with_memcached();
  options.memcached = false;
  World world(options);
  world.start();
  EXPECT_FALSE(world.status()->memcached.present);
  submit(world, "store-bench memcached threads 1 for 200ms");
  ASSERT_TRUE(wait_until([&] { return runs_of(world, "memcached").size() == 1; }, 60s));
  const sim::MemcachedStatus memcached = world.status()->memcached;
  EXPECT_TRUE(memcached.running);
  EXPECT_GT(runs_of(world, "memcached").front().ops, 0u);
  world.stop();
  EXPECT_FALSE(process_exists(memcached.pid));
}

TEST(StoreBench, ASecondBenchWhileOneRunsIsRefusedWithAReason) {
  World world(world_with_memcached());
  world.start();
  submit(world, "store-bench global-lock threads 1,1,1 for 1s");
  const uint64_t second = submit(world, "store-bench bucket-locks threads 1 for 100ms");
  const sim::CommandOutcome refused = outcome_of(world, second);
  ASSERT_EQ(refused.id, second);
  EXPECT_FALSE(refused.ok);
  EXPECT_NE(refused.message.find("still running"), std::string::npos);
  world.stop();
}

}  // namespace
}  // namespace scaleout::test
