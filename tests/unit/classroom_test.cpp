// Unit tests of classroom mode's pieces: the per-address token buckets, the plain-text checks on
// names, rooms and messages, the QR code of the URL, and the choice of the address.
#include <gtest/gtest.h>

#include "scaleout/web/address_rate.hpp"
#include "scaleout/web/plain_text.hpp"
#include "scaleout/world/classroom.hpp"

namespace {

using scaleout::sim::AddressRate;
using std::chrono::milliseconds;

TEST(AddressRate, AllowsABurstThenRefusesUntilTokensComeBack) {
  AddressRate rate(/*per_second=*/2, /*burst=*/3);
  const auto start = AddressRate::Clock::now();
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(rate.allow("10.0.0.7", start)) << i;
  EXPECT_FALSE(rate.allow("10.0.0.7", start));
  EXPECT_FALSE(rate.allow("10.0.0.7", start + milliseconds(400)));  // 0.8 of a token
  EXPECT_TRUE(rate.allow("10.0.0.7", start + milliseconds(600)));   // 1.2 tokens
  EXPECT_FALSE(rate.allow("10.0.0.7", start + milliseconds(600)));
}

TEST(AddressRate, OneAddressRunningDryLeavesTheOthersTheirWholeBurst) {
  AddressRate rate(1, 5);
  const auto now = AddressRate::Clock::now();
  int flooder_allowed = 0;
  for (int i = 0; i < 1000; ++i)
    flooder_allowed += rate.allow("10.0.0.7", now) ? 1 : 0;
  EXPECT_EQ(flooder_allowed, 5);
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(rate.allow("10.0.0.8", now)) << i;
}

TEST(AddressRate, ThisMachineIsExemptAndZeroMeansNoLimit) {
  AddressRate limited(1, 1);
  const auto now = AddressRate::Clock::now();
  for (const char* address : {"127.0.0.1", "::1", "::ffff:127.0.0.1"}) {
    for (int i = 0; i < 100; ++i)
      ASSERT_TRUE(limited.allow(address, now)) << address;
  }
  EXPECT_TRUE(limited.allow("127.0.0.2", now));  // only this machine's own address is exempt
  EXPECT_FALSE(limited.allow("127.0.0.2", now));
  // So is this machine's network address (bots connect to a classroom balancer through it).
  for (const auto& own : scaleout::sim::network_addresses())
    EXPECT_TRUE(scaleout::sim::exempt_from_limits(own.address)) << own.address;
  EXPECT_FALSE(scaleout::sim::exempt_from_limits("203.0.113.9"));
  AddressRate unlimited(0, 0);
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(unlimited.allow("10.0.0.7", now));
}

TEST(AddressRate, ForgetsRefilledBucketsToStayBounded) {
  AddressRate rate(10, 1, /*max_addresses=*/4);
  const auto now = AddressRate::Clock::now();
  for (int i = 0; i < 4; ++i)
    rate.allow("10.0.0." + std::to_string(i), now);
  EXPECT_EQ(rate.tracked(), 4u);
  // All four are empty now: a fifth address is let through untracked rather than refused.
  EXPECT_TRUE(rate.allow("10.0.1.1", now));
  EXPECT_EQ(rate.tracked(), 4u);
  // A second later they have refilled and can be forgotten to make room.
  EXPECT_TRUE(rate.allow("10.0.1.1", now + milliseconds(1000)));
  EXPECT_EQ(rate.tracked(), 1u);
}

TEST(PlainText, CountsCharactersNotBytes) {
  using scaleout::sim::check_plain_text;
  EXPECT_EQ(scaleout::sim::count_characters("보라 Bora"), 7u);
  EXPECT_EQ(check_plain_text("name", "보라보라보라", 6), "");
  EXPECT_EQ(check_plain_text("name", "보라보라보라보", 6), "name: at most 6 characters");
  EXPECT_EQ(check_plain_text("name", "", 6), "name: empty");
}

TEST(PlainText, MarkupIsJustTextButControlCharactersAreRefused) {
  using scaleout::sim::check_plain_text;
  EXPECT_EQ(check_plain_text("name", "<img src=x onerror=alert(1)>", 32), "");
  const std::string refused = "name: control characters are not allowed";
  EXPECT_EQ(check_plain_text("name", "two\nlines", 32), refused);
  EXPECT_EQ(check_plain_text("name", std::string("nul\0", 4), 32), refused);
  EXPECT_EQ(check_plain_text("name", "\x1b[31mred", 32), refused);
  EXPECT_EQ(check_plain_text("name", "evil\u202Egnp.exe", 32), refused);  // right-to-left override
  EXPECT_EQ(check_plain_text("name", "a\u2028b", 32), refused);           // line separator
  EXPECT_EQ(check_plain_text("name", "\xc2\x85", 32), refused);           // C1: next line
  EXPECT_EQ(check_plain_text("name", "\xff\xfe", 32), "name: not valid UTF-8");
  EXPECT_EQ(check_plain_text("name", "\xed\x9b", 32), "name: not valid UTF-8");  // cut short
}

TEST(QrCode, EncodesTheUrlAsASquareWithFinderPatternsInThreeCorners) {
  std::string error;
  auto code = scaleout::sim::make_qr_code("http://192.168.100.200:54321/", &error);
  ASSERT_TRUE(code) << error;
  // 29 bytes at level M need version 3: 29 modules a side.
  EXPECT_EQ(code->size, 29);
  ASSERT_EQ(code->modules.size(), 29u * 29u);
  // A finder pattern: a dark 7x7 ring, a light ring inside, a dark 3x3 core.
  auto finder_at = [&](int left, int top) {
    for (int y = 0; y < 7; ++y) {
      for (int x = 0; x < 7; ++x) {
        const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
        const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        if (code->dark(left + x, top + y) != (ring || core)) return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(finder_at(0, 0));
  EXPECT_TRUE(finder_at(22, 0));
  EXPECT_TRUE(finder_at(0, 22));
  EXPECT_FALSE(finder_at(22, 22));
}

TEST(QrCode, TerminalTextHasTwoModulesPerLineAndAQuietZone) {
  auto code = scaleout::sim::make_qr_code("http://10.0.0.1:8080/", nullptr);
  ASSERT_TRUE(code);
  const std::string text = scaleout::sim::qr_code_for_terminal(*code, /*ansi=*/false);
  const int side = code->size + 2 * scaleout::sim::QrCode::kQuietZone;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), (side + 1) / 2);
  // The first line is all quiet zone: spaces only.
  EXPECT_EQ(text.substr(0, text.find('\n')), std::string(side, ' '));
}

TEST(Classroom, ChoosesLoopbackOnlyWhenAskedAndExplainsAnUnknownAddress) {
  std::string error;
  auto loopback = scaleout::sim::choose_classroom_address("127.0.0.1", &error);
  ASSERT_TRUE(loopback) << error;
  EXPECT_EQ(loopback->address, "127.0.0.1");
  auto chosen = scaleout::sim::choose_classroom_address("", &error);
  if (chosen) {
    EXPECT_FALSE(chosen->address.starts_with("127.")) << chosen->address;
  }
  EXPECT_FALSE(scaleout::sim::choose_classroom_address("no-such-interface9", &error));
  EXPECT_NE(error.find("'no-such-interface9' is not an address or interface of this machine"),
            std::string::npos)
      << error;
  EXPECT_EQ(scaleout::sim::classroom_url("10.1.2.3", 8080), "http://10.1.2.3:8080/");
}

TEST(Classroom, KeepsTheServersOnLoopbackAndTheStricterOfTwoLimits) {
  scaleout::sim::ClusterOptions cluster;
  cluster.server.bind_address = "0.0.0.0";
  cluster.server.max_payload = 4096;  // already below the classroom's: kept
  scaleout::sim::apply_classroom(cluster, "10.1.2.3", nullptr, scaleout::sim::classroom_settings());
  EXPECT_EQ(cluster.server.bind_address, "127.0.0.1");
  EXPECT_EQ(cluster.balancer_bind_address, "10.1.2.3");
  EXPECT_TRUE(cluster.balancer);
  EXPECT_EQ(cluster.server.max_payload, 4096);
  EXPECT_GT(cluster.server.chat.messages_per_second, 0);
  EXPECT_GT(cluster.balancer_limits.max_connections, 0u);
}

}  // namespace
