// Client: the connection's life. connect() runs resolve -> TCP connect -> upgrade request ->
// upgrade response, then hands the socket to the frame reader (client_transport.cpp), and the
// open packet and CONNECT reply (client_packets.cpp) finish the job. Every way out goes through
// end() (tell the user why) or close()/abort() (the user asked), and both through finish().
#include "scaleout/client/client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstring>
#include <random>

#include "websocket_handshake.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using protocol::SioPacket;
using protocol::SioType;

namespace {
// Messages from the server above this size end the connection (ws' default for clients).
constexpr uint64_t kMaxMessageSize = uint64_t{100} << 20;
// How long a graceful close waits for the server to close its side after our close frame.
constexpr auto kCloseLinger = std::chrono::seconds(2);
// The upgrade response is headers only; a refusal carries a short text.
constexpr uint64_t kMaxUpgradeResponseBody = 64 * 1024;
}  // namespace

struct Client::Handshake {
  explicit Handshake(asio::io_context& io) : resolver(io) {}
  tcp::resolver resolver;
  std::string key;
  UpgradeRequest request;
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
};

std::shared_ptr<Client> Client::create(asio::io_context& io, ClientOptions options) {
  return std::make_shared<Client>(PrivateTag{}, io, std::move(options));
}

Client::Client(PrivateTag, asio::io_context& io, ClientOptions options)
    : SioSession(io, std::move(options)),
      socket_(io),
      linger_timer_(io),
      reader_(/*expect_masked=*/false, kMaxMessageSize),
      random_state_((uint64_t{std::random_device{}()} << 32) | std::random_device{}()) {}

Client::~Client() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void Client::connect(ConnectHandler done) {
  if (!begin_connect(std::move(done))) return;
  handshake_ = std::make_unique<Handshake>(io_);

  boost::system::error_code not_an_address;
  auto address = asio::ip::make_address(options_.host, not_an_address);
  if (!not_an_address) {
    // Post, so that `done` is never called from inside connect().
    asio::post(io_, [self = shared_from_this(), address] {
      self->connect_to({tcp::endpoint(address, self->options_.port)});
    });
    return;
  }
  handshake_->resolver.async_resolve(
      options_.host, std::to_string(options_.port),
      [self = shared_from_this()](boost::system::error_code error,
                                  const tcp::resolver::results_type& results) {
        if (self->state_ != State::kOpening) return;
        if (error) {
          self->end("cannot resolve " + self->options_.host + ": " + error.message(),
                    Teardown::kAbrupt);
          return;
        }
        self->connect_to({results.begin(), results.end()});
      });
}

void Client::connect_to(std::vector<tcp::endpoint> endpoints) {
  if (state_ != State::kOpening) return;
  asio::async_connect(
      socket_, std::move(endpoints),
      [self = shared_from_this()](boost::system::error_code error, const tcp::endpoint&) {
        self->on_tcp_connected(error);
      });
}

void Client::on_tcp_connected(boost::system::error_code error) {
  if (state_ != State::kOpening) return;
  if (error) {
    end(error == asio::error::connection_refused ? "connection refused"
                                                 : "cannot connect: " + error.message(),
        Teardown::kAbrupt);
    return;
  }
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);

  std::array<uint8_t, 16> nonce;
  for (size_t i = 0; i < nonce.size(); i += 8) {
    const uint64_t bits = next_random();
    std::memcpy(nonce.data() + i, &bits, 8);
  }
  handshake_->key = websocket_key(nonce);
  handshake_->request =
      make_upgrade_request(engine_target(options_.path, options_.query),
                           host_header(options_.host, options_.port), handshake_->key);
  handshake_->parser.body_limit(kMaxUpgradeResponseBody);
  http::async_write(
      socket_, handshake_->request,
      [self = shared_from_this()](boost::system::error_code error, size_t) {
        if (self->state_ != State::kOpening) return;
        if (error) {
          self->end("transport error", Teardown::kAbrupt);
          return;
        }
        http::async_read(
            self->socket_, self->handshake_->buffer, self->handshake_->parser,
            [self](boost::system::error_code error, size_t) { self->on_upgrade_response(error); });
      });
}

void Client::on_upgrade_response(boost::system::error_code error) {
  if (state_ != State::kOpening) return;
  if (error) {
    end(error == http::error::end_of_stream || error == asio::error::eof
            ? "transport close"
            : "websocket upgrade failed: " + error.message(),
        Teardown::kAbrupt);
    return;
  }
  std::string problem = check_upgrade_response(handshake_->parser.get(), handshake_->key);
  if (!problem.empty()) {
    end(problem, Teardown::kAbrupt);
    return;
  }
  // Whatever the server sent after its 101 is already in the HTTP buffer: frames start there.
  auto leftover = handshake_->buffer.cdata();
  std::string already_read(static_cast<const char*>(leftover.data()), leftover.size());
  handshake_.reset();
  websocket_open_ = true;
  start_reading(already_read);
}

// ---- the public controls -----------------------------------------------------------------

void Client::close() {
  if (state_ == State::kClosed) return;
  if (state_ == State::kConnected) {
    SioPacket disconnect;
    disconnect.type = SioType::kDisconnect;
    disconnect.nsp = options_.nsp;
    send_sio(disconnect);
  }
  finish(Teardown::kGraceful);
}

void Client::abort() {
  if (state_ == State::kClosed) return;
  finish(Teardown::kAbrupt);
}

void Client::pause_reading(bool paused) {
  if (paused_ == paused) return;
  paused_ = paused;
  if (paused || state_ == State::kClosed) return;
  // Posted: frames read while paused are handled from the event loop, not inside this call.
  asio::post(io_, [self = shared_from_this()] {
    if (self->paused_ || self->state_ == State::kClosed || !self->websocket_open_) return;
    self->handle_input();
    self->do_read();
  });
}

// ---- ending ------------------------------------------------------------------------------

void Client::end(const std::string& reason, Teardown teardown) {
  const State was = state_;
  if (was == State::kIdle || was == State::kClosed) return;
  finish(teardown);
  tell_ended(was, reason);
}

void Client::finish(Teardown teardown) {
  end_session();
  if (teardown == Teardown::kGraceful && websocket_open_ && socket_.is_open()) {
    send_frame(protocol::WsOpcode::kClose,
               protocol::encode_ws_close_payload(protocol::ws_close::kNormal));
    // Read on (discarding) until the server closes its side, but not for ever. Posted: this may
    // run inside a handler, while the read buffer is still being parsed.
    paused_ = false;
    asio::post(io_, [self = shared_from_this()] {
      if (!self->reading_) self->read_filled_ = 0;
      self->do_read();
    });
    linger_timer_.expires_after(kCloseLinger);
    linger_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->close_socket();
    });
  } else {
    close_socket();
  }
}

void Client::close_socket() {
  linger_timer_.cancel();
  if (handshake_) handshake_->resolver.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace scaleout::sim
