// Socket.IO v5 packets: every capture of shared/protocol-facts.md section 2.2 decodes and
// re-encodes byte for byte, and every malformed case of section 2.5 is a typed error.
#include <gtest/gtest.h>

#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/protocol/socketio_packet.hpp"

using namespace scaleout::protocol;

namespace {

// Decodes `text` followed by `attachments`, expecting a complete packet at the end.
SioPacket decode_all(const std::string& text, const std::vector<std::string>& attachments = {}) {
  SioDecoder decoder;
  auto first = decoder.on_text(text);
  EXPECT_TRUE(first) << text << ": " << (first ? "" : first.error().message);
  if (!first) return {};
  if (attachments.empty()) {
    EXPECT_TRUE(first->has_value());
    return first->value_or(SioPacket{});
  }
  EXPECT_FALSE(first->has_value());
  std::optional<SioPacket> done;
  for (const auto& bytes : attachments) {
    auto next = decoder.on_binary(bytes);
    EXPECT_TRUE(next);
    if (next && next->has_value()) done = std::move(**next);
  }
  EXPECT_TRUE(done.has_value());
  return done.value_or(SioPacket{});
}

ErrorCode error_of(const std::string& text) {
  SioDecoder decoder;
  auto result = decoder.on_text(text);
  EXPECT_FALSE(result) << text << " decoded, but should not";
  return result ? ErrorCode::kEmpty : result.error().code;
}

class CapturedTextPacket : public ::testing::TestWithParam<const char*> {};

}  // namespace

TEST_P(CapturedTextPacket, DecodesAndReencodesByteForByte) {
  const std::string text = GetParam();
  SioPacket packet = decode_all(text);
  EncodedSioPacket encoded = encode_sio(packet);
  EXPECT_EQ(encoded.text, text);
  EXPECT_TRUE(encoded.attachments.empty());
}

INSTANTIATE_TEST_SUITE_P(
    ProtocolFacts, CapturedTextPacket,
    ::testing::Values("0", R"(0{"sid":"xGNCfVd2hW48LjewAAAC","pid":"9AwyhkKA2i_JOgYEAAAD"})",
                      R"(0/chat,{"token":"bad"})",
                      R"(4/chat,{"message":"not authorized","data":{"reason":"bad token"}})",
                      R"(0/chat,{"token":"ok"})",
                      R"(0/chat,{"sid":"tt2nVHwOsWxKSat7AAAG","pid":"Hy-jNe60qAuWpd1FAAAH"})",
                      "0/nope,", R"(4/nope,{"message":"Invalid namespace"})",
                      R"(25["ev",{"x":[1,2]}])", R"(35["pong",[{"x":[1,2]}]])",
                      R"(20["question",1])", R"(30["client-answer"])", "1/chat,", "1",
                      R"(0{"token":"abc"})"));

TEST(SocketIoPacket, DecodesNamespaceAckIdAndData) {
  SioPacket packet = decode_all(R"(2/chat,17["ev",1])");
  EXPECT_EQ(packet.type, SioType::kEvent);
  EXPECT_EQ(packet.nsp, "/chat");
  EXPECT_EQ(packet.ack_id, 17u);
  EXPECT_EQ(packet.data, Json::parse(R"(["ev",1])"));
}

TEST(SocketIoPacket, ClientBinaryEventWithAckRoundTrips) {
  const std::string text = R"(51-0["bin",{"_placeholder":true,"num":0}])";
  SioPacket packet = decode_all(text, {"\x01\x02\x03"});
  EXPECT_EQ(packet.type, SioType::kBinaryEvent);
  EXPECT_EQ(packet.ack_id, 0u);
  ASSERT_TRUE((*packet.data)[1].is_binary());
  EXPECT_EQ((*packet.data)[1].get_binary().size(), 3u);

  EncodedSioPacket encoded = encode_sio(packet);
  EXPECT_EQ(encoded.text, text);
  ASSERT_EQ(encoded.attachments.size(), 1u);
  EXPECT_EQ(encoded.attachments[0], "\x01\x02\x03");
}

