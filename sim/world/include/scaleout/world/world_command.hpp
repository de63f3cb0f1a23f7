// WorldCommand: the one vocabulary for acting on the world. A GUI button, a scenario step and a
// CLI flag all make one of these and hand it to World::submit(), which runs it on the world's
// controller thread; nobody who submits one waits for a server. Each command is plain data that
// prints as one line (describe) and parses back from it (parse_world_command): that line is what
// `scaleout cluster --do`, the GUI's command bar and the trace's `command` events show.
//
//   add-server [memory|redis] [size N]   stop s2          kill s2          restart s2
//   remove s2                            adapter s2 memory|redis
//   kill-redis [NODE]   restart-redis [NODE]   failover NODE   (NODE: n1.. of a cluster, r1/r2
//   with Sentinel)   pause-redis [DURATION]   resume-redis
//   policy round-robin|least-connections|sticky-sid|sticky-cookie
//   bot-rate SAYS_PER_SECOND
//   connect N [room ROOM] [via s2] [name PREFIX] [transport websocket|polling]
//   disconnect CLIENT    reconnect CLIENT [via s2]
//   join CLIENT ROOM     leave CLIENT ROOM     say CLIENT ROOM|* TEXT... [mid ID]
//   remember CLIENT redis|memory KEY VALUE...   recall CLIENT redis|memory KEY
//   emit ROOM|SOCKET|* EVENT [TEXT...]     redis WORD...
//   fill-keys COUNT [size BYTES] [prefix PREFIX]     scan-keys [count HINT] [match PATTERN]
//   link TARGET[:DIRECTION]=FAULT[,FAULT...]   (network faults, docs/network-links.md)
//   wait DURATION                        (the commands after it wait that long: `--do` lists)
//   store-bench redis|memcached|global-lock|bucket-locks|event-loop [threads N[,N...]] [for
//   DURATION]
//   autoscale on [target N] [min N] [max N] [window DURATION] [period DURATION]   autoscale off
//   drain s2                             (docs/autoscaling.md)
//   question open {"id": ..., "text": ..., "choices": [...], "answer": N, "explain": ...}
//   question close | reveal | clear      (the class's question: docs/class-questions.md)
//
// CLIENT is a client the world connected (by its name, "c1") or any socket id the trace shows.
// A say's `mid` is the message id the trace follows it by (the server makes one up without it).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scaleout/autoscale/autoscale_policy.hpp"
#include "scaleout/balancer/load_balancer.hpp"
#include "scaleout/base/link_faults.hpp"
#include "scaleout/protocol/result.hpp"
#include "scaleout/server/class_question.hpp"
#include "scaleout/server/server_options.hpp"
#include "scaleout/stores/store_runs.hpp"
#include "scaleout/world/client_fleet.hpp"

