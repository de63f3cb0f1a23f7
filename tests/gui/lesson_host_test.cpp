// LessonHost without a window: the player behind the lesson bar, on a real world. Continue starts
// the next step; Back builds the world again, and the feed then carries a new generation that
// starts with the new world's own events (so the view restarts exactly there); opening another
// lesson replaces the player; a bad file is refused with its position.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "app/lesson_host.hpp"

namespace scaleout::gui {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLesson = R"(title: {en: "two steps", ko: "두 단계"}
summary: {en: "a test", ko: "시험"}
pace: 60s
world:
  servers: 1
  adapter: memory
  balancer: none
steps:
  - id: connect
    do: connect 2 room lobby via s1
    caption: {en: "two clients", ko: "클라이언트 둘"}
    expect:
      - clients: 2
  - id: say
    do: say c1 lobby hi mid m1
    caption: {en: "c1 says hi", ko: "c1이 인사"}
    expect:
      - delivered: m1
        count: 2
)";

std::string write_lesson(const std::string& name, const std::string& text) {
  const auto path =
      std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

// Polls `done` until it holds or 20 s pass (a loaded 2-core machine under ASan).
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

bool has_server_start(const EventBatch& batch) {
  for (const auto& event : batch.events) {
    if (event.kind == sim::TraceKind::kServerUp) return true;
  }
  return false;
}

TEST(LessonHost, ContinueRunsTheNextStepAndBackBuildsANewWorldWithANewFeedGeneration) {
  const std::string path = write_lesson("lesson-host", kLesson);
  EventFeed feed;
  LessonHost host(feed);
  std::string error;
  ASSERT_TRUE(host.open(path, /*paused=*/true, "", &error)) << error;
  ASSERT_TRUE(eventually([&] {
    auto view = host.view();
    return view && view->phase == scenarios::PlayerPhase::kRunning && host.world();
  }));
  // Paused with a minute's pace: nothing starts by itself.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(host.view()->current_step, -1);

  LessonControls next;
  next.next = true;
  host.control(next);
  ASSERT_TRUE(eventually([&] {
    auto view = host.view();
    return view->current_step == 0 && view->steps[0].state == scenarios::StepState::kDone;
  }));
  host.control(next);
  ASSERT_TRUE(eventually([&] { return host.view()->passed == 2; }));
  EXPECT_EQ(host.view()->failed, 0);

  EventBatch first;
  feed.take(first);
  EXPECT_EQ(first.generation, 1u);
  EXPECT_TRUE(has_server_start(first));
  const uint64_t generation = host.view()->world_generation;

  LessonControls back;
  back.back = true;
  host.control(back);
  ASSERT_TRUE(eventually([&] { return host.view()->world_generation > generation; }));
  // The new world's events come in a new generation, its own server start among them.
  EventBatch later;
  ASSERT_TRUE(eventually([&] {
    EventBatch batch;
    feed.take(batch);
    if (batch.generation == 2) {
      later.events.insert(later.events.end(), batch.events.begin(), batch.events.end());
    }
    return has_server_start(later);
  }));
  std::filesystem::remove(path);
}

TEST(LessonHost, AnotherLessonReplacesThePlayerAndABadFileIsRefusedWithItsPlace) {
  const std::string first = write_lesson("lesson-a", kLesson);
  const std::string bad = write_lesson("lesson-bad", "title: {en: x}\nworld:\n  servers: many\n");
  EventFeed feed;
  LessonHost host(feed);
  std::string error;
  ASSERT_TRUE(host.open(first, true, "", &error)) << error;
  EXPECT_FALSE(host.open(bad, true, "", &error));
  EXPECT_NE(error.find(bad + ":3:"), std::string::npos) << error;
  EXPECT_EQ(host.path(), first);  // the lesson on screen stays

  std::string second_text = kLesson;
  second_text.replace(second_text.find("two steps"), 9, "the other");
  const std::string second = write_lesson("lesson-b", second_text);
  ASSERT_TRUE(host.open(second, true, "say", &error)) << error;
  EXPECT_EQ(host.scenario()->title.en, "the other");
  // Opened at its second step: the first is fast-forwarded on the way.
  ASSERT_TRUE(eventually([&] {
    auto view = host.view();
    return view && view->current_step == 1 && view->steps[0].fast_forwarded;
  }));
  for (const auto& file : {first, bad, second})
    std::filesystem::remove(file);
}

}  // namespace
}  // namespace scaleout::gui
