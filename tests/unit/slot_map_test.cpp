// SlotMap: CLUSTER SHARDS replies (RESP2 bytes as Redis 7.0.15 sends them, parsed by hiredis'
// reader), slot lookups, MOVED and ASK.
#include "scaleout/adapter/slot_map.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

using namespace scaleout::adapter;

namespace {

std::string bulk(const std::string& text) {
  return "$" + std::to_string(text.size()) + "\r\n" + text + "\r\n";
}
std::string integer(long long value) {
  return ":" + std::to_string(value) + "\r\n";
}
std::string array(const std::vector<std::string>& items) {
  std::string out = "*" + std::to_string(items.size()) + "\r\n";
  for (const auto& item : items)
    out += item;
  return out;
}
std::string node(const std::string& id, int port, const std::string& role,
                 const std::string& health) {
  return array({bulk("id"), bulk(id), bulk("port"), integer(port), bulk("ip"), bulk("127.0.0.1"),
                bulk("endpoint"), bulk("127.0.0.1"), bulk("hostname"), bulk(""), bulk("role"),
                bulk(role), bulk("replication-offset"), integer(1234), bulk("health"),
                bulk(health)});
}
std::string shard(std::vector<long long> slots, std::vector<std::string> nodes) {
  std::vector<std::string> ranges;
  for (long long slot : slots)
    ranges.push_back(integer(slot));
  return array({bulk("slots"), array(ranges), bulk("nodes"), array(nodes)});
}

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
std::unique_ptr<redisReply, ReplyDeleter> parse_resp(const std::string& bytes) {
  redisReader* reader = redisReaderCreate();
  redisReaderFeed(reader, bytes.data(), bytes.size());
  void* reply = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &reply), REDIS_OK);
  redisReaderFree(reader);
  return std::unique_ptr<redisReply, ReplyDeleter>(static_cast<redisReply*>(reply));
}

// Three primaries with a replica each, the second shard's primary failed and its replica
// promoted already (the old primary listed as failed).
const std::string kThreeShards =
    array({shard({0, 5460},
                 {node("a1", 20001, "master", "online"), node("a2", 20004, "replica", "online")}),
           shard({5461, 10922},
                 {node("b1", 20002, "master", "fail"), node("b2", 20005, "master", "online")}),
           shard({10923, 16383}, {node("c1", 20003, "master", "online"),
                                  node("c2", 20006, "replica", "loading")})});

}  // namespace

TEST(SlotMap, ClusterShardsGiveEachSlotItsOnlinePrimary) {
  auto reply = parse_resp(kThreeShards);
  std::string error;
  auto map = parse_cluster_shards(*reply, &error);
  ASSERT_TRUE(map) << error;
  EXPECT_EQ(map->slots_served(), 16384u);
  EXPECT_EQ(map->primary_of(0)->address(), "127.0.0.1:20001");
  EXPECT_EQ(map->primary_of(5460)->address(), "127.0.0.1:20001");
  EXPECT_EQ(map->primary_of(5461)->address(), "127.0.0.1:20005");  // not the failed one
  EXPECT_EQ(map->primary_of(key_hash_slot("foo"))->port, 20003);   // slot 12182
  ASSERT_EQ(map->primaries().size(), 3u);
  EXPECT_EQ(map->nodes().size(), 6u);
  EXPECT_EQ(map->shard_of(16383)->nodes[1].health, "loading");
  EXPECT_FALSE(map->shard_of(0)->nodes[1].primary);
}

TEST(SlotMap, AShardWithoutAnOnlinePrimaryServesNobodyUntilPromoted) {
  auto reply = parse_resp(array({shard(
      {0, 16383}, {node("a1", 20001, "master", "fail"), node("a2", 20004, "replica", "online")})}));
  auto map = parse_cluster_shards(*reply, nullptr);
  ASSERT_TRUE(map);
  EXPECT_EQ(map->primary_of(100), nullptr);
  EXPECT_TRUE(map->primaries().empty());
}

TEST(SlotMap, SeveralRangesPerShardAndUnservedSlots) {
  auto reply = parse_resp(array({shard({0, 99, 200, 299}, {node("a", 7000, "master", "online")})}));
  auto map = parse_cluster_shards(*reply, nullptr);
  ASSERT_TRUE(map);
  EXPECT_EQ(map->slots_served(), 200u);
  EXPECT_NE(map->primary_of(250), nullptr);
  EXPECT_EQ(map->primary_of(150), nullptr);
}

TEST(SlotMap, MalformedRepliesAreErrorsThatSayWhat) {
  std::string error;
  EXPECT_FALSE(parse_cluster_shards(
      *parse_resp("-ERR This instance has cluster support disabled\r\n"), &error));
  EXPECT_NE(error.find("cluster support disabled"), std::string::npos);
  EXPECT_FALSE(parse_cluster_shards(*parse_resp(array({bulk("slots")})), &error));
  EXPECT_FALSE(parse_cluster_shards(*parse_resp(array({shard({5, 1}, {})})), &error));
  EXPECT_FALSE(parse_cluster_shards(*parse_resp(array({shard({0, 16384}, {})})), &error));
  EXPECT_FALSE(parse_cluster_shards(*parse_resp(":3\r\n"), &error));
}

TEST(SlotMap, AStandaloneRedisIsOneShardWithEverySlot) {
  SlotMap map = SlotMap::single("127.0.0.1", 6379);
  EXPECT_EQ(map.slots_served(), 16384u);
  EXPECT_EQ(map.primary_of(12345)->address(), "127.0.0.1:6379");
}

TEST(SlotMap, MovedPointsTheSlotAtItsNewNode) {
  auto map = parse_cluster_shards(*parse_resp(kThreeShards), nullptr);
  ASSERT_TRUE(map);
  map->move_slot(0, "127.0.0.1", 20003);
  EXPECT_EQ(map->primary_of(0)->port, 20003);
  EXPECT_EQ(map->primary_of(1)->port, 20001);
  map->move_slot(1, "127.0.0.1", 20099);  // a node the map does not know yet
  EXPECT_EQ(map->primary_of(1)->port, 20099);
}

TEST(SlotMap, RedirectsParseAndGarbageDoesNot) {
  auto moved = parse_redirect("MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(moved);
  EXPECT_FALSE(moved->ask);
  EXPECT_EQ(moved->slot, 3999);
  EXPECT_EQ(moved->host, "127.0.0.1");
  EXPECT_EQ(moved->port, 6381);
  auto ask = parse_redirect("ASK 1 10.0.0.2:7000");
  ASSERT_TRUE(ask);
  EXPECT_TRUE(ask->ask);
  EXPECT_FALSE(parse_redirect("CLUSTERDOWN The cluster is down"));
  EXPECT_FALSE(parse_redirect("MOVED 16384 127.0.0.1:1"));
  EXPECT_FALSE(parse_redirect("MOVED 1 127.0.0.1:"));
  EXPECT_FALSE(parse_redirect("MOVED x 127.0.0.1:1"));
  EXPECT_FALSE(parse_redirect("MOVED 1"));
}