namespace scaleout::sim {

namespace command {

struct AddServer {
  std::optional<AdapterKind> adapter;  // the world's default when empty
  std::optional<int> size;  // vCPUs of the capacity model (instance_capacity.hpp); 0: no model
};
struct StopServer {
  std::string server;
};
struct KillServer {
  std::string server;
};
struct RestartServer {  // starts a stopped or killed server again, on the same port
  std::string server;
};
struct RemoveServer {
  std::string server;
};
struct SwitchAdapter {  // restarts the server with the other adapter: its clients reconnect
  std::string server;
  AdapterKind adapter = AdapterKind::kRedis;
};
// NODE: a node of the embedded Redis Cluster (n1..) or Sentinel's data nodes (r1, r2); empty for
// the one embedded redis-server.
struct KillRedis {
  std::string node;
};
struct RestartRedis {
  std::string node;
};
// A replica takes over from its primary without losing writes: CLUSTER FAILOVER on the node (a
// replica) or on a live replica of it (a primary); with Sentinel, SENTINEL FAILOVER.
struct FailoverRedis {
  std::string node;
};
struct PauseRedis {                       // SIGSTOP: connections stay open, nothing answers
  std::chrono::milliseconds duration{0};  // 0: until ResumeRedis
};
struct ResumeRedis {};
struct SetPolicy {
  BalancePolicy policy = BalancePolicy::kStickySid;
};
struct SetBotRate {
  double says_per_second = 0;
};
struct ConnectClients {
  int count = 1;
  std::string room;        // joined once connected, when not empty
  std::string via;         // a server's name; empty: through the load balancer
  std::string name = "c";  // clients are named <name>1, <name>2, ... (numbers never reused)
  ClientTransport transport = ClientTransport::kWebSocket;
};
struct DisconnectClient {
  std::string client;
};
// Ends a client's connection and connects it again (a network blip, a deploy), through the
// load balancer or to the server named; it joins its rooms again.
struct ReconnectClient {
  std::string client;
  std::string via;  // empty: through the load balancer
};
struct Join {
  std::string client;
  std::string room;
};
struct Leave {
  std::string client;
  std::string room;
};
struct Say {
  std::string client;
  std::string room;  // empty: everybody in the namespace
  std::string text;
  std::string mid;  // empty: the server assigns one
};
// The demo app's shared state: a value kept for the client's user in a Redis hash (HSET, seen by
// every server) or in the memory of the server it is connected to.
struct Remember {
  std::string client;
  StateStore store = StateStore::kRedis;
  std::string key;
  std::string value;
};
// Asks the client's server for the value again (HGET, or its memory); the answer shows in the
// client's status (FleetClientStatus::recalls).
struct Recall {
  std::string client;
  StateStore store = StateStore::kRedis;
  std::string key;
};
// What a server itself emits (Socket.IO Admin UI's "emit"): to a room, to one socket (its
// id-room), or to everybody; through the adapter, so it reaches every server.
struct Emit {
  std::string to;  // a room or a socket id; empty: everybody
  std::string event = "said";
  std::string text;
  std::string server;  // the server that emits; empty: the first one running
};
struct RedisCommand {
  std::vector<std::string> words;
};
// Fills Redis with COUNT string keys (PREFIX1 .. PREFIXCOUNT, each SIZE bytes), a server-side Lua
// loop per batch so that a million keys take seconds; the world's status shows the progress.
struct FillKeys {
  int64_t count = 0;
  int size = 16;
  std::string prefix = "key:";
};
// Walks the whole keyspace with SCAN's cursor (COUNT is a hint per call) as a careful operator
// would instead of KEYS: many short calls. The outcome says how many calls, keys and duplicates.
struct ScanKeys {
  int count = 10;  // SCAN's own default
  std::string match;
};
// Sets or clears faults on network links (parse_link_setting's syntax).
struct SetLink {
  LinkSetting setting;
};
// Holds the commands queued after it for a while (the world goes on meanwhile).
struct Wait {
  std::chrono::milliseconds duration{0};
};
// The same get/set load from 1, 2, 4, 8... client threads against one store (store_bench.hpp), on
// a thread of its own: the command returns at once, the status shows the runs as they finish.
// memcached is started for it if the world has none running yet.
struct RunStoreBench {
  StoreKind store = StoreKind::kGlobalLock;
  std::vector<int> threads{1, 2, 4, 8};
  std::chrono::milliseconds duration{1000};  // of each run
};
// Turns the world's autoscaler on with these settings (those not given keep their defaults:
// autoscale_policy.hpp), or off (servers draining finish their drain).
struct Autoscale {
  bool on = true;
  AutoscaleSettings settings;
};
// Scale-in by hand: the balancer sends the server no new session, its clients are disconnected
// a few at a time (they reconnect through the balancer elsewhere), then the server is removed.
struct DrainServer {
  std::string server;
};

// The class's question (class_question.hpp, docs/class-questions.md), on every running server
// (and on one added or restarted while it is on): asked (students vote), closed (no more votes;
// the tally stays), revealed (the answer and the explanation on every page), or cleared. A lesson
// step's question makes these; typed by hand, `question open` takes the question as JSON.
struct AskClass {
  enum class Action { kOpen, kClose, kReveal, kClear };
  Action action = Action::kOpen;
  ClassQuestion question;  // kOpen only
};

}  // namespace command

using WorldCommand =
    std::variant<command::AddServer, command::StopServer, command::KillServer,
                 command::RestartServer, command::RemoveServer, command::SwitchAdapter,
                 command::KillRedis, command::RestartRedis, command::FailoverRedis,
                 command::PauseRedis, command::ResumeRedis, command::SetPolicy, command::SetBotRate,
                 command::ConnectClients, command::DisconnectClient, command::ReconnectClient,
                 command::Join, command::Leave, command::Say, command::Remember, command::Recall,
                 command::Emit, command::RedisCommand, command::FillKeys, command::ScanKeys,
                 command::SetLink, command::Wait, command::RunStoreBench, command::Autoscale,
                 command::DrainServer, command::AskClass>;

// The command as one line of the syntax above.
std::string describe(const WorldCommand& command);

// Parses one line of the syntax above; the error says what was expected.
protocol::Result<WorldCommand> parse_world_command(std::string_view line);

// "3s", "250ms", "1.5s", "2m"; nullopt when it is not a duration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The command syntax, one line per command, for --help texts.
const char* world_command_syntax();

}  // namespace scaleout::sim
