// EngineSession: transports, upgrade, heartbeat and close of one Engine.IO session.
#include "engine_session.hpp"

#include <boost/asio/post.hpp>
#include <utility>

#include "engine_server.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using protocol::EioFrame;
using protocol::EioPacket;
using protocol::EioType;

EngineSession::EngineSession(asio::io_context& io, EngineServer& server, std::string sid,
                             Transport transport, const ServerOptions& options,
                             HandshakeInfo handshake)
    : io_(io),
      server_(server),
      sid_(std::move(sid)),
      transport_(transport),
      options_(options),
      handshake_(std::move(handshake)),
      heartbeat_(io),
      upgrade_timer_(io),
      linger_timer_(io),
      stall_timer_(io) {}

const char* EngineSession::transport_name() const {
  return transport_ == Transport::kPolling ? "polling" : "websocket";
}

size_t EngineSession::buffered_bytes() const {
  return transport_ == Transport::kPolling ? poll_queue_bytes_
                                           : (websocket_ ? websocket_->queued_bytes() : 0);
}

void EngineSession::open(std::shared_ptr<WebSocketConnection> websocket) {
  if (websocket) {
    websocket_ = std::move(websocket);
    websocket_->start(this);
    protocol::OpenParameters open;
    open.sid = sid_;
    open.offer_websocket_upgrade = false;
    open.ping_interval_ms = options_.ping_interval_ms;
    open.ping_timeout_ms = options_.ping_timeout_ms;
    open.max_payload = options_.max_payload;
    websocket_->send(
        EioFrame{std::make_shared<const std::string>(protocol::encode_open_packet(open)), false});
    websocket_baseline_ = websocket_->total_queued();  // the open packet is not counted
  }
  schedule_ping();
}

// ---- sending -----------------------------------------------------------------------------

void EngineSession::send(const EioFrame& frame) {
  if (state_ != State::kOpen) return;
  queued_ += frame.bytes->size();
  // Being dropped: counted as given (so that its delivery is reported lost), but not kept.
  if (condemned_) return;
  if (transport_ == Transport::kWebSocket) {
    websocket_->send(frame);
  } else {
    poll_queue_.push_back(frame);
    poll_queue_bytes_ += frame.bytes->size();
    if (pending_get_) schedule_poll_reply();
  }
  after_queued();
}

void EngineSession::send_control(EioType type, std::string_view data) {
  send(protocol::make_text_frame(type, data));
}

void EngineSession::schedule_poll_reply() {
  if (poll_reply_scheduled_) return;
  poll_reply_scheduled_ = true;
  // Posted, so that every packet sent during this turn of the loop shares one reply.
  asio::post(io_, [self = shared_from_this()] {
    self->poll_reply_scheduled_ = false;
    if (self->pending_get_ && !self->poll_queue_.empty()) self->reply_with_queue();
  });
}

void EngineSession::reply_to_poll(std::vector<EioFrame> frames) {
  auto connection = std::move(pending_get_);
  pending_get_.reset();
  connection->reply(polling_response(protocol::encode_polling_payload(frames)));
}

void EngineSession::reply_with_queue(std::optional<EioType> then) {
  std::vector<EioFrame> frames = std::move(poll_queue_);
  poll_queue_.clear();
  sent_ += poll_queue_bytes_;
  poll_queue_bytes_ = 0;
  last_poll_reply_ = std::chrono::steady_clock::now();
  if (then) frames.push_back(protocol::make_text_frame(*then));
  reply_to_poll(std::move(frames));
  if (handler_) handler_->on_engine_sent(sent_);
  after_sent();
}

// ---- long-polling ------------------------------------------------------------------------

