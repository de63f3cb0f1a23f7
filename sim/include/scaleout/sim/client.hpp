// Client: a Socket.IO v5 client over Engine.IO v4, WebSocket transport only. It is what the bots,
// the load generator and the integration tests talk through, and it speaks the real protocol, so
// it works against `scaleout serve` and against stock Node socket.io servers alike.
//
// One Client is one connection to one namespace, made once: connect() does TCP, the WebSocket
// upgrade on `<path>?EIO=4&transport=websocket`, waits for the open packet and sends the
// Socket.IO CONNECT. There is no reconnection; make a new Client for that.
//
// Threading: everything runs on the io_context given to create(). Call every method, and any
// AckReply, on that thread (post to it from elsewhere). Handlers are called on it too.
//
// Handlers:
//   - connect's `done` gets "" once the namespace is joined, or why not: "timeout",
//     "connection refused", "websocket upgrade refused: HTTP 400 ...", "connect_error: <message>"
//     (the server refused the CONNECT), "transport close", ...
//   - on_event gets the event name, the array of its arguments (binary attachments put back as
//     JSON binary values, which the handler may move from) and an AckReply. The AckReply is empty
//     unless the server asked for an ack; call it at most once, now or later, with the ack's
//     arguments as an array (a non-array value is sent as the single argument). Events that
//     arrive before the CONNECT reply are held and delivered right after `done("")`.
//   - on_raw_frame, when set, sees every Engine.IO message text frame (e.g. `42["said",{...}]`)
//     once the namespace is joined, before any parsing, without any copy. Returning true
//     consumes the frame. Pings, the CONNECT reply and binary attachments never reach it.
//   - on_disconnect is called once when a joined connection ends by the server's doing or by a
//     failure: "io server disconnect" (DISCONNECT from the server), "transport close" (the
//     server closed the WebSocket), "transport error", "ping timeout" (no ping within
//     pingInterval + pingTimeout), "parse error" (the server sent something malformed) or
//     "handler error: <what>" (an event or ack handler threw; the connection is then closed).
// After close() or abort(), no handler (not even `done`) is called again. Acks still waiting
// when the connection ends are dropped without being called, as in socket.io-client without
// timeouts.
//
// emit() before the namespace is joined queues the event; it leaves right after the CONNECT
// reply. Ack ids count from 0 on each connection.
//
// Lifetime: the async operations keep the client alive while the connection lasts; after
// close() or abort() they end within a moment, and dropping the last shared_ptr is then safe.
// Handlers are released once the connection is over, so a handler may hold the client's
// shared_ptr without making a cycle that outlives the connection.
//
// Efficiency: one read buffer per client, grown as needed; every frame in a read is handled
// before the next read; the raw-frame path allocates nothing; everything sent during one turn
// of the event loop leaves in one write. Outgoing frames are masked with a fresh random mask
// each, as RFC 6455 requires of clients.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
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
#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/protocol/socketio_packet.hpp"
#include "scaleout/protocol/websocket_frame.hpp"

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

class Client : public std::enable_shared_from_this<Client> {
 public:
  using ConnectHandler = std::function<void(const std::string& error)>;
  // Takes the ack's arguments as an array.
  using AckHandler = std::function<void(protocol::Json args)>;
  // Answers an event that asked for an ack; empty when none was asked for.
  using AckReply = std::function<void(protocol::Json args)>;
  using EventHandler =
      std::function<void(const std::string& event, protocol::Json& args, const AckReply& ack)>;
  using RawFrameHandler = std::function<bool(std::string_view frame)>;
  using DisconnectHandler = std::function<void(const std::string& reason)>;

  static std::shared_ptr<Client> create(boost::asio::io_context& io, ClientOptions options);

  void connect(ConnectHandler done);
  void on_event(EventHandler handler) { handlers_.event = std::move(handler); }
  void on_raw_frame(RawFrameHandler handler) { handlers_.raw = std::move(handler); }
  void on_disconnect(DisconnectHandler handler) { handlers_.disconnect = std::move(handler); }

  // `args` is the array of arguments after the event name (null: none; any other non-array
  // value: the single argument). Binary values travel as attachments.
  void emit(std::string_view event, protocol::Json args = protocol::Json::array(),
            AckHandler ack = {});
  // Sends DISCONNECT for the namespace, then closes the WebSocket with a close frame.
  void close();
  // Cuts the TCP connection at once: no DISCONNECT, no close frame.
  void abort();
  // Stops reading from the socket (the server's writes back up, pings go unanswered) or
  // resumes. Frames already read when pausing are still handled.
  void pause_reading(bool paused);

