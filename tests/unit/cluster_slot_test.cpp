// Redis Cluster's key slots: CRC16/XMODEM and the hash-tag rule, on the vectors measured against
// Redis 7.0.15's CLUSTER KEYSLOT (shared/redis-cluster-facts.md section 2).
#include "scaleout/adapter/cluster_slot.hpp"

#include <gtest/gtest.h>

using scaleout::adapter::crc16_xmodem;
using scaleout::adapter::key_hash_slot;

TEST(ClusterSlot, Crc16IsXmodem) {
  EXPECT_EQ(crc16_xmodem("123456789"), 0x31C3);
  EXPECT_EQ(crc16_xmodem(""), 0);
}

TEST(ClusterSlot, KeysHashToTheSlotsRedisGivesThem) {
  EXPECT_EQ(key_hash_slot("foo"), 12182);
  EXPECT_EQ(key_hash_slot("123456789"), 12739);
}

TEST(ClusterSlot, AHashTagHashesOnlyTheTextBetweenTheFirstBraces) {
  EXPECT_EQ(key_hash_slot("{user1000}.following"), 3443);
  EXPECT_EQ(key_hash_slot("{user1000}.followers"), key_hash_slot("user1000"));
  // {} is empty: the whole key; {{bar}} hashes "{bar"; {}x is the whole key.
  EXPECT_EQ(key_hash_slot("foo{}{bar}"), 8363);
  EXPECT_EQ(key_hash_slot("foo{{bar}}zap"), 4015);
  EXPECT_EQ(key_hash_slot("{}x"), 10595);
}

TEST(ClusterSlot, TheAdaptersChannelsSpreadOverSlots) {
  // No hash tags in socket.io#/#room#: each room's channel has a slot of its own.
  EXPECT_NE(key_hash_slot("socket.io#/#a#"), key_hash_slot("socket.io#/#b#"));
  EXPECT_LT(key_hash_slot("socket.io#/#"), 16384);
}
