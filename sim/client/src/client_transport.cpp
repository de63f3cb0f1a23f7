// Client: WebSocket frames on the raw socket. Reading parses every frame of a read in place in
// one buffer; writing appends each frame, masked, to one string, and a posted flush sends
// everything appended during that turn of the event loop in one write. A client must mask, so a
// payload is copied once anyway: a contiguous buffer is as cheap as a writev here.
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cstring>

#include "scaleout/client/client.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using protocol::WsEvent;
using protocol::WsOpcode;

namespace {
constexpr size_t kInitialReadBuffer = 16 * 1024;
}

void Client::start_reading(std::string_view already_read) {
  read_buffer_.resize(std::max(kInitialReadBuffer, already_read.size()));
  std::memcpy(read_buffer_.data(), already_read.data(), already_read.size());
  read_filled_ = already_read.size();
  handle_input();
  do_read();
}

void Client::do_read() {
  if (reading_ || !socket_.is_open()) return;
  // While paused nothing is read, unless the connection is over and we only wait for EOF.
  if (paused_ && state_ != State::kClosed) return;
  if (read_filled_ == read_buffer_.size()) {
    // A frame larger than the buffer is arriving (the reader has checked its announced size
    // against the limit): make room.
    read_buffer_.resize(read_buffer_.size() * 2);
  }
  reading_ = true;
  socket_.async_read_some(
      asio::buffer(read_buffer_.data() + read_filled_, read_buffer_.size() - read_filled_),
      [self = shared_from_this()](boost::system::error_code error, size_t bytes) {
        self->on_read(error, bytes);
      });
}

void Client::on_read(boost::system::error_code error, size_t bytes) {
  reading_ = false;
  if (state_ == State::kClosed) {
    // Closing: what the server still sends is dropped; its EOF ends the wait.
    if (error) {
      close_socket();
    } else {
      read_filled_ = 0;
      do_read();
    }
    return;
  }
  if (error) {
    end(error == asio::error::eof ? "transport close" : "transport error", Teardown::kAbrupt);
    return;
  }
  read_filled_ += bytes;
  if (!paused_) handle_input();
  do_read();
}

void Client::handle_input() {
  if (read_filled_ == 0) return;
  auto used = reader_.consume(std::span<char>(read_buffer_.data(), read_filled_),
                              [this](const WsEvent& event) { on_ws_event(event); });
  if (state_ == State::kClosed) {
    read_filled_ = 0;
    return;
  }
  if (!used) {
    end("parse error", Teardown::kGraceful);
    read_filled_ = 0;
    return;
  }
  std::memmove(read_buffer_.data(), read_buffer_.data() + *used, read_filled_ - *used);
  read_filled_ -= *used;
}

void Client::on_ws_event(const WsEvent& event) {
  if (state_ == State::kClosed) return;
  switch (event.opcode) {
    case WsOpcode::kText:
      on_text_frame(event.payload);
      break;
    case WsOpcode::kBinary:
      on_binary_frame(event.payload);
      break;
    case WsOpcode::kPing:
      send_frame(WsOpcode::kPong, event.payload);
      break;
    case WsOpcode::kClose:
      end("transport close", Teardown::kGraceful);  // answers with our close frame
      break;
    default:
      break;
  }
}

// ---- writing -----------------------------------------------------------------------------

void Client::send_frame(WsOpcode opcode, std::string_view first, std::string_view second) {
  if (!websocket_open_ || close_frame_queued_) return;
  const uint64_t bits = next_random();
  uint8_t mask[4];
  std::memcpy(mask, &bits, sizeof mask);
  uint8_t header[protocol::kMaxWsHeaderSize];
  const size_t payload_size = first.size() + second.size();
  const size_t header_size = protocol::encode_ws_header(header, opcode, payload_size, mask);
  const size_t start = out_.size();
  out_.append(reinterpret_cast<const char*>(header), header_size);
  out_.append(first);
  out_.append(second);
  protocol::mask_payload(std::span<char>(out_.data() + start + header_size, payload_size), mask);
  if (opcode == WsOpcode::kClose) {
    close_frame_queued_ = true;
    close_frame_in_out_ = true;
  }
  schedule_flush();
}

void Client::schedule_flush() {
  if (writing_ || flush_scheduled_) return;
  flush_scheduled_ = true;
  asio::post(io_, [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    self->flush();
  });
}

void Client::flush() {
  if (writing_ || out_.empty() || !socket_.is_open()) return;
  std::swap(out_, in_flight_);
  close_frame_in_flight_ = close_frame_in_out_;
  close_frame_in_out_ = false;
  writing_ = true;
  asio::async_write(socket_, asio::buffer(in_flight_),
                    [self = shared_from_this()](boost::system::error_code error, size_t) {
                      self->on_written(error);
                    });
}

void Client::on_written(boost::system::error_code error) {
  writing_ = false;
  in_flight_.clear();
  if (error) {
    out_.clear();
    if (state_ == State::kClosed) {
      close_socket();
    } else {
      end("transport error", Teardown::kAbrupt);
    }
    return;
  }
  if (close_frame_in_flight_) {
    // Our close frame is out: nothing more to send; the server answers by closing.
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    return;
  }
  flush();
}

// splitmix64: cheap, and seeded from std::random_device, which is all masking needs (the mask
// only keeps a proxy from reading the payload as something else).
uint64_t Client::next_random() {
  uint64_t z = (random_state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace scaleout::sim
