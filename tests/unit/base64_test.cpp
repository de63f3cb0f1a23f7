// Base64 as used by binary packets over long-polling.
#include "scaleout/protocol/base64.hpp"

#include <gtest/gtest.h>

using namespace scaleout::protocol;

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("\xde\xad"), "3q0=");
  EXPECT_EQ(base64_encode("\x01\x02\x03"), "AQID");
  EXPECT_EQ(base64_encode("f"), "Zg==");
}

TEST(Base64, DecodesWhatItEncodes) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all += static_cast<char>(i);
  for (size_t n = 0; n < all.size(); n += 7) {
    auto round = base64_decode(base64_encode(all.substr(0, n)));
    ASSERT_TRUE(round);
    EXPECT_EQ(*round, all.substr(0, n));
  }
}

TEST(Base64, RefusesCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(base64_decode("3q0*"));
  EXPECT_FALSE(base64_decode("A"));
  EXPECT_FALSE(base64_decode("A==="));
}
