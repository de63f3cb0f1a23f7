// PollingClient: a Socket.IO v5 client over Engine.IO v4 long-polling only (socket.io-client with
// `transports: ["polling"]`). Every Engine.IO exchange is a real HTTP request on a connection of
// its own, so a load balancer in front chooses a server for each one — which is what the sticky
// sessions lesson is about: without affinity, the session's second request meets a server that
// answers 400 {"code":1,"message":"Session ID unknown"}.
//
// The session: GET `<path>?EIO=4&transport=polling` (the open packet: sid and heartbeat), POST the
// Socket.IO CONNECT, then one GET at a time held by the server until it has packets (the CONNECT
// reply, events, pings), and one POST at a time carrying whatever was queued meanwhile (events,
// acks, pongs), as engine.io allows. No upgrade to WebSocket and no reconnection.
//
// It has the same controls and handlers as Client (client.hpp), with the same meanings and the
// same threading rule: everything runs on the io_context given to create(). The Socket.IO
// protocol itself is SioSession's (sio_session.hpp); this class is the polling transport. Refusals
// read "polling request refused: HTTP 400 Session ID unknown" while connecting, and "transport
// error: HTTP 400 Session ID unknown" once connected.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/client/sio_session.hpp"

namespace scaleout::sim {

class PollingClient : public SioSession, public std::enable_shared_from_this<PollingClient> {
 public:
  static std::shared_ptr<PollingClient> create(boost::asio::io_context& io, ClientOptions options);

  void connect(ConnectHandler done);
  // Sends DISCONNECT and the Engine.IO close packet, then stops polling.
  void close();

  // For create() only.
  struct PrivateTag {};
  PollingClient(PrivateTag, boost::asio::io_context& io, ClientOptions options);
  ~PollingClient() override;

 private:
  class Exchange;  // one HTTP request and its response (polling_client.cpp)
  struct Reply {
    std::string error;  // "" when the server answered 200
    std::string body;
  };

  // SioSession's transport.
  void send_sio(const protocol::SioPacket& packet) override;
  void send_pong() override { send_packet("3"); }
  void fail(const std::string& reason) override { end(reason); }
  std::weak_ptr<SioSession> weak_session() override { return weak_from_this(); }

  // A request of this session; its answer is dropped once the client is over.
  void request(bool post, std::string body, std::function<void(Reply)> done);
  std::shared_ptr<Exchange> send_request(bool post, std::string body,
                                         std::chrono::milliseconds timeout,
                                         std::function<void(Reply)> done);
  void on_handshake(Reply reply);
  void poll();
  void on_payload(std::string_view body);
  void send_packet(std::string text);
  void flush();
  void end(const std::string& reason);
  void finish();

  std::vector<std::shared_ptr<Exchange>> in_flight_;  // cut when the client ends
  std::vector<std::string> outgoing_;                 // packets for the next POST
  bool posting_ = false;
};

}  // namespace scaleout::sim
