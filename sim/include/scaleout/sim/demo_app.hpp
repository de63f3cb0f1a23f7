// DemoApp: the chat app every server instance in the sandbox runs. Scenarios, the GUI, bots and
// outside clients rely on these event names:
//   on connect           -> emits "welcome" {server, id}
//   "join" room          -> joins it; acks with the socket's rooms when asked
//   "leave" room         -> leaves it; acks with the socket's rooms when asked
//   "say" {room, ...}    -> io.to(room).emit("said", {from, server, room, ...rest, mid});
//                           to everybody when room is null or absent; acks {mid} when asked
//   "whoami"             -> acks {id, server, rooms}
//   "ask" ...args        -> emits "question" ...args to the asker with an ack, and acks the
//                           "ask" with whatever the client answered (acks in both directions)
// A serverSideEmit from another server is answered, when it wants an ack, with {server}.
#pragma once

#include <cstdint>
#include <string>

#include "scaleout/sim/app.hpp"

namespace scaleout::sim {

class DemoApp : public App {
 public:
  explicit DemoApp(std::string server_name) : server_name_(std::move(server_name)) {}

  EventTag tag_event(const std::string& event, protocol::Json& args) override;
  void on_connection(Socket& socket) override;
  void on_event(Socket& socket, const std::string& event, protocol::Json args,
                AckFunction ack) override;
  void on_server_side_emit(Namespace& nsp, const protocol::Json& args, AckFunction ack) override;

 private:
  void say(Socket& socket, protocol::Json args, const AckFunction& ack);
  std::string next_message_id();

  std::string server_name_;
  uint64_t next_mid_ = 1;
};

}  // namespace scaleout::sim