TEST(SocketIoPacket, BinaryAckAndNestedServerBinaryRoundTrip) {
  const std::string ack = R"(61-0[{"_placeholder":true,"num":0}])";
  EncodedSioPacket encoded = encode_sio(decode_all(ack, {"\x01\x02\x03\xff"}));
  EXPECT_EQ(encoded.text, ack);

  const std::string event = R"(51-["srvbin",{"b":{"_placeholder":true,"num":0}},"txt","Q8FTsaY"])";
  encoded = encode_sio(decode_all(event, {"\xde\xad"}));
  EXPECT_EQ(encoded.text, event);
  ASSERT_EQ(encoded.attachments.size(), 1u);
  EXPECT_EQ(encoded.attachments[0], "\xde\xad");
}

TEST(SocketIoPacket, PlaceholdersAreNumberedInOrderOfAppearance) {
  SioPacket packet;
  packet.data = Json::array({"two", Json::binary({1}), Json::object({{"x", Json::binary({2})}})});
  EncodedSioPacket encoded = encode_sio(packet);
  EXPECT_EQ(encoded.text,
            R"(52-["two",{"_placeholder":true,"num":0},{"x":{"_placeholder":true,"num":1}}])");
  EXPECT_EQ(encoded.attachments, (std::vector<std::string>{"\x01", "\x02"}));
}

TEST(SocketIoPacket, EventDataThatIsNotAnArrayIsRefused) {
  EXPECT_EQ(error_of(R"(2{"not":"an array"})"), ErrorCode::kBadPayload);
}

TEST(SocketIoPacket, UnknownTypeIsRefused) {
  EXPECT_EQ(error_of("8"), ErrorCode::kUnknownType);
  EXPECT_EQ(error_of("garbage"), ErrorCode::kUnknownType);
}

TEST(SocketIoPacket, TruncatedJsonIsRefused) {
  EXPECT_EQ(error_of(R"(2["ev")"), ErrorCode::kBadJson);
}

TEST(SocketIoPacket, ReservedEventNamesAreRefused) {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                           "removeListener"}) {
    EXPECT_EQ(error_of(std::string("2[\"") + name + "\"]"), ErrorCode::kReservedEvent) << name;
  }
}

TEST(SocketIoPacket, PlaceholderBeyondAttachmentCountIsRefused) {
  SioDecoder decoder;
  auto first = decoder.on_text(R"(51-["bin",{"_placeholder":true,"num":1}])");
  ASSERT_TRUE(first);
  auto done = decoder.on_binary("\x01");
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kBadAttachments);
}

TEST(SocketIoPacket, TextWhileAttachmentsAreExpectedIsRefused) {
  SioDecoder decoder;
  ASSERT_TRUE(decoder.on_text(R"(51-["bin",{"_placeholder":true,"num":0}])"));
  auto text = decoder.on_text(R"(2["ev"])");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kUnexpectedBinary);
}

TEST(SocketIoPacket, BinaryWithoutAPendingPacketIsRefused) {
  SioDecoder decoder;
  EXPECT_FALSE(decoder.on_binary("\x01"));
}

TEST(SocketIoPacket, MoreThanTenAttachmentsAreRefused) {
  EXPECT_EQ(error_of(R"(511-["ev"])"), ErrorCode::kTooManyAttachments);
  EXPECT_EQ(error_of(R"(5x-["ev"])"), ErrorCode::kBadAttachments);
}

TEST(SocketIoPacket, DeepNestingIsRefusedWithoutRecursing) {
  std::string deep = "2[\"ev\"," + std::string(100000, '[') + std::string(100000, ']') + "]";
  EXPECT_EQ(error_of(deep), ErrorCode::kBadJson);
}

TEST(SocketIoPacket, AckIdBeyond53BitsIsRefused) {
  EXPECT_EQ(error_of(R"(29007199254740993["ev"])"), ErrorCode::kBadAckId);
}