  const ClientOptions& options() const { return options_; }
  const std::string& id() const { return id_; }  // the socket id from the CONNECT reply
  const std::string& engine_sid() const { return engine_sid_; }
  bool connected() const { return state_ == State::kConnected; }
  // From the first "welcome" event's {server}; "" before it.
  const std::string& server_name() const { return server_name_; }

  // For create() only (std::make_shared needs a public constructor).
  struct PrivateTag {};
  Client(PrivateTag, boost::asio::io_context& io, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

 private:
  enum class State {
    kIdle,       // connect() not called yet
    kOpening,    // TCP, upgrade, open packet, CONNECT: waiting for the CONNECT reply
    kConnected,  // the namespace is joined
    kClosed,     // over; no handler is called any more
  };
  // How the transport is left: with a close frame (and a short wait for the server's own close)
  // or by closing the socket at once.
  enum class Teardown { kGraceful, kAbrupt };

  struct Handlers {
    ConnectHandler done;
    EventHandler event;
    RawFrameHandler raw;
    DisconnectHandler disconnect;
  };
  struct Handshake;  // the HTTP upgrade while it is in flight (client.cpp)

  // client.cpp: connecting and ending
  void connect_to(std::vector<boost::asio::ip::tcp::endpoint> endpoints);
  void on_tcp_connected(boost::system::error_code error);
  void on_upgrade_response(boost::system::error_code error);
  void end(const std::string& reason, Teardown teardown);
  void finish(Teardown teardown);
  void close_socket();

  // client_transport.cpp: WebSocket frames on the raw socket
  void start_reading(std::string_view already_read);
  void do_read();
  void on_read(boost::system::error_code error, size_t bytes);
  void handle_input();
  void on_ws_event(const protocol::WsEvent& event);
  void send_frame(protocol::WsOpcode opcode, std::string_view first, std::string_view second = {});
  void schedule_flush();
  void flush();
  void on_written(boost::system::error_code error);
  uint64_t next_random();

  // client_packets.cpp: Engine.IO and Socket.IO packets
  void on_text_frame(std::string_view frame);
  void on_binary_frame(std::string_view bytes);
  void on_open_packet(std::string_view data);
  void arm_ping_timer();
  void on_sio_decoded(protocol::Result<std::optional<protocol::SioPacket>> decoded);
  void on_sio_packet(protocol::SioPacket packet);
  void on_connect_reply(const protocol::SioPacket& packet);
  void on_event_packet(protocol::SioPacket& packet);
  void on_ack_packet(protocol::SioPacket& packet);
  AckReply make_ack_reply(uint64_t ack_id);
  void send_sio(const protocol::SioPacket& packet);

  boost::asio::io_context& io_;
  ClientOptions options_;
  State state_ = State::kIdle;
  Handlers handlers_;

  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<Handshake> handshake_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer ping_timer_;
  boost::asio::steady_timer linger_timer_;  // bounds the wait for the server's close

  // Reading: frames are parsed in place in one buffer.
  protocol::WsFrameReader reader_;
  std::vector<char> read_buffer_;
  size_t read_filled_ = 0;
  bool reading_ = false;
  bool paused_ = false;

  // Writing: frames are appended (masked) to out_; one write at a time takes all of it.
  bool websocket_open_ = false;  // the upgrade succeeded and the socket carries frames
  std::string out_;
  std::string in_flight_;
  bool writing_ = false;
  bool flush_scheduled_ = false;
  bool close_frame_queued_ = false;  // nothing may follow a close frame
  bool close_frame_in_out_ = false;
  bool close_frame_in_flight_ = false;
  uint64_t random_state_;

  // Engine.IO and Socket.IO state.
  bool engine_open_ = false;
  std::string engine_sid_;
  std::chrono::milliseconds ping_deadline_{0};  // pingInterval + pingTimeout
  protocol::SioDecoder decoder_;
  std::string id_;
  std::string server_name_;
  uint64_t next_ack_id_ = 0;
  std::unordered_map<uint64_t, AckHandler> acks_;
  std::vector<protocol::SioPacket> unsent_;        // emitted before the CONNECT reply
  std::vector<protocol::SioPacket> early_events_;  // received before the CONNECT reply
};

}  // namespace scaleout::sim
