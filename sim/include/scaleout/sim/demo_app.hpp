// DemoApp: the chat app every server instance in the sandbox runs. Scenarios, the GUI, bots and
// outside clients rely on these event names:
//   CONNECT auth {name}  -> the client's name: plain text within ChatLimits, or the connection
//                           is refused (connect_error with the reason)
//   on connect           -> emits "welcome" {server, id}
//   "join" room          -> joins it; acks with the socket's rooms when asked
//   "leave" room         -> leaves it; acks with the socket's rooms when asked
//   "say" {room, ...}    -> io.to(room).emit("said", {from, name?, server, room, ...rest, mid});
//                           to everybody when room is null or absent; acks {mid} when asked.
//                           `name` is the sender's from its CONNECT, never the say's own.
// Over a ChatLimits limit (a room or text too long or not plain text, too many rooms) a join or
// say is not carried out and acks {error: "..."}, in words a student can act on.
//   "whoami"             -> acks {id, server, rooms}
//   "ask" ...args        -> emits "question" ...args to the asker with an ack, and acks the
//                           "ask" with whatever the client answered (acks in both directions)
// A serverSideEmit from another server is answered, when it wants an ack, with {server}.
#pragma once

#include <cstdint>
#include <string>

#include "scaleout/sim/app.hpp"
#include "scaleout/sim/classroom_limits.hpp"

namespace scaleout::sim {

class DemoApp : public App {
 public:
  explicit DemoApp(std::string server_name, ChatLimits limits = {})
      : server_name_(std::move(server_name)), limits_(limits) {}

  EventTag tag_event(const std::string& event, protocol::Json& args) override;
  std::string refuse_connection(const protocol::Json& auth) override;
  void on_connection(Socket& socket) override;
  void on_event(Socket& socket, const std::string& event, protocol::Json args,
                AckFunction ack) override;
  void on_server_side_emit(Namespace& nsp, const protocol::Json& args, AckFunction ack) override;

 private:
  void say(Socket& socket, protocol::Json args, const AckFunction& ack);
  // Why `room` may not be joined (or said to, with `joining` false); empty when it may.
  std::string check_room(Socket& socket, const std::string& room, bool joining) const;
  std::string next_message_id();

  std::string server_name_;
  ChatLimits limits_;
  uint64_t next_mid_ = 1;
};

}  // namespace scaleout::sim
