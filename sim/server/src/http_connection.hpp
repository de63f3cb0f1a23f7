// HttpConnection: one TCP connection speaking HTTP/1.1 to the Engine.IO server, Beast style
// (do_read -> on_read -> reply -> on_write -> do_read). A long-polling GET may be answered much
// later, so the engine keeps the connection and calls reply() when it has packets; a WebSocket
// upgrade request hands the TCP stream over to the engine and ends this object.
#pragma once

#include <array>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace scaleout::sim {

class EngineServer;

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(boost::asio::ip::tcp::socket socket, EngineServer& engine, uint64_t body_limit,
                 std::chrono::milliseconds timeout);

  void start() { do_read(); }

  // Answers the request being served; reads the next one if both sides keep the connection.
  void reply(HttpResponse response);
  std::string remote_address() const;

 private:
  void do_read();
  void on_read(boost::beast::error_code error);
  void on_written(bool close, boost::beast::error_code error);
  void drain();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
  EngineServer& engine_;
  uint64_t body_limit_;
  std::chrono::milliseconds timeout_;
  std::array<char, 4096> drain_buffer_;
  bool request_keep_alive_ = true;
};

}  // namespace scaleout::sim
