// Lesson 11's store expectations fail when the effect they claim is absent: the same claim, made
// of a store without the property (its step's store-bench and the expectation both switched to
// the other store), played on a real world. The real Redis and memcached steps are left out here
// (the Lesson.11 ctest entry plays them; StoreBench.* integration tests check memcached's life).
#include <algorithm>

#include "lesson_support.hpp"

namespace scaleout::test {
namespace {

using scenarios::CheckState;

// Lesson 11 with only the in-process steps, the step `id`'s bench and its expectation `check_id`
// switched to `store`.
scenarios::Scenario switched(const std::string& id, const std::string& check_id,
                             sim::StoreKind store) {
  auto scenario = lesson("11-redis-vs-memcached.yaml");
  std::erase_if(scenario.steps, [&](const scenarios::Step& s) { return s.id != id; });
  auto& bench = step(scenario, id);
  std::get<sim::command::RunStoreBench>(bench.commands.at(0)).store = store;
  std::get<sim::command::RunStoreBench>(bench.commands.at(0)).threads = {1, 4, 8};
  // The others are not the claim under test.
  std::erase_if(bench.expectations,
                [&](const scenarios::Expectation& e) { return e.id != check_id; });
  for (auto& expectation : bench.expectations) {
    std::get<scenarios::expect::StoreRun>(expectation.what).store = sim::to_string(store);
    // A claim that does not hold is decided when its window ends: three one-second runs fit.
    expectation.window = std::chrono::seconds(30);
  }
  scenario.final_checks.clear();
  return scenario;
}

void expect_fails(const scenarios::PlayerView& view, const std::string& id) {
  const auto found = check(view, id);
  EXPECT_EQ(found.state, CheckState::kFailed) << found.expected << ": " << found.measured;
}

// With a lock per bucket instead of one global lock, four threads do not spend a fifth of their
// time waiting.
TEST(LessonEffect, Lesson11WithBucketLocksFourThreadsDoNotWaitMuch) {
  expect_fails(play(switched("global-lock", "key", sim::StoreKind::kBucketLocks)), "key");
}

// Behind one global lock, four threads do wait: "barely wait" is a property of bucket locks.
TEST(LessonEffect, Lesson11BehindOneGlobalLockFourThreadsWait) {
  expect_fails(
      play(switched("bucket-locks", "bucket-locks-barely-wait", sim::StoreKind::kGlobalLock)),
      "bucket-locks-barely-wait");
}

// Clients of a store they call directly (bucket locks) do not spend half their time waiting for
// anyone: the waiting is the event loop's queue.
TEST(LessonEffect, Lesson11WithoutTheEventLoopClientsDoNotWaitForAnAnswer) {
  expect_fails(
      play(switched("event-loop", "event-loop-clients-wait", sim::StoreKind::kBucketLocks)),
      "event-loop-clients-wait");
}

}  // namespace
}  // namespace scaleout::test
