// WebSocket framing: masked client frames, fragmentation, control frames and size limits.
#include "scaleout/protocol/websocket_frame.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace scaleout::protocol;

namespace {

const uint8_t kMask[4] = {0x11, 0x22, 0x33, 0x44};

struct Collected {
  std::vector<std::pair<WsOpcode, std::string>> events;
  std::vector<uint16_t> close_codes;
};

Result<size_t> feed(WsFrameReader& reader, std::string& bytes, Collected& out) {
  return reader.consume(bytes, [&](const WsEvent& event) {
    out.events.emplace_back(event.opcode, std::string(event.payload));
    out.close_codes.push_back(event.close_code);
  });
}

}  // namespace

TEST(WebSocketFrame, ReadsMaskedFramesOfEverySizeClass) {
  for (size_t size : {0ul, 5ul, 125ul, 126ul, 65535ul, 65536ul, 200000ul}) {
    std::string payload(size, 'x');
    std::string wire = encode_ws_frame(WsOpcode::kText, payload, kMask);
    WsFrameReader reader(/*expect_masked=*/true, 1 << 20);
    Collected got;
    auto used = feed(reader, wire, got);
    ASSERT_TRUE(used);
    EXPECT_EQ(*used, wire.size());
    ASSERT_EQ(got.events.size(), 1u);
    EXPECT_EQ(got.events[0].second, payload);
  }
}

TEST(WebSocketFrame, WaitsForTheRestOfAPartialFrame) {
  std::string wire = encode_ws_frame(WsOpcode::kBinary, "hello", kMask);
  WsFrameReader reader(true, 1024);
  Collected got;
  std::string head = wire.substr(0, 4);
  auto used = feed(reader, head, got);
  ASSERT_TRUE(used);
  EXPECT_EQ(*used, 0u);
  EXPECT_TRUE(got.events.empty());
  used = feed(reader, wire, got);
  ASSERT_TRUE(used);
  ASSERT_EQ(got.events.size(), 1u);
  EXPECT_EQ(got.events[0].first, WsOpcode::kBinary);
}

TEST(WebSocketFrame, JoinsFragmentsAroundAControlFrame) {
  auto fragment = [](uint8_t first_byte, std::string_view payload) {
    std::string frame = encode_ws_frame(WsOpcode::kText, payload, kMask);
    frame[0] = static_cast<char>(first_byte);
    return frame;
  };
  std::string wire =
      fragment(0x01, "he") + encode_ws_frame(WsOpcode::kPing, "p", kMask) + fragment(0x80, "llo");
  WsFrameReader reader(true, 1024);
  Collected got;
  ASSERT_TRUE(feed(reader, wire, got));
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_EQ(got.events[0].first, WsOpcode::kPing);
  EXPECT_EQ(got.events[1].first, WsOpcode::kText);
  EXPECT_EQ(got.events[1].second, "hello");
}

TEST(WebSocketFrame, OversizedMessageIsRefusedFromItsHeader) {
  std::string wire = encode_ws_frame(WsOpcode::kText, std::string(2000, 'x'), kMask);
  wire.resize(8);  // only the header has arrived
  WsFrameReader reader(true, 1000);
  Collected got;
  auto used = feed(reader, wire, got);
  ASSERT_FALSE(used);
  EXPECT_EQ(close_code_for(used.error()), ws_close::kTooBig);
}

TEST(WebSocketFrame, UnmaskedClientFrameIsAProtocolError) {
  std::string wire = encode_ws_frame(WsOpcode::kText, "hi");
  WsFrameReader reader(true, 1024);
  Collected got;
  auto used = feed(reader, wire, got);
  ASSERT_FALSE(used);
  EXPECT_EQ(close_code_for(used.error()), ws_close::kProtocolError);
}

TEST(WebSocketFrame, CloseFrameCarriesItsCode) {
  std::string wire = encode_ws_frame(WsOpcode::kClose, encode_ws_close_payload(1009, "big"), kMask);
  WsFrameReader reader(true, 1024);
  Collected got;
  ASSERT_TRUE(feed(reader, wire, got));
  ASSERT_EQ(got.events.size(), 1u);
  EXPECT_EQ(got.close_codes[0], 1009);
  EXPECT_EQ(got.events[0].second, "big");
}

TEST(WebSocketFrame, ServerFramesAreUnmaskedForAClientReader) {
  std::string wire =
      encode_ws_frame(WsOpcode::kText, "42[\"said\"]") + encode_ws_frame(WsOpcode::kText, "2");
  WsFrameReader reader(/*expect_masked=*/false, 1024);
  Collected got;
  ASSERT_TRUE(feed(reader, wire, got));
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_EQ(got.events[1].second, "2");
}
