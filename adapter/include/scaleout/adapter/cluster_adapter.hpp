// ClusterAdapter: socket.io-adapter 2.5's ClusterAdapter protocol, which the sharded Redis
// adapter (and Node's other cluster adapters) speak: every operation is one envelope
// {type, data, uid, nsp} (protocol/cluster_message.hpp) published to the other servers, and the
// replies to a request come back to the requester alone. Local work is the InMemoryAdapter's.
// A derived class is the transport: it publishes (do_publish, do_publish_response), counts the
// servers (server_count), and hands what it receives to on_raw_message. A message it cannot
// decode is reported and skipped; nothing a peer publishes can stop it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "scaleout/adapter/adapter_observer.hpp"
#include "scaleout/adapter/in_memory_adapter.hpp"
#include "scaleout/protocol/cluster_message.hpp"

namespace scaleout::adapter {

class RequestTable;
class AckTable;

class ClusterAdapter : public InMemoryAdapter {
 public:
  ClusterAdapter(NamespacePort& nsp, boost::asio::io_context& io, AdapterObserver& observer,
                 std::chrono::milliseconds requests_timeout);
  ~ClusterAdapter() override;

  // 16 hex characters, as Node's randomId().
  const std::string& uid() const { return uid_; }
  uint64_t decode_errors() const { return decode_errors_; }

  void broadcast(const protocol::SioPacket& packet, const BroadcastOptions& options) override;
  void broadcast_with_ack(const protocol::SioPacket& packet, const BroadcastOptions& options,
                          ClientCountCallback client_count, AckCallback ack) override;
  void fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) override;
  // Not part of this protocol (Node's ClusterAdapter has no allRooms): this server's rooms, with
  // an error that says so.
  void all_rooms(AllRoomsCallback done) override;
  void add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) override;
  void disconnect_sockets(const BroadcastOptions& options, bool close) override;
  void server_side_emit(const Json& args, ServerSideAckCallback ack) override;
  void close() override;

 protected:
  struct Published {
    std::string channel;
    size_t bytes = 0;
    bool sent = false;
  };
  // To every server the message concerns.
  virtual Published do_publish(const protocol::ClusterMessage& message) = 0;
  // To the server whose uid is `requester`.
  virtual Published do_publish_response(const std::string& requester,
                                        const protocol::ClusterMessage& response) = 0;
  // What arrived on `channel`: `for_us` when it is this server's response channel.
  void on_raw_message(std::string_view channel, std::string_view bytes, bool for_us);
  void report_error(const std::string& message);

  AdapterObserver& observer_;
  // False once destroyed: for callbacks that outlive a request.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

 private:
  void on_message(protocol::ClusterMessage message, std::string_view channel, size_t bytes);
  void on_response(const protocol::ClusterMessage& response);
  void answer_broadcast(const protocol::ClusterMessage& message, std::string_view channel,
                        size_t bytes);
  void answer_server_side_emit(const protocol::ClusterMessage& message);
  void publish(protocol::ClusterMessageType type, Json data, const char* what);
  void publish_response(const std::string& requester, protocol::ClusterMessageType type, Json data);

  std::chrono::milliseconds requests_timeout_;
  std::string uid_;
  std::unique_ptr<RequestTable> requests_;
  std::unique_ptr<AckTable> ack_requests_;
  uint64_t decode_errors_ = 0;
  bool closed_ = false;
};

}  // namespace scaleout::adapter
