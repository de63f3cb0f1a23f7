// The ClusterAdapter envelope the sharded adapter sends: JSON unless the data holds binary, then
// msgpack; decoders tell them apart by the first byte.
#include "scaleout/protocol/cluster_message.hpp"

#include <gtest/gtest.h>

#include "scaleout/protocol/msgpack_json.hpp"

using namespace scaleout::protocol;

TEST(ClusterMessage, ABroadcastIsJsonInNodesKeyOrder) {
  ClusterMessage message;
  message.type = ClusterMessageType::kBroadcast;
  message.uid = "0123456789abcdef";
  message.data = Json::parse(
      R"({"packet":{"type":2,"data":["said",{"text":"hi"}]},"opts":{"rooms":["lobby"],"except":[],"flags":{}}})");
  EXPECT_EQ(
      encode_cluster_message(message),
      R"({"type":3,"data":{"packet":{"type":2,"data":["said",{"text":"hi"}]},)"
      R"("opts":{"rooms":["lobby"],"except":[],"flags":{}}},"uid":"0123456789abcdef","nsp":"/"})");
  auto decoded = decode_cluster_message(encode_cluster_message(message));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->type, ClusterMessageType::kBroadcast);
  EXPECT_EQ(decoded->uid, message.uid);
  EXPECT_EQ(decoded->data, message.data);
}

TEST(ClusterMessage, BinaryDataMakesItMsgpackAndBack) {
  ClusterMessage message;
  message.type = ClusterMessageType::kBroadcastAck;
  message.uid = "u";
  message.data = Json{{"requestId", "r"}, {"packet", Json::binary({1, 2, 3})}};
  const std::string bytes = encode_cluster_message(message);
  ASSERT_FALSE(bytes.empty());
  EXPECT_NE(bytes.front(), '{');
  auto decoded = decode_cluster_message(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->data["packet"], Json::binary({1, 2, 3}));
}

TEST(ClusterMessage, AHeartbeatHasNoData) {
  ClusterMessage message;
  message.type = ClusterMessageType::kHeartbeat;
  message.uid = "u";
  EXPECT_EQ(encode_cluster_message(message), R"({"type":2,"uid":"u","nsp":"/"})");
  auto decoded = decode_cluster_message(R"({"type":2,"uid":"u","nsp":"/chat"})");
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->data.is_null());
  EXPECT_EQ(decoded->nsp, "/chat");
}

TEST(ClusterMessage, GarbageIsAnErrorNotACrash) {
  EXPECT_FALSE(decode_cluster_message(""));
  EXPECT_FALSE(decode_cluster_message("{"));
  EXPECT_FALSE(decode_cluster_message("[1,2]"));
  EXPECT_FALSE(decode_cluster_message(R"({"uid":"u"})"));
  EXPECT_FALSE(decode_cluster_message(R"({"type":"3"})"));
  EXPECT_FALSE(decode_cluster_message(R"({"type":3,"uid":7})"));
  EXPECT_FALSE(decode_cluster_message(std::string("\xc1", 1)));
  auto unknown = decode_cluster_message(R"({"type":99,"uid":"u","nsp":"/"})");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(static_cast<int>(unknown->type), 99);
}
