// The in-process stores of the store benchmark: each keeps every value under many threads, never
// hands out a torn value, and says how long its threads waited; and the store-bench command's
// one-line syntax.
#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "scaleout/stores/in_process_store.hpp"
#include "scaleout/world/world_command.hpp"

namespace scaleout::sim {
namespace {

std::unique_ptr<InProcessStore> make(const std::string& kind) {
  if (kind == "global-lock") return std::make_unique<GlobalLockStore>();
  if (kind == "bucket-locks") return std::make_unique<BucketLockStore>(64);
  return std::make_unique<EventLoopStore>();
}

class InProcessStoreTest : public testing::TestWithParam<std::string> {};

TEST_P(InProcessStoreTest, KeepsEveryThreadsWritesAndReadsThemBack) {
  auto store = make(GetParam());
  constexpr int kThreads = 4, kKeys = 500;
  std::vector<std::thread> threads;
  std::vector<StoreThreadMeter> meters(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kKeys; ++i) {
        store->set("t" + std::to_string(t) + ":" + std::to_string(i), std::to_string(i * t),
                   meters[static_cast<size_t>(t)]);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(store->size(), static_cast<size_t>(kThreads * kKeys));
  StoreThreadMeter meter;
  std::string value;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kKeys; ++i) {
      ASSERT_TRUE(store->get("t" + std::to_string(t) + ":" + std::to_string(i), &value, meter));
      EXPECT_EQ(value, std::to_string(i * t));
    }
  }
  EXPECT_FALSE(store->get("nobody", &value, meter));
  for (const auto& m : meters)
    EXPECT_EQ(m.state.load(), StoreThreadState::kIdle);
}

TEST_P(InProcessStoreTest, ReadersNeverSeeATornValueWhileWritersOverwriteIt) {
  auto store = make(GetParam());
  const std::string a(64, 'a'), b(64, 'b');
  StoreThreadMeter setup;
  store->set("shared", a, setup);
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> threads;
  std::vector<StoreThreadMeter> meters(4);
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i)
        store->set("shared", (i + t) % 2 ? a : b, meters[static_cast<size_t>(t)]);
    });
    threads.emplace_back([&, t] {
      std::string value;
      while (!stop) {
        store->get("shared", &value, meters[static_cast<size_t>(2 + t)]);
        if (value != a && value != b) ++torn;
      }
    });
  }
  threads[0].join();
  threads[2].join();
  stop = true;
  threads[1].join();
  threads[3].join();
  EXPECT_EQ(torn.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, InProcessStoreTest,
                         testing::Values("global-lock", "bucket-locks", "event-loop"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

// One thread alone never waits on a lock.
TEST(GlobalLockStore, OneThreadNeverWaits) {
  GlobalLockStore store;
  StoreThreadMeter meter;
  std::string value;
  for (int i = 0; i < 10000; ++i) {
    store.set("k" + std::to_string(i % 100), "v", meter);
    store.get("k" + std::to_string(i % 50), &value, meter);
  }
  EXPECT_EQ(meter.waiting_ns.load(), 0);
}

// Threads on one key behind one lock wait for each other, and the meters say so; the same threads
// on their own keys behind a lock per bucket (keys in different buckets) never do.
TEST(GlobalLockStore, ThreadsOnOneLockWaitAndBucketLocksOnOwnKeysDoNot) {
  auto hammer = [](InProcessStore& store, bool own_keys) {
    std::vector<StoreThreadMeter> meters(4);
    std::vector<std::thread> threads;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
    for (size_t t = 0; t < meters.size(); ++t) {
      threads.emplace_back([&, t] {
        const std::string key = own_keys ? "key" + std::to_string(t) : "key";
        std::string value(256, 'x');
        while (std::chrono::steady_clock::now() < until)
          store.set(key, value, meters[t]);
      });
    }
    for (auto& thread : threads)
      thread.join();
    int64_t waited = 0;
    for (const auto& meter : meters)
      waited += meter.waiting_ns.load();
    return waited;
  };
  GlobalLockStore global;
  EXPECT_GT(hammer(global, false), 0);
  // 4096 buckets: key0..key3 land in four different ones (checked by the waiting itself: a
  // shared bucket would show as waiting).
  BucketLockStore buckets(4096);
  EXPECT_EQ(hammer(buckets, true), 0);
}

TEST(StoreBenchCommand, ParsesAndPrintsBack) {
  auto parsed = parse_world_command("store-bench memcached threads 1,2,4,8 for 500ms");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& bench = std::get<command::RunStoreBench>(*parsed);
  EXPECT_EQ(bench.store, StoreKind::kMemcached);
  EXPECT_EQ(bench.threads, (std::vector<int>{1, 2, 4, 8}));
  EXPECT_EQ(bench.duration, std::chrono::milliseconds(500));
  EXPECT_EQ(describe(*parsed), "store-bench memcached threads 1,2,4,8 for 500ms");
  auto defaults = parse_world_command("store-bench event-loop");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(describe(*defaults), "store-bench event-loop threads 1,2,4,8 for 1s");
}

TEST(StoreBenchCommand, RefusesWhatItCannotRunWithTheShape) {
  for (const char* line : {"store-bench", "store-bench mongodb", "store-bench redis threads 0",
                           "store-bench redis "
                           "threads 1,x",
                           "store-bench redis for 1h", "store-bench redis threads"}) {
    auto parsed = parse_world_command(line);
    ASSERT_FALSE(parsed) << line;
    EXPECT_NE(parsed.error().message.find("store-bench"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace scaleout::sim
