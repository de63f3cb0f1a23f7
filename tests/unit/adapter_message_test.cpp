// The Redis adapter's messages, checked against what Node's @socket.io/redis-adapter 8.3 and
// @socket.io/redis-emitter 5.1 were captured publishing (shared/protocol-facts.md sections 3, 6).
#include "scaleout/protocol/adapter_message.hpp"

#include <gtest/gtest.h>

#include "scaleout/protocol/msgpack_json.hpp"

using namespace scaleout::protocol;

namespace {

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

// io.emit("hello", "world", 1) from uid yBqQbC, on socket.io#/#
const char* kEmitHello =
    "93a679427151624383a47479706502a46461746193a568656c6c6fa5776f726c6401a36e7370a12f83a5726f6f"
    "6d7390a665786365707490a5666c61677380";
// io.to("room1").emit("news", {a: 1}), on socket.io#/#room1#
const char* kToRoom1 =
    "93a679427151624383a47479706502a46461746192a46e65777381a16101a36e7370a12f83a5726f6f6d7391a5"
    "726f6f6d31a665786365707490a5666c61677380";

}  // namespace

TEST(AdapterMessage, NodeBroadcastsDecodeAndReencodeByteForByte) {
  for (const char* hex : {kEmitHello, kToRoom1}) {
    const std::string bytes = from_hex(hex);
    auto message = decode_broadcast_message(bytes);
    ASSERT_TRUE(message) << message.error().message;
    EXPECT_EQ(message->uid, "yBqQbC");
    EXPECT_EQ(message->nsp, "/");
    EXPECT_EQ(encode_broadcast_message(*message), bytes);
  }
  auto to_room = decode_broadcast_message(from_hex(kToRoom1));
  EXPECT_EQ(to_room->opts.rooms, (std::vector<std::string>{"room1"}));
  EXPECT_EQ(to_room->data, Json::parse(R"(["news",{"a":1}])"));
}

TEST(AdapterMessage, EmitterBroadcastWithItsOwnKeyOrderDecodes) {
  // [ "emitter", {type:2, data:["from-emitter",7], nsp:"/"}, {rooms:["room1"], flags:{}, except:[]}
  // ]
  Json emitted = Json::array(
      {"emitter", Json{{"type", 2}, {"data", Json::array({"from-emitter", 7})}, {"nsp", "/"}},
       Json{{"rooms", Json::array({"room1"})},
            {"flags", Json::object()},
            {"except", Json::array()}}});
  auto message = decode_broadcast_message(to_msgpack(emitted));
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->uid, "emitter");
  EXPECT_EQ(message->opts.rooms, (std::vector<std::string>{"room1"}));
  EXPECT_EQ(message->data[1], 7);
}

TEST(AdapterMessage, BinaryTravelsAsMsgpackBinWithPacketTypeTwo) {
  BroadcastMessage message;
  message.uid = "abcdef";
  message.data = Json::array({"bin", Json::binary({1, 2, 3})});
  const std::string bytes = encode_broadcast_message(message);
  EXPECT_NE(bytes.find(std::string("\xc4\x03\x01\x02\x03", 5)), std::string::npos);
  EXPECT_NE(bytes.find(std::string("\xa4type\x02", 6)), std::string::npos);
  auto back = decode_broadcast_message(bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->data[1].is_binary());
}

TEST(AdapterMessage, TheSendersUidCanBeReadWithoutDecoding) {
  EXPECT_EQ(peek_broadcast_uid(from_hex(kEmitHello)), "yBqQbC");
  BroadcastMessage message;
  message.uid = std::string(40, 'u');  // past fixstr: str8
  EXPECT_EQ(peek_broadcast_uid(encode_broadcast_message(message)), message.uid);
  EXPECT_FALSE(peek_broadcast_uid(R"({"json":1})"));
  EXPECT_FALSE(
      peek_broadcast_uid(std::string("\x93\xa6"
                                     "abc",
                                     5)));  // cut short
}

TEST(AdapterMessage, MalformedBroadcastsAreErrors) {
  EXPECT_FALSE(decode_broadcast_message(R"({"json":"instead of msgpack"})"));
  EXPECT_FALSE(decode_broadcast_message(to_msgpack(Json::array({"uid", Json::object()}))));
  EXPECT_FALSE(decode_broadcast_message(
      to_msgpack(Json::array({"uid", Json{{"data", "not an array"}}, Json::object()}))));
  EXPECT_FALSE(
      decode_broadcast_message(to_msgpack(Json::array({7, Json::object(), Json::object()}))));
}

TEST(AdapterMessage, RequestsDecodeAsJsonOrMsgpack) {
  auto fetch = decode_adapter_object(
      R"({"uid":"yBqQbC","requestId":"6loBdD","type":5,"opts":{"rooms":["room1"],"except":[]}})");
  ASSERT_TRUE(fetch);
  EXPECT_EQ((*fetch)["type"], 5);
  // io.timeout(2000).emitWithAck("q", 1): a msgpack map on the request channel.
  Json broadcast = {{"uid", "yBqQbC"},
                    {"requestId", "CMsWyv"},
                    {"type", 7},
                    {"packet", Json{{"type", 2}, {"data", Json::array({"q", 1})}, {"nsp", "/"}}},
                    {"opts", Json{{"rooms", Json::array()},
                                  {"except", Json::array()},
                                  {"flags", Json{{"timeout", 2000}}}}}};
  auto decoded = decode_adapter_object(to_msgpack(broadcast));
  ASSERT_TRUE(decoded);
  EXPECT_EQ((*decoded)["opts"]["flags"]["timeout"], 2000);
  // A fetchSockets reply has no type: a response, not a request.
  EXPECT_FALSE(decode_adapter_object(R"({"requestId":"x","sockets":[]})"));
  EXPECT_TRUE(decode_adapter_object(R"({"requestId":"x","sockets":[]})", /*require_type=*/false));
  EXPECT_FALSE(decode_adapter_object("{broken"));
}
