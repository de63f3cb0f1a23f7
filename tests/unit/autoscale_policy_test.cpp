// AutoscalePolicy: HPA's arithmetic on plain numbers with a fake clock (milliseconds passed in):
// the formula, the tolerance, min and max, the scale-up limit, the scale-down window and
// servers not ready yet.
#include "scaleout/autoscale/autoscale_policy.hpp"

#include <gtest/gtest.h>

namespace scaleout::sim {
namespace {

using std::chrono::milliseconds;

AutoscaleSettings classroom() {
  AutoscaleSettings s;
  s.target = 10;
  s.min_servers = 1;
  s.max_servers = 10;
  s.window = milliseconds(20000);
  s.period = milliseconds(3000);
  return s;
}

std::vector<ServerReading> readings(std::initializer_list<double> values, int not_ready = 0) {
  std::vector<ServerReading> out;
  int index = 1;
  for (double value : values)
    out.push_back({"s" + std::to_string(index++), value, true});
  for (int i = 0; i < not_ready; ++i)
    out.push_back({"s" + std::to_string(index++), 0, false});
  return out;
}

TEST(AutoscalePolicy, DesiredIsCeilOfCurrentTimesMetricOverTarget) {
  AutoscalePolicy policy(classroom());
  // Three servers at 18 msg/s each against 10: ceil(3 × 18 / 10) = ceil(5.4) = 6.
  auto d = policy.decide(3, readings({18, 18, 18}), 0);
  EXPECT_DOUBLE_EQ(d.metric, 18);
  EXPECT_EQ(d.raw, 6);
  EXPECT_EQ(d.desired, 6);
  EXPECT_NE(d.formula.find("ceil(3 × 18 / 10) = 6"), std::string::npos) << d.formula;
}

TEST(AutoscalePolicy, NoChangeWithinTheTolerance) {
  AutoscalePolicy policy(classroom());
  EXPECT_EQ(policy.decide(4, readings({10.9, 10.9, 10.9, 10.9}), 0).desired, 4);
  EXPECT_EQ(policy.decide(4, readings({9.1, 9.1, 9.1, 9.1}), 1000).desired, 4);
  // Just outside: 11.5 / 10 = 1.15 -> ceil(4 × 1.15) = 5.
  EXPECT_EQ(policy.decide(4, readings({11.5, 11.5, 11.5, 11.5}), 2000).desired, 5);
}

TEST(AutoscalePolicy, MaxAndMinBoundTheAnswer) {
  AutoscaleSettings s = classroom();
  s.min_servers = 2;
  s.max_servers = 5;
  AutoscalePolicy policy(s);
  auto up = policy.decide(3, readings({18, 18, 18}), 0);
  EXPECT_EQ(up.raw, 6);
  EXPECT_EQ(up.desired, 5);
  EXPECT_NE(up.formula.find("→ max 5"), std::string::npos) << up.formula;

  AutoscalePolicy quiet(s);
  auto down = quiet.decide(3, readings({0, 0, 0}), 0);
  EXPECT_EQ(down.desired, 2);
}

TEST(AutoscalePolicy, ScaleUpIsLimitedToDoubleOrFourMorePerPeriod) {
  AutoscalePolicy policy(classroom());
  // 1 server at 100 msg/s wants 10; +100 % gives 2, +4 gives 5: the larger, 5.
  EXPECT_EQ(policy.decide(1, readings({100}), 0).desired, 5);
  AutoscaleSettings wide = classroom();
  wide.max_servers = 40;
  AutoscalePolicy big(wide);
  // 6 servers wanting 30: +100 % (12) beats +4 (10).
  EXPECT_EQ(big.decide(6, readings({50, 50, 50, 50, 50, 50}), 0).desired, 12);
}

TEST(AutoscalePolicy, ScaleDownWaitsForTheHighestRecommendationOfTheWindow) {
  AutoscalePolicy policy(classroom());
  ASSERT_EQ(policy.decide(5, readings({10, 10, 10, 10, 10}), 0).desired, 5);
  // The load falls at once: the formula says 1, the window still holds 5.
  auto held = policy.decide(5, readings({2, 2, 2, 2, 2}), 3000);
  EXPECT_EQ(held.recommended, 1);
  EXPECT_EQ(held.desired, 5);
  EXPECT_NE(held.reason.find("hold 5"), std::string::npos) << held.reason;
  for (int64_t t = 6000; t < 20000; t += 3000)
    EXPECT_EQ(policy.decide(5, readings({2, 2, 2, 2, 2}), t).desired, 5) << "at " << t;
  // 20 s after the last recommendation of 5, it has left the window.
  EXPECT_EQ(policy.decide(5, readings({2, 2, 2, 2, 2}), 21000).desired, 1);
}

TEST(AutoscalePolicy, ScaleUpIsAtOnceWhateverTheWindowHolds) {
  AutoscalePolicy policy(classroom());
  EXPECT_EQ(policy.decide(2, readings({10, 10}), 0).desired, 2);
  EXPECT_EQ(policy.decide(2, readings({25, 25}), 3000).desired, 5);
}

TEST(AutoscalePolicy, ServersNotReadyCountAsIdleForAScaleUp) {
  AutoscalePolicy policy(classroom());
  // Two ready at 30, three just started: (30 + 30 + 0 + 0 + 0) / 5 = 12 -> ceil(5 × 1.2) = 6,
  // not ceil(5 × 3) = 15 as if the new ones were as loaded as the old.
  auto d = policy.decide(5, readings({30, 30}, 3), 0);
  EXPECT_DOUBLE_EQ(d.metric, 12);
  EXPECT_EQ(d.desired, 6);
}

TEST(AutoscalePolicy, ServersNotReadyAreLeftOutOfAScaleDown) {
  AutoscalePolicy policy(classroom());
  // Two ready at 2, one starting: ceil(2 × 0.2) = 1.
  auto d = policy.decide(3, readings({2, 2}, 1), 0);
  EXPECT_DOUBLE_EQ(d.metric, 2);
  EXPECT_EQ(d.recommended, 1);
}

TEST(AutoscalePolicy, NothingReadyKeepsTheCount) {
  AutoscalePolicy policy(classroom());
  auto d = policy.decide(3, readings({}, 3), 0);
  EXPECT_EQ(d.desired, 3);
  EXPECT_NE(d.reason.find("no ready server"), std::string::npos) << d.reason;
}

}  // namespace
}  // namespace scaleout::sim
