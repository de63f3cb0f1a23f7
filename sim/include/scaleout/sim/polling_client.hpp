// PollingClient: a Socket.IO v5 client over Engine.IO v4 long-polling only (socket.io-client with
// `transports: ["polling"]`). Every Engine.IO exchange is a real HTTP request on a connection of
// its own, so a load balancer in front chooses a server for each one — which is what the sticky
// sessions lesson is about: without affinity, the session's second request meets a server that
// answers 400 {"code":1,"message":"Session ID unknown"}.
//
// The session: GET `<path>?EIO=4&transport=polling` (the open packet: sid and heartbeat), POST the
// Socket.IO CONNECT, then one GET at a time held by the server until it has packets (the CONNECT
// reply, events, pings), and one POST at a time carrying whatever was queued meanwhile (events,
// acks, pongs), as engine.io allows. No upgrade to WebSocket and no reconnection.
//
// It has the same controls and handlers as Client (client.hpp), with the same meanings and the
// same threading rule: everything runs on the io_context given to create(). Refusals read
// "polling request refused: HTTP 400 Session ID unknown" while connecting, and
// "transport error: HTTP 400 Session ID unknown" once connected.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/sim/client.hpp"

namespace scaleout::sim {

class PollingClient : public std::enable_shared_from_this<PollingClient> {
 public:
  using ConnectHandler = Client::ConnectHandler;
  using AckHandler = Client::AckHandler;
  using AckReply = Client::AckReply;
  using EventHandler = Client::EventHandler;
  using DisconnectHandler = Client::DisconnectHandler;

  static std::shared_ptr<PollingClient> create(boost::asio::io_context& io, ClientOptions options);

  void connect(ConnectHandler done);
  void on_event(EventHandler handler) { event_handler_ = std::move(handler); }
  void on_disconnect(DisconnectHandler handler) { disconnect_handler_ = std::move(handler); }
  void emit(std::string_view event, protocol::Json args = protocol::Json::array(),
            AckHandler ack = {});
  // Sends DISCONNECT and the Engine.IO close packet, then stops polling.
  void close();

  const std::string& id() const { return id_; }
  const std::string& engine_sid() const { return engine_sid_; }
  bool connected() const { return state_ == State::kConnected; }

  // For create() only.
  struct PrivateTag {};
  PollingClient(PrivateTag, boost::asio::io_context& io, ClientOptions options);
  ~PollingClient();
  PollingClient(const PollingClient&) = delete;
  PollingClient& operator=(const PollingClient&) = delete;

 private:
  enum class State { kIdle, kOpening, kConnected, kClosed };
  class Exchange;  // one HTTP request and its response (polling_client.cpp)
  struct Reply {
    std::string error;  // "" when the server answered 200
    std::string body;
  };

  // A request of this session; its answer is dropped once the client is over.
  void request(bool post, std::string body, std::function<void(Reply)> done);
  std::shared_ptr<Exchange> send_request(bool post, std::string body,
                                         std::chrono::milliseconds timeout,
                                         std::function<void(Reply)> done);
  void on_handshake(Reply reply);
  void poll();
  void on_payload(std::string_view body);
  void on_packet(protocol::EioPacket packet);
  void on_sio_packet(protocol::SioPacket packet);
  void on_event_packet(protocol::SioPacket& packet);
  AckReply make_ack_reply(uint64_t ack_id);
  void send_sio(const protocol::SioPacket& packet);
  void send_packet(std::string text);
  void flush();
  void arm_ping_timer();
  void end(const std::string& reason);
  void finish();

  boost::asio::io_context& io_;
  ClientOptions options_;
  State state_ = State::kIdle;
  ConnectHandler done_;
  EventHandler event_handler_;
  DisconnectHandler disconnect_handler_;

  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer ping_timer_;
  std::vector<std::shared_ptr<Exchange>> in_flight_;  // cut when the client ends
  std::vector<std::string> outgoing_;                 // packets for the next POST
  bool posting_ = false;

  std::string engine_sid_;
  std::chrono::milliseconds ping_deadline_{45000};
  protocol::SioDecoder decoder_;
  std::string id_;
  uint64_t next_ack_id_ = 0;
  std::unordered_map<uint64_t, AckHandler> acks_;
  std::vector<protocol::SioPacket> unsent_;  // emitted before the CONNECT reply
};

}  // namespace scaleout::sim
