// SioSession: the Socket.IO half of a client, the same whatever carries it. Client (client.hpp,
// WebSocket) and PollingClient (polling_client.hpp, long-polling) derive from it: they own the
// connection and hand it what arrives; it does the rest of the protocol once, for both: the
// Engine.IO open packet and the ping deadline, the CONNECT and its reply or refusal, events held
// until the namespace is joined, acks both ways, emit() before and after joining, and telling the
// user how the connection ended. The transport gives it three things: a way to send a packet, a
// way to send a pong, and a way to end the connection.
//
// Everything runs on the io_context given to the constructor, as the clients' threading rule
// says (client.hpp), and so do the handlers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scaleout/protocol/engineio_packet.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/result.hpp"
#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/protocol/socketio_packet.hpp"

namespace scaleout::sim {

struct ClientOptions {
  std::string host = "127.0.0.1";  // an address or a name to resolve
  uint16_t port = 0;
  std::string path = "/socket.io/";
  std::string nsp = "/";  // one namespace per client; a missing leading '/' is added
  protocol::Json auth;    // sent in the CONNECT packet when not null (an object)
  std::vector<std::pair<std::string, std::string>> query;  // extra query parameters
  std::chrono::milliseconds connect_timeout{5000};         // until the CONNECT reply
};

class SioSession {
 public:
  using ConnectHandler = std::function<void(const std::string& error)>;
  // Takes the ack's arguments as an array.
  using AckHandler = std::function<void(protocol::Json args)>;
  // Answers an event that asked for an ack; empty when none was asked for.
  using AckReply = std::function<void(protocol::Json args)>;
  using EventHandler =
      std::function<void(const std::string& event, protocol::Json& args, const AckReply& ack)>;
  using DisconnectHandler = std::function<void(const std::string& reason)>;

  SioSession(const SioSession&) = delete;
  SioSession& operator=(const SioSession&) = delete;

  void on_event(EventHandler handler) { handlers_.event = std::move(handler); }
  void on_disconnect(DisconnectHandler handler) { handlers_.disconnect = std::move(handler); }

  // `args` is the array of arguments after the event name (null: none; any other non-array
  // value: the single argument). Binary values travel as attachments. Before the namespace is
  // joined the event is queued; it leaves right after the CONNECT reply.
  void emit(std::string_view event, protocol::Json args = protocol::Json::array(),
            AckHandler ack = {});

  const ClientOptions& options() const { return options_; }
  const std::string& id() const { return id_; }  // the socket id from the CONNECT reply
  const std::string& engine_sid() const { return engine_sid_; }
  bool connected() const { return state_ == State::kConnected; }
  // From the first "welcome" event's {server}; "" before it.
  const std::string& server_name() const { return server_name_; }

 protected:
  enum class State {
    kIdle,       // connect() not called yet
    kOpening,    // transport, open packet, CONNECT: waiting for the CONNECT reply
    kConnected,  // the namespace is joined
    kClosed,     // over; no handler is called any more
  };

  SioSession(boost::asio::io_context& io, ClientOptions options);
  virtual ~SioSession() = default;

  // ---- what the transport provides
  virtual void send_sio(const protocol::SioPacket& packet) = 0;
  virtual void send_pong() = 0;
  // Ends the connection because of `reason` (a failure or the server's doing), then tells the
  // user through end_session().
  virtual void fail(const std::string& reason) = 0;
  // The transport's own shared_ptr, weakly: timers and ack replies must not outlive it.
  virtual std::weak_ptr<SioSession> weak_session() = 0;

  // ---- what the transport calls
  // Starts connecting: false (and `done` told so, later) when connect() was called before.
  // Arms the connect timeout.
  bool begin_connect(ConnectHandler done);
  // The Engine.IO open packet: sid and heartbeat. Sends the CONNECT; false when it is malformed
  // (the transport then fails with "parse error").
  bool on_open_packet(std::string_view data);
  // Any Engine.IO packet after the open packet.
  void on_engine_packet(protocol::EioPacket packet);
  void on_decoded(protocol::Result<std::optional<protocol::SioPacket>> decoded);
  // pingInterval + pingTimeout from the open packet (0 before it).
  std::chrono::milliseconds ping_deadline() const { return ping_deadline_; }
  // Whether a binary event's attachments are still to come (their frames are not packets).
  bool awaiting_attachments() const { return decoder_.awaiting_attachments(); }
  // The connection is over: timers stopped, whatever waited dropped, the handlers released
  // from the event loop. Returns the state it was in.
  State end_session();
  // Tells the user why a connection that was in `was` ended (done while opening, on_disconnect
  // once joined). A handler that throws is not allowed to unwind through Asio.
  void tell_ended(State was, const std::string& reason);

  boost::asio::io_context& io_;
  ClientOptions options_;
  State state_ = State::kIdle;

 private:
  struct Handlers {
    ConnectHandler done;
    EventHandler event;
    DisconnectHandler disconnect;
  };

  void arm_ping_timer();
  void on_sio_packet(protocol::SioPacket packet);
  void on_connect_reply(const protocol::SioPacket& packet);
  void on_event_packet(protocol::SioPacket& packet);
  void on_ack_packet(protocol::SioPacket& packet);
  AckReply make_ack_reply(uint64_t ack_id);

  Handlers handlers_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer ping_timer_;
  std::chrono::milliseconds ping_deadline_{0};  // pingInterval + pingTimeout
  protocol::SioDecoder decoder_;
  std::string engine_sid_;
  std::string id_;
  std::string server_name_;
  uint64_t next_ack_id_ = 0;
  std::unordered_map<uint64_t, AckHandler> acks_;
  std::vector<protocol::SioPacket> unsent_;        // emitted before the CONNECT reply
  std::vector<protocol::SioPacket> early_events_;  // received before the CONNECT reply
};

}  // namespace scaleout::sim
