// MONITOR lines back to the words of their commands, escapes and binary included.
#include "scaleout/adapter/monitor_line.hpp"

#include <gtest/gtest.h>

using scaleout::adapter::parse_monitor_line;

TEST(MonitorLine, AnSpublishGivesItsChannelAndPayload) {
  auto words = parse_monitor_line(
      R"(1700000000.123456 [0 127.0.0.1:51234] "SPUBLISH" "socket.io#/#lobby#" "{\"type\":3,\"uid\":\"a\"}")");
  ASSERT_TRUE(words);
  ASSERT_EQ(words->size(), 3u);
  EXPECT_EQ((*words)[0], "SPUBLISH");
  EXPECT_EQ((*words)[1], "socket.io#/#lobby#");
  EXPECT_EQ((*words)[2], R"({"type":3,"uid":"a"})");
}

TEST(MonitorLine, EscapedBytesComeBackAsTheyWere) {
  auto words = parse_monitor_line(R"(1.5 [0 lua] "SPUBLISH" "c" "\x83\xa4type\x03\\\n\r\t\xff")");
  ASSERT_TRUE(words);
  EXPECT_EQ((*words)[2], std::string("\x83\xa4type\x03\\\n\r\t\xff", 12));
}

TEST(MonitorLine, WhatIsNotAMonitorLineIsRefused) {
  EXPECT_FALSE(parse_monitor_line("OK"));
  EXPECT_FALSE(parse_monitor_line(""));
  EXPECT_FALSE(parse_monitor_line(R"(1.5 [0 x] "unterminated)"));
  EXPECT_FALSE(parse_monitor_line(R"(1.5 [0 x] "bad \xZZ")"));
  EXPECT_FALSE(parse_monitor_line(R"(1.5 [0 x] bare)"));
  EXPECT_FALSE(parse_monitor_line("1.5 [0 x] "));
}
