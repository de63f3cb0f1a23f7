// RedisAdapter: the rooms of one namespace shared by every server on one Redis, wire-compatible
// with @socket.io/redis-adapter 8.3 ("classic", PUBLISH/PSUBSCRIBE). Local work is the
// InMemoryAdapter's; on top of it each broadcast is published (on key#nsp#room# for exactly one
// room, key#nsp# otherwise), messages from other servers (and from @socket.io/redis-emitter) are
// broadcast to local sockets, and the cluster-wide requests travel on key-request#nsp# with their
// answers on key-response#nsp#[uid#]. A message it cannot decode is reported and skipped; nothing
// a peer publishes can stop the subscriber.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "scaleout/adapter/adapter_observer.hpp"
#include "scaleout/adapter/in_memory_adapter.hpp"
#include "scaleout/adapter/redis_link.hpp"
#include "scaleout/protocol/adapter_message.hpp"

namespace scaleout::adapter {

class RequestTable;
class AckTable;

struct RedisAdapterOptions {
  std::string key = "socket.io";
  std::chrono::milliseconds requests_timeout{5000};
};

// The channel names of one namespace (shared/protocol-facts.md section 3.1).
struct AdapterChannels {
  AdapterChannels(const std::string& key, const std::string& nsp, const std::string& uid);
  std::string broadcast;          // key#nsp#
  std::string request;            // key-request#nsp#
  std::string response;           // key-response#nsp#
  std::string specific_response;  // key-response#nsp#uid#
  std::string pattern;            // key#nsp#* (glob characters of key and nsp escaped)
  std::string room(const std::string& room) const { return broadcast + room + "#"; }
};

class RedisAdapter : public InMemoryAdapter {
 public:
  RedisAdapter(NamespacePort& nsp, RedisLink& link, AdapterObserver& observer,
               RedisAdapterOptions options = {});
  ~RedisAdapter() override;

  std::string_view kind() const override { return "redis"; }
  const std::string& uid() const { return uid_; }
  const AdapterChannels& channels() const { return channels_; }
  uint64_t decode_errors() const { return decode_errors_; }

  void broadcast(const protocol::SioPacket& packet, const BroadcastOptions& options) override;
  void broadcast_with_ack(const protocol::SioPacket& packet, const BroadcastOptions& options,
                          ClientCountCallback client_count, AckCallback ack) override;
  void fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) override;
  void all_rooms(AllRoomsCallback done) override;
  void add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void disconnect_sockets(const BroadcastOptions& options, bool close) override;
  void server_side_emit(const Json& args, ServerSideAckCallback ack) override;
  void server_count(ServerCountCallback done) override;
  void close() override;

 private:
  void on_broadcast(std::string_view channel, std::string_view payload);
  void on_request(std::string_view payload);
  void on_response(std::string_view payload);
  void answer_broadcast_with_ack(const Json& request);
  void answer_server_side_emit(const Json& request);
  void publish_request(const Json& request, bool as_msgpack, const char* what);
  void publish_response(const Json& request, const Json& response, bool as_msgpack);
  void report_error(const std::string& message);

  RedisLink& link_;
  AdapterObserver& observer_;
  RedisAdapterOptions options_;
  std::string uid_;
  AdapterChannels channels_;
  std::unique_ptr<RequestTable> requests_;
  std::unique_ptr<AckTable> ack_requests_;
  uint64_t decode_errors_ = 0;
  bool closed_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
