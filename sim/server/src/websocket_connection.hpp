// WebSocketConnection: one WebSocket after the handshake, on the server side. It reads frames
// and hands whole messages to its handler, and it writes frames from a queue: everything queued
// during one turn of the event loop leaves in a single writev (up to kMaxWriteBatch bytes, so
// that a long queue is seen draining), and a broadcast's bytes are shared by every connection
// that sends them (only the 2-10 byte header is per connection). Reading can be paused: that is
// how flow control holds back a client whose messages cannot leave (TCP then pushes back on it).
#pragma once

#include <algorithm>
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/protocol/engineio_packet.hpp"
#include "scaleout/protocol/websocket_frame.hpp"

namespace scaleout::sim {

class WebSocketConnection : public std::enable_shared_from_this<WebSocketConnection> {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void on_ws_message(WebSocketConnection& connection, bool binary,
                               std::string_view payload) = 0;
    // Called once, when the connection is gone. `reason` is Engine.IO's: "transport close",
    // "transport error", "parse error" or "message too big".
    virtual void on_ws_closed(WebSocketConnection& connection, std::string_view reason) = 0;
    // Everything up to `total_written` bytes of payload (counted since the connection began) has
    // been handed to the kernel.
    virtual void on_ws_written(WebSocketConnection& connection, uint64_t total_written) {}
  };

  WebSocketConnection(boost::asio::ip::tcp::socket socket, uint64_t max_message_size,
                      std::string already_read);

  // Starts reading. The handler can be replaced later (an upgrade hands the connection from the
  // probe to the session) and detached (nullptr) by an owner that goes away first.
  void start(Handler* handler);
  void set_handler(Handler* handler) { handler_ = handler; }

  void send(const protocol::EioFrame& frame);
  // Sends what is queued, then a close frame (no status when code is 0), then closes.
  void close(uint16_t code = 0);
  // Closes at once, dropping what is queued: for a peer that stopped reading.
  void abort();
  // Stops reading from the peer (messages already read are still handled), or resumes. Closing
  // reads on regardless.
  void pause_reading(bool paused);

  // Bytes given to send() that the kernel has not taken yet.
  size_t queued_bytes() const { return queued_bytes_ - std::min(queued_bytes_, batch_written_); }
  // Payload bytes ever queued, and ever written: what is between the two is still waiting.
  uint64_t total_queued() const { return total_queued_; }
  uint64_t total_written() const { return total_written_; }
  // When the kernel last took bytes of ours: how flow control tells a reader from a stuck peer.
  std::chrono::steady_clock::time_point last_write_progress() const { return last_progress_; }
  bool is_open() const { return !closed_; }

 private:
  struct Outgoing {
    std::shared_ptr<const std::string> bytes;
    protocol::WsOpcode opcode;
  };

  void enqueue(Outgoing item);
  void schedule_flush();
  void flush();
  void on_written(boost::system::error_code error);
  void linger();
  void do_read();
  void on_read(boost::system::error_code error, size_t bytes);
  void handle_event(const protocol::WsEvent& event);
  void finish(std::string_view reason);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer linger_timer_;
  protocol::WsFrameReader reader_;
  uint64_t max_message_size_;
  std::vector<char> read_buffer_;
  size_t read_filled_ = 0;
  Handler* handler_ = nullptr;

  std::deque<Outgoing> queue_;       // waiting for the next write
  std::vector<Outgoing> in_flight_;  // being written
  std::vector<std::array<uint8_t, protocol::kMaxWsHeaderSize>> headers_;
  std::vector<boost::asio::const_buffer> buffers_;
  size_t queued_bytes_ = 0;
  size_t batch_written_ = 0;  // bytes (frame headers included) of the write in progress
  std::chrono::steady_clock::time_point last_progress_ = std::chrono::steady_clock::now();
  uint64_t total_queued_ = 0;
  uint64_t total_written_ = 0;
  bool writing_ = false;
  bool reading_ = false;
  bool started_ = false;
  bool read_paused_ = false;
  bool flush_scheduled_ = false;
  bool closing_ = false;  // a close frame is queued; nothing more may be sent
  bool closed_ = false;
  std::string close_reason_;  // set when we close because of what the peer sent
};

}  // namespace scaleout::sim
