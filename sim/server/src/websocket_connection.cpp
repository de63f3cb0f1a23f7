// WebSocketConnection: frame reading and coalesced, zero-copy frame writing.
#include "websocket_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace scaleout::sim {

namespace asio = boost::asio;
using protocol::WsOpcode;

namespace {
// Small to begin with: with thousands of connections the read buffers are most of a server's
// memory (16 KB each made 21 KB of RSS per connection), and what clients send is small. The
// buffer doubles, up to the largest message allowed, when a bigger frame arrives.
constexpr size_t kInitialReadBuffer = 2 * 1024;
// How long, after our close frame, the peer has to close its side.
constexpr auto kLingerAfterClose = std::chrono::seconds(1);
// The most payload one write takes from the queue (at least one frame), and one system call
// hands to the kernel: enough for a turn's worth of broadcasts to leave at once, while the
// deliveries of a queue of megabytes are seen leaving as the peer reads, not all at the end.
constexpr size_t kMaxWriteBatch = size_t{1} << 20;
}  // namespace

WebSocketConnection::WebSocketConnection(asio::ip::tcp::socket socket, uint64_t max_message_size,
                                         std::string already_read)
    : socket_(std::move(socket)),
      linger_timer_(socket_.get_executor()),
      reader_(/*expect_masked=*/true, max_message_size),
      max_message_size_(max_message_size),
      read_buffer_(std::max(kInitialReadBuffer, already_read.size())) {
  std::copy(already_read.begin(), already_read.end(), read_buffer_.begin());
  read_filled_ = already_read.size();
  boost::system::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
}

void WebSocketConnection::start(Handler* handler) {
  handler_ = handler;
  started_ = true;
  if (read_filled_ > 0) {
    // Bytes that arrived with the upgrade request: parse them before reading more (on_read
    // clears reading_, which keeps anyone else from starting a read meanwhile).
    reading_ = true;
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_read({}, 0); });
  } else {
    do_read();
  }
}

void WebSocketConnection::send(const protocol::EioFrame& frame) {
  enqueue({frame.bytes, frame.binary ? WsOpcode::kBinary : WsOpcode::kText});
}

void WebSocketConnection::enqueue(Outgoing item) {
  if (closing_ || closed_) return;
  queued_bytes_ += item.bytes->size();
  total_queued_ += item.bytes->size();
  queue_.push_back(std::move(item));
  schedule_flush();
}

void WebSocketConnection::schedule_flush() {
  if (writing_ || flush_scheduled_) return;
  flush_scheduled_ = true;
  // Posted, so that everything else sent during this turn of the loop joins the same writev.
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    self->flush();
  });
}

void WebSocketConnection::flush() {
  if (writing_ || closed_ || queue_.empty()) return;
  in_flight_.clear();
  size_t batch_bytes = 0;
  while (!queue_.empty() && (in_flight_.empty() || batch_bytes < kMaxWriteBatch)) {
    batch_bytes += queue_.front().bytes->size();
    in_flight_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  headers_.resize(in_flight_.size());
  buffers_.clear();
  buffers_.reserve(in_flight_.size() * 2);
  for (size_t i = 0; i < in_flight_.size(); ++i) {
    const auto& item = in_flight_[i];
    size_t header_size =
        protocol::encode_ws_header(headers_[i].data(), item.opcode, item.bytes->size());
    buffers_.emplace_back(headers_[i].data(), header_size);
    if (!item.bytes->empty()) buffers_.emplace_back(item.bytes->data(), item.bytes->size());
  }
  writing_ = true;
  batch_written_ = 0;
  // The completion condition sees every partial write: each one is progress, however slowly
  // the peer reads.
  auto note_progress = [self = shared_from_this()](const boost::system::error_code& error,
                                                   size_t written) -> size_t {
    if (written > self->batch_written_) {
      self->batch_written_ = written;
      self->last_progress_ = std::chrono::steady_clock::now();
    }
    return error ? 0 : kMaxWriteBatch;
  };
  asio::async_write(socket_, buffers_, note_progress,
                    [self = shared_from_this()](boost::system::error_code error, size_t) {
                      self->on_written(error);
                    });
}

void WebSocketConnection::on_written(boost::system::error_code error) {
  writing_ = false;
  batch_written_ = 0;
  bool sent_close = false;
  for (const auto& item : in_flight_) {
    queued_bytes_ -= item.bytes->size();
    sent_close |= item.opcode == WsOpcode::kClose;
  }
  in_flight_.clear();
  if (closed_) return;
  if (error) {
    finish("transport error");
    return;
  }
  total_written_ = total_queued_ - queued_bytes_;
  if (handler_) handler_->on_ws_written(*this, total_written_);
  if (sent_close) {
    linger();
    return;
  }
  flush();
}

// Our close frame is out. As RFC 6455 asks, the peer may still answer with its own close frame
// before it closes the TCP connection: half-close, read (and drop) until it is gone or a moment
// has passed, then close for good.
void WebSocketConnection::linger() {
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  linger_timer_.expires_after(kLingerAfterClose);
  linger_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->finish("transport close");
  });
  if (!reading_) do_read();
}

