// EngineSession: one Engine.IO v4 session, whatever carries it. It starts on HTTP long-polling or
// directly on a WebSocket, may be upgraded from the first to the second (probe, noop, upgrade),
// pings its client every pingInterval and closes when a pong is late. Above it, the Socket.IO
// client (an EngineHandler) sees only whole packets, one upgrade and one close. It also applies
// flow control to what waits for its client (engine_session_flow.cpp, docs/flow-control.md).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_connection.hpp"
#include "scaleout/protocol/engineio_packet.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/server/server_options.hpp"
#include "websocket_connection.hpp"

namespace scaleout::sim {

class EngineServer;

class EngineHandler {
 public:
  virtual ~EngineHandler() = default;
  virtual void on_engine_message(protocol::EioPacket packet) = 0;
  virtual void on_engine_upgrade() = 0;
  // Everything the session was given up to `total_sent` bytes (counted over its life, as
  // queued_bytes() counts) has left: written to the socket or put in a polling reply.
  virtual void on_engine_sent(uint64_t total_sent) {}
  // Flow control (engine_session_flow.cpp): `state` is "slow", "stuck" or "caught up" for the
  // client's own queue (with `bytes` waiting), "held" or "released" when it is held back (not
  // read) or read again.
  virtual void on_engine_flow(std::string_view state, size_t bytes) {}
  // The session is over; nothing more may be sent. `reason` is Engine.IO's.
  virtual void on_engine_close(std::string_view reason) = 0;
};

// What the client's first request looked like: Socket.IO's `socket.handshake`, without `auth`.
struct HandshakeInfo {
  protocol::Json headers = protocol::Json::object();
  protocol::Json query = protocol::Json::object();
  std::string url;
  std::string address;
  int64_t issued_ms = 0;
};

class EngineSession : public std::enable_shared_from_this<EngineSession>,
                      public WebSocketConnection::Handler {
 public:
  enum class Transport { kPolling, kWebSocket };

  EngineSession(boost::asio::io_context& io, EngineServer& server, std::string sid,
                Transport transport, const ServerOptions& options, HandshakeInfo handshake);

  void set_handler(EngineHandler* handler) { handler_ = handler; }
  // Starts the heartbeat; for a WebSocket session, also sends the open packet.
  void open(std::shared_ptr<WebSocketConnection> websocket = nullptr);

  void send(const protocol::EioFrame& frame);
  // Sends what is queued, then closes the transport. The handler hears on_engine_close at once.
  void close(std::string_view reason);

  void on_poll_get(std::shared_ptr<HttpConnection> connection);
  void on_poll_post(std::string_view body, std::shared_ptr<HttpConnection> connection);
  // A WebSocket that arrived with this session's sid: probe it, and upgrade if the client asks.
  bool begin_upgrade(std::shared_ptr<WebSocketConnection> websocket);

  const std::string& sid() const { return sid_; }
  Transport transport() const { return transport_; }
  const char* transport_name() const;
  bool upgrading() const { return probe_ != nullptr; }
  bool is_open() const { return state_ == State::kOpen; }
  size_t buffered_bytes() const;
  bool over_soft_limit() const { return over_soft_; }
  bool held_back() const { return held_by_ > 0; }
  // Payload bytes given to send() over the session's life.
  uint64_t queued_total() const { return queued_; }
  const HandshakeInfo& handshake() const { return handshake_; }

  // WebSocketConnection::Handler
  void on_ws_message(WebSocketConnection& connection, bool binary,
                     std::string_view payload) override;
  void on_ws_closed(WebSocketConnection& connection, std::string_view reason) override;
  void on_ws_written(WebSocketConnection& connection, uint64_t total_written) override;

 private:
  enum class State { kOpen, kClosing, kClosed };

  void handle_packet(protocol::EioPacket packet);
  void handle_probe_message(bool binary, std::string_view payload);
  void finish_upgrade();
  void abort_upgrade();
  void schedule_ping();
  void on_ping_due();
  void await_pong();
  void send_control(protocol::EioType type, std::string_view data = {});
  void schedule_poll_reply();
  void reply_to_poll(std::vector<protocol::EioFrame> frames);
  // Answers the waiting GET with everything queued (and then `then`, if given).
  void reply_with_queue(std::optional<protocol::EioType> then = std::nullopt);
  // engine_session_flow.cpp: the limits on what waits for this client, and the hold it puts on
  // the clients whose messages fill it.
  void after_queued();
  void check_soft_limit();
  void after_sent();
  std::chrono::steady_clock::time_point last_progress() const;
  void start_pressure(size_t buffered);
  void check_stall_in(std::chrono::steady_clock::duration delay);
  void check_stall();
  void end_pressure();
  void hold(EngineSession* publisher);
  void release_publishers();
  void add_holder();
  void remove_holder();
  void answer_post(std::shared_ptr<HttpConnection> connection);
  void drop_slow_consumer();
  // Ends the session: notify_closed() tells the handler and stops the timers; release() leaves
  // the server's table. A polling session closed with no GET waiting lingers in between.
  void end(std::string_view reason);
  void notify_closed(std::string_view reason);
  void release();

  boost::asio::io_context& io_;
  EngineServer& server_;
  std::string sid_;
  Transport transport_;
  const ServerOptions& options_;
  HandshakeInfo handshake_;
  EngineHandler* handler_ = nullptr;
  State state_ = State::kOpen;

  boost::asio::steady_timer heartbeat_;
  boost::asio::steady_timer upgrade_timer_;
  boost::asio::steady_timer linger_timer_;

  std::shared_ptr<WebSocketConnection> websocket_;
  std::shared_ptr<WebSocketConnection> probe_;
  bool probe_answered_ = false;

  std::vector<protocol::EioFrame> poll_queue_;
  size_t poll_queue_bytes_ = 0;
  std::shared_ptr<HttpConnection> pending_get_;
  bool poll_reply_scheduled_ = false;

  // Flow control.
  boost::asio::steady_timer stall_timer_;
  bool over_soft_ = false;  // slow: over the soft limit, not yet back down to half of it
  bool stuck_ = false;      // slow, and took no bytes for the hold limit: holds nobody back
  bool condemned_ = false;  // over the hard limit: being dropped, nothing more is queued
  std::chrono::steady_clock::time_point slow_since_;
  std::chrono::steady_clock::time_point last_poll_reply_ = std::chrono::steady_clock::now();
  bool soft_check_scheduled_ = false;
  std::vector<std::weak_ptr<EngineSession>> holding_;   // the publishers this client holds back
  std::vector<std::weak_ptr<EngineSession>> may_hold_;  // ... once check_soft_limit() says so
  int held_by_ = 0;                                     // clients holding this one back
  std::shared_ptr<HttpConnection> held_post_;  // answered when released: polling's back-pressure

  uint64_t queued_ = 0;  // given to send()
  uint64_t sent_ = 0;    // of which gone out
  uint64_t sent_before_websocket_ = 0;
  uint64_t websocket_baseline_ = 0;  // the WebSocket's own count when the session took it over
};

}  // namespace scaleout::sim
