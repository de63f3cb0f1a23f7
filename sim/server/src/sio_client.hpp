// SioClient: the Socket.IO side of one Engine.IO session. It decodes packets (reassembling binary
// attachments), connects the client to namespaces, passes events and acks to the right socket,
// and closes the whole connection on anything malformed, as Node does. Events count against
// their address's message rate (ChatLimits), and a CONNECT may be refused by the app.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_session.hpp"
#include "scaleout/adapter/types.hpp"
#include "scaleout/protocol/socketio_decoder.hpp"
#include "scaleout/trace/trace_event.hpp"

namespace scaleout::sim {

class SioServer;
class Socket;

class SioClient : public EngineHandler {
 public:
  SioClient(SioServer& server, std::shared_ptr<EngineSession> session);
  ~SioClient() override;

  EngineSession& session() { return *session_; }
  void write(const protocol::SioPacket& packet);
  void write(const adapter::EncodedPacket& packet);
  // A broadcast was just queued for `socket`: its `deliver` is traced once its bytes are out (or
  // a `drop` if the connection ends before).
  void track_delivery(const std::string& nsp, const std::string& socket, const std::string& mid);
  // Ends the connection (every namespace on it).
  void close(std::string_view reason);
  // A socket of this client left its namespace.
  void forget_socket(const std::string& nsp);

  // EngineHandler
  void on_engine_message(protocol::EioPacket packet) override;
  void on_engine_upgrade() override;
  void on_engine_close(std::string_view reason) override;
  void on_engine_sent(uint64_t total_sent) override;
  void on_engine_flow(std::string_view state, size_t bytes) override;

 private:
  void handle_packet(protocol::SioPacket packet, size_t wire_bytes);
  void connect(protocol::SioPacket packet);
  // An event over its address's message rate: dropped, and its ack (if it wants one) says why.
  void refuse_event(const protocol::SioPacket& packet);

  SioServer& server_;
  std::shared_ptr<EngineSession> session_;
  std::string address_;  // the client's, for its per-address limits
  protocol::SioDecoder decoder_;
  std::unordered_map<std::string, Socket*> sockets_;  // by namespace; owned by the namespaces
  boost::asio::steady_timer connect_timer_;
  bool closed_ = false;
  size_t pending_bytes_ = 0;  // size of a packet whose attachments are still arriving
  // Deliveries waiting for their bytes to leave, with the session's byte count they end at:
  // the entries from unsent_head_ on are still waiting (a vector reused, not reallocated, as
  // deliveries come and go).
  std::vector<std::pair<uint64_t, TraceEvent>> unsent_;
  size_t unsent_head_ = 0;
};

}  // namespace scaleout::sim