void EngineSession::on_poll_get(std::shared_ptr<HttpConnection> connection) {
  if (state_ == State::kClosing) {
    // The session was closed while no GET was waiting: this one carries the rest and the close.
    pending_get_ = std::move(connection);
    reply_with_queue(EioType::kClose);
    release();
    return;
  }
  if (pending_get_) {
    // Only one GET may wait per session: refuse this one, close, release the first with "1".
    connection->reply(plain_response(boost::beast::http::status::bad_request, ""));
    reply_to_poll({protocol::make_text_frame(EioType::kClose)});
    end("transport error");
    return;
  }
  pending_get_ = std::move(connection);
  if (probe_answered_) {
    reply_to_poll({protocol::make_text_frame(EioType::kNoop)});
  } else if (!poll_queue_.empty()) {
    schedule_poll_reply();
  }
}

void EngineSession::on_poll_post(std::string_view body,
                                 std::shared_ptr<HttpConnection> connection) {
  if (state_ != State::kOpen) {
    connection->reply(ok_response());
    return;
  }
  auto packets = protocol::decode_polling_payload(body);
  if (!packets) {
    connection->reply(ok_response());
    close("parse error");
    return;
  }
  auto self = shared_from_this();  // a packet may end the session
  for (auto& packet : *packets) {
    if (state_ != State::kOpen) break;
    handle_packet(std::move(packet));
  }
  // Answered now, or once no slow client holds this one back: a polling client sends its next
  // POST only after the answer to the last.
  answer_post(std::move(connection));
}

// ---- WebSocket and upgrade ---------------------------------------------------------------

bool EngineSession::begin_upgrade(std::shared_ptr<WebSocketConnection> websocket) {
  if (state_ != State::kOpen || transport_ != Transport::kPolling || probe_) return false;
  probe_ = std::move(websocket);
  probe_answered_ = false;
  probe_->start(this);
  upgrade_timer_.expires_after(std::chrono::milliseconds(options_.upgrade_timeout_ms));
  upgrade_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->abort_upgrade();
  });
  return true;
}

void EngineSession::on_ws_message(WebSocketConnection& connection, bool binary,
                                  std::string_view payload) {
  if (&connection == probe_.get()) {
    handle_probe_message(binary, payload);
    return;
  }
  if (&connection != websocket_.get() || state_ != State::kOpen) return;
  if (binary) {
    handle_packet(EioPacket{EioType::kMessage, std::string(payload), true});
    return;
  }
  auto packet = protocol::decode_eio_text(payload);
  if (!packet) {
    close("parse error");
    return;
  }
  handle_packet(std::move(*packet));
}

void EngineSession::handle_probe_message(bool binary, std::string_view payload) {
  if (!binary && payload == "2probe" && !probe_answered_) {
    probe_->send(protocol::make_text_frame(EioType::kPong, "probe"));
    probe_answered_ = true;
    // Release the waiting GET so the client can pause polling and send the upgrade.
    if (pending_get_) reply_to_poll({protocol::make_text_frame(EioType::kNoop)});
    return;
  }
  if (!binary && payload == "5" && probe_answered_) {
    finish_upgrade();
    return;
  }
  abort_upgrade();
}

void EngineSession::finish_upgrade() {
  upgrade_timer_.cancel();
  websocket_ = std::move(probe_);
  probe_.reset();
  probe_answered_ = false;
  transport_ = Transport::kWebSocket;
  if (pending_get_) reply_to_poll({protocol::make_text_frame(EioType::kNoop)});
  // From here on the WebSocket's own count tells what has gone; what it carried before (the
  // probe) is not the session's.
  sent_before_websocket_ = sent_;
  websocket_baseline_ = websocket_->total_queued();
  for (const auto& frame : poll_queue_)
    websocket_->send(frame);
  poll_queue_.clear();
  poll_queue_bytes_ = 0;
  if (held_by_ > 0) websocket_->pause_reading(true);
  if (handler_) handler_->on_engine_upgrade();
}

void EngineSession::abort_upgrade() {
  if (!probe_) return;
  upgrade_timer_.cancel();
  auto probe = std::move(probe_);
  probe_.reset();
  probe_answered_ = false;
  probe->set_handler(nullptr);
  probe->close();
}

