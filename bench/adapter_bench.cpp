// Microbenchmarks of what a server pays per broadcast in the adapter layer: the Redis adapter's
// msgpack message [uid, packet, opts] (encoded once by the sender, decoded once by each other
// server), and the room lookup that finds the recipients of a room among many sockets, with a
// namespace stub that only counts deliveries (so the socket writes are left out).
#include <benchmark/benchmark.h>

#include "scaleout/adapter/in_memory_adapter.hpp"
#include "scaleout/adapter/namespace_port.hpp"
#include "scaleout/protocol/adapter_message.hpp"

using namespace scaleout;
using protocol::Json;

namespace {

protocol::BroadcastMessage typical_broadcast() {
  protocol::BroadcastMessage message;
  message.uid = "yBqQbC";
  message.data =
      Json::parse(R"(["said",{"from":"NsZbSDV0JRarhcWxAAAA","server":"s1","room":"room-1",)"
                  R"("ts":123456789012,"pad":")" +
                  std::string(64, 'x') + R"(","mid":"s1-1234"}])");
  message.opts.rooms = {"room-1"};
  return message;
}

void EncodeBroadcastMessage(benchmark::State& state) {
  const auto message = typical_broadcast();
  for (auto _ : state) {
    auto bytes = protocol::encode_broadcast_message(message);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(EncodeBroadcastMessage);

void DecodeBroadcastMessage(benchmark::State& state) {
  const std::string bytes = protocol::encode_broadcast_message(typical_broadcast());
  for (auto _ : state) {
    auto message = protocol::decode_broadcast_message(bytes);
    benchmark::DoNotOptimize(message);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}
BENCHMARK(DecodeBroadcastMessage);

// A namespace whose sockets only count what they are handed.
class CountingNamespace : public adapter::NamespacePort {
 public:
  const std::string& name() const override { return name_; }
  void deliver(const adapter::SocketId&, const adapter::EncodedPacket&) override { ++delivered; }
  void expect_ack(const adapter::SocketId&, uint64_t, adapter::AckCallback) override {}
  uint64_t next_ack_id() override { return next_ack_id_++; }
  std::optional<adapter::SocketDescription> describe(const adapter::SocketId&) const override {
    return std::nullopt;
  }
  void disconnect_socket(const adapter::SocketId&, bool) override {}
  void on_joined(const adapter::SocketId&, const adapter::Room&) override {}
  void on_left(const adapter::SocketId&, const adapter::Room&) override {}
  void on_server_side_emit(const Json&, adapter::AckCallback) override {}

  uint64_t delivered = 0;

 private:
  std::string name_ = "/";
  uint64_t next_ack_id_ = 0;
};

// 10,000 sockets in 100 rooms of 100 (each also in its own id room, as in Socket.IO); one
// broadcast to one room: the lookup, the encoding once, and 100 calls to deliver().
void BroadcastToRoomOf100Among10000(benchmark::State& state) {
  CountingNamespace nsp;
  adapter::InMemoryAdapter adapter(nsp);
  for (int i = 0; i < 10000; ++i) {
    const std::string id = "socket-" + std::to_string(i);
    adapter.add_all(id, {id, "room-" + std::to_string(i % 100)});
  }
  protocol::SioPacket packet;
  packet.data = typical_broadcast().data;
  adapter::BroadcastOptions to;
  to.rooms = {"room-7"};
  for (auto _ : state)
    adapter.broadcast(packet, to);
  if (nsp.delivered != 100 * static_cast<uint64_t>(state.iterations())) {
    state.SkipWithError("a broadcast did not reach exactly the 100 members of its room");
  }
  state.SetItemsProcessed(static_cast<int64_t>(nsp.delivered));
}
BENCHMARK(BroadcastToRoomOf100Among10000);

}  // namespace
