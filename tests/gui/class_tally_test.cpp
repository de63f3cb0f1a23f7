// The window's tally of the class's votes (model/class_tally.hpp), from the servers' snapshots:
// servers that counted the same votes give one tally; servers that counted different votes (no
// adapter) split it, each with its own counts, while the votes cast are each counted once; a
// stopped server or another question's votes count for nothing; the newest votes come first.
#include <gtest/gtest.h>

#include "model/class_tally.hpp"

namespace scaleout::gui {
namespace {

sim::ServerSnapshot server(const std::string& name, std::vector<sim::ClassVote> votes,
                           const std::string& question = "q1") {
  sim::ServerSnapshot out;
  out.name = name;
  out.running = true;
  sim::QuestionSnapshot held;
  held.id = question;
  held.phase = sim::QuestionPhase::kOpen;
  held.choices = 3;
  held.votes = std::move(votes);
  out.question = std::move(held);
  return out;
}

sim::ClassVote vote(const std::string& voter, int choice, const std::string& cast_on,
                    int64_t heard_ns) {
  return sim::ClassVote{voter, "name of " + voter, choice, cast_on, heard_ns};
}

TEST(ClassTally, ServersThatCountedTheSameVotesGiveOneTally) {
  sim::WorldStatus status;
  const std::vector<sim::ClassVote> votes = {vote("ada", 2, "s1", 10), vote("bora", 2, "s2", 20),
                                             vote("chidi", 0, "s1", 30)};
  status.world.servers = {server("s1", votes), server("s2", votes)};
  const ClassTally tally = class_tally(status, "q1");
  ASSERT_TRUE(tally.present);
  EXPECT_EQ(tally.phase, "open");
  EXPECT_FALSE(tally.split);
  EXPECT_EQ(tally.votes, 3);
  EXPECT_EQ(tally.counts, (std::vector<int>{1, 0, 2}));
  ASSERT_EQ(tally.servers.size(), 2u);
  EXPECT_EQ(tally.servers[1].counts, (std::vector<int>{1, 0, 2}));
  ASSERT_EQ(tally.latest.size(), 3u);
  EXPECT_EQ(tally.latest[0].name, "name of chidi");  // the newest first
  EXPECT_EQ(tally.latest[0].cast_on, "s1");
}

TEST(ClassTally, ServersThatCountedDifferentVotesSplitItEachWithItsOwnCounts) {
  sim::WorldStatus status;
  status.world.servers = {server("s1", {vote("ada", 0, "s1", 10), vote("chidi", 0, "s1", 30)}),
                          server("s2", {vote("bora", 1, "s2", 20)})};
  const ClassTally tally = class_tally(status, "q1");
  EXPECT_TRUE(tally.split);
  EXPECT_EQ(tally.servers[0].counts, (std::vector<int>{2, 0, 0}));
  EXPECT_EQ(tally.servers[0].votes, 2);
  EXPECT_EQ(tally.servers[1].counts, (std::vector<int>{0, 1, 0}));
  // The votes cast, each once.
  EXPECT_EQ(tally.votes, 3);
  EXPECT_EQ(tally.counts, (std::vector<int>{2, 1, 0}));
}

TEST(ClassTally, AChangedVoteCountsAsTheServerItWasCastOnHoldsIt) {
  sim::WorldStatus status;
  // s2 has not heard yet that Ada changed her vote on s1.
  status.world.servers = {server("s1", {vote("ada", 2, "s1", 40)}),
                          server("s2", {vote("ada", 0, "s1", 10)})};
  const ClassTally tally = class_tally(status, "q1");
  EXPECT_TRUE(tally.split);
  EXPECT_EQ(tally.votes, 1);
  EXPECT_EQ(tally.counts, (std::vector<int>{0, 0, 1}));
}

TEST(ClassTally, StoppedServersAndOtherQuestionsCountForNothing) {
  sim::WorldStatus status;
  auto stopped = server("s1", {vote("ada", 0, "s1", 10)});
  stopped.running = false;
  status.world.servers = {stopped, server("s2", {vote("bora", 1, "s2", 20)}, "q0")};
  EXPECT_FALSE(class_tally(status, "q1").present);
  status.world.servers.push_back(server("s3", {}));
  const ClassTally tally = class_tally(status, "q1");
  ASSERT_TRUE(tally.present);
  EXPECT_EQ(tally.servers.size(), 1u);
  EXPECT_EQ(tally.votes, 0);
  EXPECT_EQ(tally.counts, (std::vector<int>{0, 0, 0}));
}

}  // namespace
}  // namespace scaleout::gui
