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
// The Socket.IO protocol itself (open packet, CONNECT, events, acks, emit) is SioSession's
// (sio_session.hpp), shared with PollingClient; this class is the WebSocket transport under it.
//
// Efficiency: one read buffer per client, grown as needed; every frame in a read is handled
// before the next read; the raw-frame path allocates nothing; everything sent during one turn
// of the event loop leaves in one write. Outgoing frames are masked with a fresh random mask
// each, as RFC 6455 requires of clients.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/client/sio_session.hpp"
#include "scaleout/protocol/websocket_frame.hpp"

namespace scaleout::sim {

class Client : public SioSession, public std::enable_shared_from_this<Client> {
 public:
  using RawFrameHandler = std::function<bool(std::string_view frame)>;

  static std::shared_ptr<Client> create(boost::asio::io_context& io, ClientOptions options);

  void connect(ConnectHandler done);
  void on_raw_frame(RawFrameHandler handler) { raw_handler_ = std::move(handler); }

  // Sends DISCONNECT for the namespace, then closes the WebSocket with a close frame.
  void close();
  // Cuts the TCP connection at once: no DISCONNECT, no close frame.
  void abort();
  // Stops reading from the socket (the server's writes back up, pings go unanswered) or
  // resumes. Frames already read when pausing are still handled.
  void pause_reading(bool paused);

  // For create() only (std::make_shared needs a public constructor).
  struct PrivateTag {};
  Client(PrivateTag, boost::asio::io_context& io, ClientOptions options);
  ~Client() override;

 private:
  // How the transport is left: with a close frame (and a short wait for the server's own close)
  // or by closing the socket at once.
  enum class Teardown { kGraceful, kAbrupt };
  struct Handshake;  // the HTTP upgrade while it is in flight (client.cpp)

  // SioSession's transport.
  void send_sio(const protocol::SioPacket& packet) override;
  void send_pong() override;
  void fail(const std::string& reason) override { end(reason, Teardown::kGraceful); }
  std::weak_ptr<SioSession> weak_session() override { return weak_from_this(); }

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

  // client_packets.cpp: Engine.IO packets in WebSocket frames
  void on_text_frame(std::string_view frame);
  void on_binary_frame(std::string_view bytes);

  RawFrameHandler raw_handler_;

  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<Handshake> handshake_;
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

  bool engine_open_ = false;  // the open packet has come
};

}  // namespace scaleout::sim
