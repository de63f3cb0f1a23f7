// Engine.IO v4 packets and polling payloads, checked against traffic captured from Node
// (shared/protocol-facts.md section 1).
#include "scaleout/protocol/engineio_packet.hpp"

#include <gtest/gtest.h>

using namespace scaleout::protocol;

TEST(EngineIoPacket, OpenPacketMatchesNodeByteForByte) {
  OpenParameters open;
  open.sid = "3XcWV6LCpU_vYWnyAAAB";
  open.offer_websocket_upgrade = false;
  open.ping_interval_ms = 1000;
  open.ping_timeout_ms = 800;
  open.max_payload = 1000;
  EXPECT_EQ(encode_open_packet(open),
            R"(0{"sid":"3XcWV6LCpU_vYWnyAAAB","upgrades":[],"pingInterval":1000,)"
            R"("pingTimeout":800,"maxPayload":1000})");
  open.offer_websocket_upgrade = true;
  EXPECT_NE(encode_open_packet(open).find(R"("upgrades":["websocket"])"), std::string::npos);
}

TEST(EngineIoPacket, DecodesEveryType) {
  for (char type = '0'; type <= '6'; ++type) {
    auto packet = decode_eio_text(std::string(1, type) + "probe");
    ASSERT_TRUE(packet) << type;
    EXPECT_EQ(static_cast<int>(packet->type), type - '0');
    EXPECT_EQ(packet->data, "probe");
    EXPECT_FALSE(packet->binary);
  }
}

TEST(EngineIoPacket, RefusesUnknownTypeAndEmptyInput) {
  auto bad = decode_eio_text("9hello");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kUnknownType);
  EXPECT_EQ(decode_eio_text("").error().code, ErrorCode::kEmpty);
}

TEST(EngineIoPacket, PollingPayloadRoundTripsCapturedAcks) {
  const std::string captured =
      "431[\"pong\",[\"a\"]]\x1e"
      "432[\"pong\",[\"b\"]]";
  auto packets = decode_polling_payload(captured);
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 2u);
  EXPECT_EQ((*packets)[0].data, "31[\"pong\",[\"a\"]]");
  std::vector<EioFrame> frames;
  for (const auto& p : *packets)
    frames.push_back(make_text_frame(p.type, p.data));
  EXPECT_EQ(encode_polling_payload(frames), captured);
}

TEST(EngineIoPacket, PollingPayloadCarriesBinaryAsBase64) {
  const std::string captured =
      "451-[\"srvbin\",{\"b\":{\"_placeholder\":true,\"num\":0}},\"txt\",\"Q8FTs6w\"]\x1e"
      "b3q0=";
  auto packets = decode_polling_payload(captured);
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 2u);
  EXPECT_TRUE((*packets)[1].binary);
  EXPECT_EQ((*packets)[1].data, "\xde\xad");
  std::vector<EioFrame> frames = {make_text_frame((*packets)[0].type, (*packets)[0].data),
                                  make_binary_frame((*packets)[1].data)};
  EXPECT_EQ(encode_polling_payload(frames), captured);
}

TEST(EngineIoPacket, PollingPayloadWithBadElementIsAnError) {
  EXPECT_FALSE(
      decode_polling_payload("40\x1e"
                             "9x"));
  EXPECT_FALSE(decode_polling_payload("40\x1e"));
  EXPECT_FALSE(decode_polling_payload("b!!!"));
}
