// Each lesson's key expectation (the one with `id: key`) fails when the effect the lesson shows is
// absent: the same lesson, changed in one place, played on a real world. Together with the
// Lesson.* ctest entries (each lesson played as written, passing), this shows the expectations
// measure the effect rather than restate the script.
#include "lesson_support.hpp"

namespace scaleout::test {
namespace {

using scenarios::CheckState;

void expect_key_fails(const scenarios::PlayerView& view) {
  const auto key = check(view, "key");
  EXPECT_EQ(key.state, CheckState::kFailed) << key.expected << ": " << key.measured;
}

// Lesson 1: a room confines a broadcast. Said to nobody in particular, k1 gets m1 too.
TEST(LessonEffect, Lesson1ABroadcastWithoutARoomReachesEveryone) {
  auto scenario = lesson("01-one-server.yaml");
  std::get<sim::command::Say>(step(scenario, "room-broadcast").commands.at(0)).room.clear();
  expect_key_fails(play(std::move(scenario), "room-broadcast"));
}

// Lesson 2: the loss comes from having no adapter. With the Redis adapter nothing is dropped.
TEST(LessonEffect, Lesson2WithTheRedisAdapterNothingIsDropped) {
  auto scenario = lesson("02-two-servers-no-adapter.yaml");
  scenario.world.adapter = sim::AdapterKind::kRedis;
  expect_key_fails(play(std::move(scenario), "say"));
}

// Lesson 3: the adapter is what reaches the other server. With the memory adapter, half the room
// misses the message.
TEST(LessonEffect, Lesson3WithTheMemoryAdapterHalfTheRoomMissesIt) {
  auto scenario = lesson("03-redis-adapter.yaml");
  scenario.world.adapter = sim::AdapterKind::kMemory;
  expect_key_fails(play(std::move(scenario), "room-channel"));
}

// Lesson 4: the failure comes from round robin. With sticky sessions from the start, the
// long-polling client connects.
TEST(LessonEffect, Lesson4WithStickySessionsPollingConnects) {
  auto scenario = lesson("04-sticky-sessions.yaml");
  scenario.world.balancer = sim::BalancePolicy::kStickySid;
  expect_key_fails(play(std::move(scenario), "polling-fails"));
}

// Lesson 5: the memory copy is lost because the client lands on another server. Back on the same
// server, it is still there.
TEST(LessonEffect, Lesson5BackOnTheSameServerTheMemoryCopyIsStillThere) {
  auto scenario = lesson("05-shared-state.yaml");
  std::get<sim::command::ReconnectClient>(step(scenario, "move").commands.at(0)).via = "s1";
  expect_key_fails(play(std::move(scenario), "recall"));
}

// Lesson 6: the loss comes from the outage. While Redis stays up, nothing is dropped.
TEST(LessonEffect, Lesson6WhileRedisStaysUpNothingIsLost) {
  auto scenario = lesson("06-redis-outage.yaml");
  auto& outage = step(scenario, "kill-redis");
  outage.commands.clear();
  outage.command_marks.clear();
  expect_key_fails(play(std::move(scenario), "during"));
}

// Lesson 7: the clients come back because they go through the balancer. Connected to the crashed
// server itself, they have nowhere to go.
TEST(LessonEffect, Lesson7ClientsOfTheServerItselfDoNotComeBack) {
  auto scenario = lesson("07-server-crash.yaml");
  scenario.world.clients.at(0).via = "s1";
  expect_key_fails(play(std::move(scenario), "crash"));
}

// Lesson 8: the loss comes from the partition. Without it, s2's members get m2.
TEST(LessonEffect, Lesson8WithoutThePartitionNothingIsLost) {
  auto scenario = lesson("08-network-partition.yaml");
  auto& partition = step(scenario, "partition");
  partition.commands.clear();
  partition.command_marks.clear();
  expect_key_fails(play(std::move(scenario), "during"));
}

// Lesson 9: the stall comes from KEYS. Walking the keyspace with SCAN in its place, the two steps
// measure the same and the ratio is nowhere near 10.
TEST(LessonEffect, Lesson12WithScanInsteadOfKeysNothingStalls) {
  auto scenario = lesson("12-keys-vs-scan.yaml");
  step(scenario, "keys").commands.at(0) = sim::command::ScanKeys{1000, ""};
  expect_key_fails(play(std::move(scenario), ""));
}

// Lesson 10: the stall comes from SAVE writing on Redis' main thread. With a command that
// writes nothing in its place (DBSIZE) the step does not stall more than BGSAVE's. (Not BGSAVE in
// its place: on a loaded VM, the fork of the first BGSAVE can itself pause Redis for ~100 ms,
// while the lesson's own BGSAVE then finds one in progress and forks nothing.)
TEST(LessonEffect, Lesson13WithoutSaveNothingStalls) {
  auto scenario = lesson("13-rdb-snapshots.yaml");
  std::get<sim::command::RedisCommand>(step(scenario, "save").commands.at(0)).words = {"DBSIZE"};
  expect_key_fails(play(std::move(scenario), ""));
}

// Lesson 11: s2 hears solo's messages only because it is subscribed to Redis. With the memory
// adapter it hears nothing at all.
TEST(LessonEffect, Lesson10AServerOffRedisHearsNothing) {
  auto scenario = lesson("10-every-server-hears-every-broadcast.yaml");
  scenario.world.server_adapters = {sim::AdapterKind::kRedis, sim::AdapterKind::kMemory};
  expect_key_fails(play(std::move(scenario), "two-servers"));
}

// Lesson 10, its second half: s2 hears nothing because the sharded adapter subscribes it only to
// the rooms it has members in. Switched back to the classic adapter instead, s2 hears all ten.
TEST(LessonEffect, Lesson10WithTheClassicAdapterEveryServerHearsTheRoomAgain) {
  auto scenario = lesson("10-every-server-hears-every-broadcast.yaml");
  for (auto& command : step(scenario, "go-sharded").commands)
    std::get<sim::command::SwitchAdapter>(command).adapter = sim::AdapterKind::kRedis;
  const auto key = check(play(std::move(scenario), "sharded"), "sharded-key");
  EXPECT_EQ(key.state, CheckState::kFailed) << key.expected << ": " << key.measured;
}

}  // namespace
}  // namespace scaleout::test
