// HttpConnection: reads HTTP requests and writes the engine's replies.
#include "http_connection.hpp"

#include <boost/beast/websocket/rfc6455.hpp>

#include "engine_server.hpp"

namespace scaleout::sim {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

namespace {
// After a reply that closes the connection, what the client still sends (say, the rest of a body
// that was too large) is read and dropped for this long, so that it gets the reply rather than a
// reset.
constexpr auto kLingerOnClose = std::chrono::seconds(1);
}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, EngineServer& engine,
                               uint64_t body_limit, std::chrono::milliseconds timeout)
    : stream_(std::move(socket)), engine_(engine), body_limit_(body_limit), timeout_(timeout) {}

std::string HttpConnection::remote_address() const {
  boost::system::error_code error;
  auto endpoint = stream_.socket().remote_endpoint(error);
  return error ? std::string() : endpoint.address().to_string();
}

void HttpConnection::do_read() {
  parser_.emplace();
  parser_->body_limit(body_limit_);
  // An idle keep-alive connection, or a client that sends its request too slowly, is dropped.
  stream_.expires_after(timeout_);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code error, size_t) { self->on_read(error); });
}

void HttpConnection::on_read(beast::error_code error) {
  if (error == http::error::body_limit) {
    HttpResponse response{http::status::payload_too_large, 11};
    response.set(http::field::connection, "close");
    response.keep_alive(false);
    request_keep_alive_ = false;
    reply(std::move(response));
    return;
  }
  if (error) {
    if (error != http::error::end_of_stream && error != beast::error::timeout &&
        error != asio::error::operation_aborted && error != asio::error::connection_reset) {
      HttpResponse response{http::status::bad_request, 11};
      response.keep_alive(false);
      request_keep_alive_ = false;
      reply(std::move(response));
      return;
    }
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return;
  }
  stream_.expires_never();
  HttpRequest request = parser_->release();
  request_keep_alive_ = request.keep_alive();
  if (beast::websocket::is_upgrade(request)) {
    std::string leftover(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    engine_.on_websocket_request(std::move(stream_), std::move(request), std::move(leftover));
    return;
  }
  engine_.on_http_request(std::move(request), shared_from_this());
}

void HttpConnection::reply(HttpResponse response) {
  response.keep_alive(request_keep_alive_ && response.keep_alive());
  response.prepare_payload();
  response_ = std::make_shared<HttpResponse>(std::move(response));
  const bool close = !response_->keep_alive();
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), close](beast::error_code error, size_t) {
                      self->on_written(close, error);
                    });
}

void HttpConnection::on_written(bool close, beast::error_code error) {
  response_.reset();
  if (error) return;
  if (close) {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerOnClose);
    drain();
    return;
  }
  do_read();
}

void HttpConnection::drain() {
  stream_.async_read_some(asio::buffer(drain_buffer_),
                          [self = shared_from_this()](beast::error_code error, size_t) {
                            if (!error) self->drain();
                          });
}

}  // namespace scaleout::sim
