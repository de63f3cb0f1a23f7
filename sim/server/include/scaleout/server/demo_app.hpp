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
//   "members" room       -> fetchSockets of the room across every server; acks
//                           {server, sockets: [id, ...], error?}
//   "ask" ...args        -> emits "question" ...args to the asker with an ack, and acks the
//                           "ask" with whatever the client answered (acks in both directions)
//   "remember" {store, key, value}
//                        -> keeps value under key for the client's user: store "redis" in the
//                           hash demo:user:<user> (HSET: every server on that Redis sees it),
//                           store "memory" in this server's memory (gone when the client lands
//                           on another server, or this one restarts); acks {server, store, key}
//   "recall" {store, key} -> acks {server, store, key, value} (HGET, or the memory); value is
//                           null when the store has nothing under that key
// The user is the event's `user`, else the name the client gave in its CONNECT auth ({name}),
// else its socket id. Errors are acked as {error}.
// A serverSideEmit from another server is answered, when it wants an ack, with {server}.
// The class's question (demo_app_questions.cpp, docs/class-questions.md):
//   "class_question" q   -> to each socket when the world asks, closes, reveals or clears a
//                           question (null), and on connect while one is on
//   "answer" {question, choice}
//                        -> the vote of the socket's voter (its CONNECT auth's `voter`, else
//                           its id), kept here, passed on to the other servers (serverSideEmit
//                           "class_vote") and broadcast to the room "teacher" ("voted"); acks
//                           {question, choice} or {error}
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "scaleout/server/app.hpp"
#include "scaleout/server/class_question.hpp"
#include "scaleout/web/classroom_limits.hpp"

namespace scaleout::sim {

class DemoApp : public App {
 public:
  explicit DemoApp(std::string server_name, ChatLimits limits = {})
      : server_name_(std::move(server_name)), limits_(limits) {}

  void on_server_start(adapter::RedisLink* redis) override;
  EventTag tag_event(const std::string& event, protocol::Json& args) override;
  std::string refuse_connection(const protocol::Json& auth) override;
  void on_connection(Socket& socket) override;
  void on_event(Socket& socket, const std::string& event, protocol::Json args,
                AckFunction ack) override;
  void on_server_side_emit(Namespace& nsp, const protocol::Json& args, AckFunction ack) override;
  void on_class_question(Namespace& nsp, const ClassQuestion* question,
                         QuestionPhase phase) override;
  std::optional<QuestionSnapshot> question_snapshot() const override;

 private:
  void say(Socket& socket, protocol::Json args, const AckFunction& ack);
  // Why `room` may not be joined (or said to, with `joining` false); empty when it may.
  std::string check_room(Socket& socket, const std::string& room, bool joining) const;
  void members(Socket& socket, const protocol::Json& args, const AckFunction& ack);
  void remember(Socket& socket, const protocol::Json& args, const AckFunction& ack);
  void recall(Socket& socket, const protocol::Json& args, const AckFunction& ack);
  std::string next_message_id();
  // The class's question (demo_app_questions.cpp).
  static std::string voter_of(const Socket& socket);
  protocol::Json question_for(const Socket& socket) const;
  void answer(Socket& socket, const protocol::Json& args, const AckFunction& ack);
  // Keeps a vote another server passed on; false when `args` is not one.
  bool hear_vote(const protocol::Json& args);

  std::string server_name_;
  ChatLimits limits_;
  uint64_t next_mid_ = 1;
  adapter::RedisLink* redis_ = nullptr;
  std::map<std::string, std::map<std::string, std::string>> memory_;  // user -> key -> value
  ClassVotes votes_;  // the class's question on show and the votes heard for it
};

}  // namespace scaleout::sim