void EngineSession::on_ws_written(WebSocketConnection& connection, uint64_t total_written) {
  if (&connection != websocket_.get()) return;
  sent_ = sent_before_websocket_ +
          (total_written > websocket_baseline_ ? total_written - websocket_baseline_ : 0);
  if (handler_) handler_->on_engine_sent(sent_);
  after_sent();
}

void EngineSession::on_ws_closed(WebSocketConnection& connection, std::string_view reason) {
  if (&connection == probe_.get()) {
    upgrade_timer_.cancel();
    probe_.reset();
    probe_answered_ = false;
    return;
  }
  if (&connection == websocket_.get() && state_ == State::kOpen) end(reason);
}

// ---- packets and heartbeat ---------------------------------------------------------------

void EngineSession::handle_packet(EioPacket packet) {
  switch (packet.type) {
    case EioType::kPong:
      schedule_ping();
      break;
    case EioType::kPing:
      // In v4 the server pings; a client ping is a protocol error.
      close("invalid heartbeat direction");
      break;
    case EioType::kMessage:
      if (handler_) {
        // What this message makes the server send is this session's doing: a member it leaves
        // over the soft limit holds it back.
        FlowControl::PublisherScope publishing(server_.flow(), this);
        handler_->on_engine_message(std::move(packet));
      }
      break;
    case EioType::kClose:
      // Over WebSocket a "1" is ignored (the socket's own close ends the session), as in Node.
      if (transport_ == Transport::kPolling) close("transport close");
      break;
    default:
      break;
  }
}

void EngineSession::schedule_ping() {
  heartbeat_.expires_after(std::chrono::milliseconds(options_.ping_interval_ms));
  heartbeat_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->on_ping_due();
  });
}

void EngineSession::on_ping_due() {
  if (state_ != State::kOpen) return;
  send_control(EioType::kPing);
  await_pong();
}

void EngineSession::await_pong() {
  heartbeat_.expires_after(std::chrono::milliseconds(options_.ping_timeout_ms));
  heartbeat_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error) return;
    // A client held back is not read, so its pong cannot arrive: wait on. The hold ends within
    // the stall timeout.
    if (self->held_by_ > 0) {
      self->await_pong();
      return;
    }
    self->close("ping timeout");
  });
}

// ---- closing -----------------------------------------------------------------------------

void EngineSession::close(std::string_view reason) {
  if (state_ != State::kOpen) return;
  abort_upgrade();
  if (transport_ == Transport::kWebSocket) {
    websocket_->set_handler(nullptr);
    websocket_->close();  // what is queued goes first, then the close frame
    end(reason);
    return;
  }
  if (pending_get_) {
    reply_with_queue(EioType::kClose);
    end(reason);
    return;
  }
  // No GET is waiting: keep what is queued, and the close, for the next one, for a while.
  auto self = shared_from_this();
  notify_closed(reason);
  linger_timer_.expires_after(std::chrono::milliseconds(options_.ping_timeout_ms));
  linger_timer_.async_wait([self](boost::system::error_code error) {
    if (!error) self->release();
  });
}

void EngineSession::end(std::string_view reason) {
  auto self = shared_from_this();
  notify_closed(reason);
  release();
}

void EngineSession::notify_closed(std::string_view reason) {
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  heartbeat_.cancel();
  upgrade_timer_.cancel();
  if (websocket_) websocket_->set_handler(nullptr);
  EngineHandler* handler = handler_;
  handler_ = nullptr;
  // Whoever this client held back goes free; a POST of its own that was held is answered.
  end_pressure();
  if (held_post_) answer_post(std::exchange(held_post_, nullptr));
  if (handler) handler->on_engine_close(reason);
}

void EngineSession::release() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  linger_timer_.cancel();
  if (pending_get_) reply_to_poll({protocol::make_text_frame(EioType::kClose)});
  server_.forget(sid_);
}

}  // namespace scaleout::sim
