// ClientFleet: the clients that the world connects on command ("connect 5 room lobby"), each a
// real Socket.IO client over WebSocket (or long-polling, "transport polling") with a name ("c1",
// "c2", ...) that commands, the GUI and scenarios use to make it join, leave, say, remember,
// recall or disconnect. The name travels in the CONNECT packet's auth ({name}), so the trace and
// every view label the client by it, and the demo app keeps its shared state under it.
//
// A client whose connection ends without being asked to (its server was killed, a link was cut)
// connects again after a second or so, as socket.io-client does, and joins its rooms again, as a
// well-written app does in its `connect` handler. Clients made "via" one server go back to that
// server; the others go through the load balancer.
//
// Threads: the clients run on the fleet's own thread. Every method may be called from any other
// thread and returns at once: it posts the work and never waits for a client or a server.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace scaleout::sim {

enum class ClientTransport { kWebSocket, kPolling };
const char* to_string(ClientTransport transport);  // "websocket", "polling"
std::optional<ClientTransport> parse_client_transport(std::string_view text);

// Where the demo app keeps a client's shared state: a Redis hash, or its server's memory.
enum class StateStore { kRedis, kMemory };
const char* to_string(StateStore store);  // "redis", "memory"
std::optional<StateStore> parse_state_store(std::string_view text);

// The answer to a client's last `recall` of one key from one store.
struct RecallAnswer {
  std::optional<std::string> value;  // nullopt: the store had nothing under that key
  std::string server;                // the server that answered
  std::string error;                 // why there is no answer (e.g. the server has no Redis)
  int64_t t_ns = 0;                  // when it came (monotonic clock, as the trace's times)
};

struct FleetClientStatus {
  std::string name;
  std::string socket;  // the socket id of its current connection; "" while not connected
  std::string server;  // from the server's welcome
  std::string via;     // the server it was made for; "" for the load balancer
  ClientTransport transport = ClientTransport::kWebSocket;
  std::vector<std::string> rooms;
  bool connected = false;
  std::string last_error;  // why its last connection ended or failed
  uint64_t heard = 0;      // "said" messages received
  uint64_t reconnects = 0;
  uint64_t failed_connects = 0;                 // attempts that never got connected
  std::map<std::string, RecallAnswer> recalls;  // "<store>:<key>" -> the last answer
};

class ClientFleet {
 public:
  ClientFleet();
  ~ClientFleet();
  ClientFleet(const ClientFleet&) = delete;
  ClientFleet& operator=(const ClientFleet&) = delete;

  void start();
  // Closes every client (a normal disconnect) and stops the thread.
  void stop();

  // Makes `count` clients named <prefix><n> (numbers count up per prefix and are never reused)
  // that connect to 127.0.0.1:`port`, join `room` when not empty, and reconnect when cut off.
  // `via` names the server behind that port ("" for the balancer). Returns their names.
  std::vector<std::string> connect(int count, const std::string& prefix, const std::string& room,
                                   uint16_t port, const std::string& via,
                                   ClientTransport transport = ClientTransport::kWebSocket);
  // The port a client made via `server` uses from now on (a server restarted elsewhere, or the
  // balancer's port for the others when `server` is "").
  void set_port(const std::string& server, uint16_t port);

  bool has(const std::string& name) const;
  // The name of the fleet client whose current socket id is `socket`, or "".
  std::string name_of_socket(const std::string& socket) const;

  // Each is queued for the client's thread; false when no client has that name.
  bool join(const std::string& name, const std::string& room);
  bool leave(const std::string& name, const std::string& room);
  // `mid` empty: the server gives the message its id.
  bool say(const std::string& name, const std::string& room, const std::string& text,
           const std::string& mid = {});
  bool remember(const std::string& name, StateStore store, const std::string& key,
                const std::string& value);
  // The answer lands in the client's status (recalls).
  bool recall(const std::string& name, StateStore store, const std::string& key);
  // Ends the client's connection and opens a new one at once, to 127.0.0.1:`port`, which is
  // `via` (a server's name, or "" for the balancer) from now on.
  bool reconnect(const std::string& name, const std::string& via, uint16_t port);
  // Disconnects for good (no reconnection) and forgets the client.
  bool disconnect(const std::string& name);

  std::vector<FleetClientStatus> status() const;
  size_t size() const;

 private:
  struct Member;

  void open(const std::shared_ptr<Member>& member);
  void send_join(const std::shared_ptr<Member>& member, const std::string& room);
  void schedule_reconnect(const std::shared_ptr<Member>& member);
  void publish(const Member& member);
  std::shared_ptr<Member> find(const std::string& name) const;

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;

  // Guards the name index, the ports and the published status; never held while a client runs.
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Member>> members_;
  std::map<std::string, FleetClientStatus> published_;
  std::map<std::string, uint16_t> ports_;  // via -> port
  std::map<std::string, uint64_t> next_number_;
  std::atomic<bool> stopping_{false};
};

}  // namespace scaleout::sim
