// App: what a server instance runs on its sockets. Every instance in the sandbox runs the same
// demo app (demo_app.hpp); tests may run their own.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "scaleout/protocol/json.hpp"
#include "scaleout/server/class_question.hpp"

namespace scaleout::adapter {
class RedisLink;
}

namespace scaleout::sim {

class Namespace;
class Socket;

// Sends an ack back; takes the ack's arguments as a JSON array. Empty when none was asked for.
using AckFunction = std::function<void(protocol::Json args)>;

// What the trace should know about an event before the app handles it: the message id that
// follows it through the cluster, and the room it is for.
struct EventTag {
  std::string mid;
  std::string room;
};

class App {
 public:
  virtual ~App() = default;
  // The server (re)starts, on its thread-to-be: whatever the app kept in memory belonged to the
  // last run and is gone, as with a real process. `redis` is the server's link to Redis (null
  // without one), valid until the server stops, for use on the server's thread.
  virtual void on_server_start(adapter::RedisLink* redis) {}
  // Called before on_event; may give the event a message id (and write it into `args`).
  virtual EventTag tag_event(const std::string& event, protocol::Json& args) { return {}; }
  // Called with a client's CONNECT auth before its socket exists; a non-empty answer refuses it
  // with that message (CONNECT_ERROR {message}, as a Node middleware's next(new Error(...))).
  virtual std::string refuse_connection(const protocol::Json& auth) { return {}; }
  virtual void on_connection(Socket& socket) = 0;
  // `args` is the array of the event's arguments (without the name).
  virtual void on_event(Socket& socket, const std::string& event, protocol::Json args,
                        AckFunction ack) = 0;
  virtual void on_disconnect(Socket& socket, std::string_view reason) {}
  // A serverSideEmit from another server; `ack` is empty when the sender wants no reply.
  virtual void on_server_side_emit(Namespace& nsp, const protocol::Json& args, AckFunction ack) {}
  // The teacher's question for the class (the world's `question` command, class_question.hpp),
  // for the namespace's sockets: asked or in another phase, or taken away (`question` null).
  // Apps that ask nothing ignore it.
  virtual void on_class_question(Namespace& nsp, const ClassQuestion* question,
                                 QuestionPhase phase) {}
  // What the app holds for the question on show, for the server's snapshot.
  virtual std::optional<QuestionSnapshot> question_snapshot() const { return std::nullopt; }
};

}  // namespace scaleout::sim
