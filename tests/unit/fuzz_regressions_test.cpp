// Inputs the fuzzers of fuzz/ found to break the protocol code, kept as ordinary tests so that the
// fixes stay in. Each input is also a seed in fuzz/corpus/<target>/regression_*.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/msgpack_json.hpp"
#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/protocol/socketio_packet.hpp"

using namespace scaleout::protocol;

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int value : values)
    out += static_cast<char>(value);
  return out;
}

}  // namespace

// fuzz_adapter_messages, seed regression_two_to_the_64: msgpack-c's pack_double converted 2^64 to
// uint64_t (undefined behaviour, reported by clang's UBSan; GCC happened to write the float64).
// A client can send this number in any event, which a broadcast then packs.
TEST(FuzzRegressions, TwoToThe64IsPackedAsAFloat64) {
  auto parsed = parse_json("[18446744073709551616,-91.72230,3]");
  ASSERT_TRUE(parsed);
  ASSERT_TRUE((*parsed)[0].is_number_float());

  const std::string packed = to_msgpack(*parsed);
  EXPECT_EQ(packed.substr(0, 10), bytes({0x93, 0xcb, 0x43, 0xf0, 0, 0, 0, 0, 0, 0}));

  auto unpacked = from_msgpack(packed);
  ASSERT_TRUE(unpacked);
  EXPECT_EQ((*unpacked)[0].get<double>(), 0x1p64);
  EXPECT_EQ(*unpacked, *parsed);
}

// The doubles next to 2^64 were never affected, and stay as they were: the largest integral
// double below it becomes a uint64, the next one up stays a float64.
TEST(FuzzRegressions, DoublesAround2To64KeepTheirMsgpackForm) {
  EXPECT_EQ(to_msgpack(Json(0x1.fffffffffffffp63)),
            bytes({0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf8, 0x00}));
  EXPECT_EQ(to_msgpack(Json(0x1.0000000000001p64)), bytes({0xcb, 0x43, 0xf0, 0, 0, 0, 0, 0, 0x01}));
}

// fuzz_adapter_messages, seed regression_nested_huge_headers: 64 nested array headers, each
// claiming 2^20 elements, in 321 bytes. msgpack-c reserves an array's elements when it reads the
// header, so this made it reserve 64 x 16 MB before finding the message short: about 1 ms and
// 1 GB of address space per message, 0.4 s under the sanitizers.
TEST(FuzzRegressions, MsgpackHeadersMayNotClaimMoreElementsThanTheMessageHolds) {
  std::string arrays;
  std::string maps;
  for (int i = 0; i < 64; ++i) {
    arrays += bytes({0xdd, 0x00, 0x10, 0x00, 0x00});
    maps += bytes({0xdf, 0x00, 0x10, 0x00, 0x00, 0xa0});
  }
  auto from_arrays = from_msgpack(arrays);
  ASSERT_FALSE(from_arrays);
  EXPECT_NE(from_arrays.error().message.find("claim more elements"), std::string::npos)
      << from_arrays.error().message;
  auto from_maps = from_msgpack(maps);
  ASSERT_FALSE(from_maps);
  EXPECT_NE(from_maps.error().message.find("claim more elements"), std::string::npos)
      << from_maps.error().message;
}

// The bound refuses nothing that fits: the tightest arrays and maps still decode.
TEST(FuzzRegressions, MsgpackTightestArraysAndMapsStillDecode) {
  auto array = from_msgpack(bytes({0x93, 0x01, 0x02, 0x03}));
  ASSERT_TRUE(array);
  EXPECT_EQ(*array, Json::array({1, 2, 3}));
  auto array32 = from_msgpack(bytes({0xdd, 0x00, 0x00, 0x00, 0x02, 0xc0, 0xc3}));
  ASSERT_TRUE(array32);
  EXPECT_EQ(*array32, Json::array({nullptr, true}));
  auto map = from_msgpack(bytes({0x81, 0xa0, 0xc0}));
  ASSERT_TRUE(map);
  EXPECT_EQ(*map, Json::object({{"", nullptr}}));
}

// fuzz_adapter_messages, seed regression_map_keys_nested: a map whose key is a map whose key is a
// map... Each key became the JSON text of the one inside, escaped once more per level, so 114
// bytes never finished decoding. Such keys are now refused (notepack never writes them).
TEST(FuzzRegressions, MsgpackMapKeysThatAreMapsOrArraysAreRefused) {
  // {{{"k": 1}: 2}: 3} and {[1]: 2}
  auto nested = from_msgpack(bytes({0x81, 0x81, 0x81, 0xa1, 'k', 0x01, 0x02, 0x03}));
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().code, ErrorCode::kBadMessage);
  EXPECT_FALSE(from_msgpack(bytes({0x81, 0x91, 0x01, 0x02})));

  std::string deep;  // the shape the fuzzer found, 20 levels deep (2^20 bytes of key before)
  for (int i = 0; i < 20; ++i)
    deep += bytes({0x81});
  deep += bytes({0xa1, 'k', 0x01});
  for (int i = 0; i < 20; ++i)
    deep += bytes({0x01});
  EXPECT_FALSE(from_msgpack(deep));
}

// Scalar keys are still taken as their JSON text, as before.
TEST(FuzzRegressions, MsgpackScalarMapKeysStillBecomeText) {
  auto map = from_msgpack(bytes({0x83, 0x01, 0xa1, 'a', 0xc3, 0xa1, 'b', 0xc0, 0xa1, 'c'}));
  ASSERT_TRUE(map);
  EXPECT_EQ(dump_json(*map), R"({"1":"a","true":"b","null":"c"})");
}

// fuzz_engineio_socketio, seed regression_attachment_two_placeholders: every placeholder got its
// own copy of the attachment, so a 90 kB text with 3000 placeholders for one 1 MB attachment
// asked for 3 GB and ended the process with std::bad_alloc. An attachment now fills one
// placeholder, as Node's deconstructPacket writes them.
TEST(FuzzRegressions, AnAttachmentFillsOnePlaceholderOnly) {
  SioDecoder decoder;
  auto text =
      decoder.on_text(R"(51-["ev",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(text);
  auto done = decoder.on_binary("x");
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kBadAttachments);
  EXPECT_FALSE(decoder.awaiting_attachments());

  std::vector<std::string> attachments = {"a"};
  EXPECT_FALSE(reconstruct_binary(
      Json::parse(R"([{"_placeholder":true,"num":0},[{"_placeholder":true,"num":0}]])"),
      attachments));
}

TEST(FuzzRegressions, NestedHeadersMayNotClaimMoreElementsTogetherThanTheMessageHolds) {
  // Sixty nested array16 headers each claim 65535 elements: each alone fits in the 1 MB that
  // follows, together they claim almost 4 million. Refused before anything is reserved.
  std::string bytes;
  for (int i = 0; i < 60; ++i)
    bytes += "\xdc\xff\xff";
  bytes.append(1 << 20, '\xc0');
  auto decoded = from_msgpack(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("claim more elements"), std::string::npos)
      << decoded.error().message;
  // The same shape that does hold its elements decodes.
  std::string fits = "\x92\x92\xc0\xc0\x91\xc3";
  EXPECT_TRUE(from_msgpack(fits));
}
