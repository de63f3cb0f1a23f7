// Microbenchmarks of the Socket.IO codec on a typical chat event: what a server pays once per
// message (decode what a client sent, encode the broadcast), not per delivery.
#include <benchmark/benchmark.h>

#include "scaleout/adapter/types.hpp"
#include "scaleout/protocol/engineio_packet.hpp"
#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/protocol/socketio_packet.hpp"

using namespace scaleout::protocol;

namespace {

const std::string kSay =
    R"(2["say",{"room":"lobby","text":"hello everyone, how is the weather today?","n":42}])";

SioPacket typical_said() {
  SioPacket packet;
  packet.data =
      Json::parse(R"(["said",{"from":"NsZbSDV0JRarhcWxAAAA","server":"s1","room":"lobby",)"
                  R"("text":"hello everyone, how is the weather today?","n":42,"mid":"s1-1234"}])");
  return packet;
}

void DecodeEvent(benchmark::State& state) {
  for (auto _ : state) {
    SioDecoder decoder;
    auto packet = decoder.on_text(kSay);
    benchmark::DoNotOptimize(packet);
  }
  state.SetBytesProcessed(state.iterations() * kSay.size());
}
BENCHMARK(DecodeEvent);

void EncodeEvent(benchmark::State& state) {
  SioPacket packet = typical_said();
  for (auto _ : state) {
    auto encoded = encode_sio(packet);
    benchmark::DoNotOptimize(encoded);
  }
}
BENCHMARK(EncodeEvent);

// What a broadcast costs before any socket is written to: encode once into shared frames.
void EncodeForSockets(benchmark::State& state) {
  SioPacket packet = typical_said();
  for (auto _ : state) {
    auto encoded = scaleout::adapter::encode_for_sockets(packet);
    benchmark::DoNotOptimize(encoded);
  }
}
BENCHMARK(EncodeForSockets);

void EncodeBinaryEvent(benchmark::State& state) {
  SioPacket packet = typical_said();
  (*packet.data)[1]["blob"] = Json::binary(std::vector<uint8_t>(256, 7));
  for (auto _ : state) {
    auto encoded = encode_sio(packet);
    benchmark::DoNotOptimize(encoded);
  }
}
BENCHMARK(EncodeBinaryEvent);

void DecodePollingPayload(benchmark::State& state) {
  std::string body;
  for (int i = 0; i < 10; ++i)
    body += (i ? "\x1e" : "") + std::string("4") + kSay;
  for (auto _ : state) {
    auto packets = decode_polling_payload(body);
    benchmark::DoNotOptimize(packets);
  }
}
BENCHMARK(DecodePollingPayload);

}  // namespace