void WebSocketConnection::close(uint16_t code) {
  if (closing_ || closed_) return;
  std::string payload = code ? protocol::encode_ws_close_payload(code) : std::string();
  enqueue({std::make_shared<const std::string>(std::move(payload)), WsOpcode::kClose});
  closing_ = true;
}

void WebSocketConnection::abort() {
  if (closed_) return;
  finish("forced close");
}

void WebSocketConnection::pause_reading(bool paused) {
  read_paused_ = paused;
  if (!paused && started_ && !reading_ && !closed_) do_read();
}

void WebSocketConnection::do_read() {
  if (closed_ || reading_) return;
  if (read_paused_ && !closing_) return;
  reading_ = true;
  if (read_filled_ == read_buffer_.size()) {
    // A frame bigger than the buffer is on its way (the reader has already checked it is within
    // max_message_size): make room for it.
    read_buffer_.resize(std::min<size_t>(read_buffer_.size() * 2,
                                         max_message_size_ + protocol::kMaxWsHeaderSize + 1));
  }
  socket_.async_read_some(
      asio::buffer(read_buffer_.data() + read_filled_, read_buffer_.size() - read_filled_),
      [self = shared_from_this()](boost::system::error_code error, size_t bytes) {
        self->on_read(error, bytes);
      });
}

void WebSocketConnection::on_read(boost::system::error_code error, size_t bytes) {
  reading_ = false;
  if (closed_) return;
  if (error) {
    finish(error == asio::error::eof ? "transport close" : "transport error");
    return;
  }
  if (closing_) {
    // After our close frame, what the peer sends is only waited out.
    read_filled_ = 0;
    do_read();
    return;
  }
  read_filled_ += bytes;
  auto used = reader_.consume(std::span<char>(read_buffer_.data(), read_filled_),
                              [this](const protocol::WsEvent& event) { handle_event(event); });
  if (closed_) return;
  if (!used) {
    // Tell the peer why (1009 or 1002); the connection ends once that frame is out.
    const uint16_t code = protocol::close_code_for(used.error());
    close_reason_ = code == protocol::ws_close::kTooBig ? "message too big" : "parse error";
    close(code);
    read_filled_ = 0;
    do_read();
    return;
  }
  std::copy(read_buffer_.begin() + *used, read_buffer_.begin() + read_filled_,
            read_buffer_.begin());
  read_filled_ -= *used;
  do_read();
}

void WebSocketConnection::handle_event(const protocol::WsEvent& event) {
  if (closed_ || closing_) return;
  switch (event.opcode) {
    case WsOpcode::kText:
    case WsOpcode::kBinary:
      if (handler_)
        handler_->on_ws_message(*this, event.opcode == WsOpcode::kBinary, event.payload);
      break;
    case WsOpcode::kPing:
      enqueue({std::make_shared<const std::string>(event.payload), WsOpcode::kPong});
      break;
    case WsOpcode::kClose:
      close(event.close_code == protocol::ws_close::kNoStatus ? 0 : event.close_code);
      break;
    default:
      break;
  }
}

void WebSocketConnection::finish(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  linger_timer_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  queue_.clear();
  Handler* handler = handler_;
  handler_ = nullptr;
  if (handler) handler->on_ws_closed(*this, close_reason_.empty() ? reason : close_reason_);
}

}  // namespace scaleout::sim
