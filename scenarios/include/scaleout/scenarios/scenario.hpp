// Scenario: a lesson as plain data, as parse_scenario() reads it from YAML (scenarios/README.md):
// the world to build, the steps on an explicit timeline (each a caption in English and Korean, the
// world commands it runs, and what must then be true), and the checks of the whole run. Nothing
// here runs anything: the player (player.hpp) does.
//
// Every step's action is a sim::WorldCommand — the same vocabulary as the GUI's buttons and
// `scaleout cluster --do` — written in its one-line syntax ("kill s2", "say c1 lobby hi mid m1").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "scaleout/balancer/load_balancer.hpp"
#include "scaleout/server/server_options.hpp"
#include "scaleout/world/client_fleet.hpp"
#include "scaleout/world/redis_topology.hpp"
#include "scaleout/world/world_command.hpp"

namespace scaleout::scenarios {

using Milliseconds = std::chrono::milliseconds;

// Where something was written: "lessons/03-redis.yaml:12:7" (1-based line and column).
struct SourceMark {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;
};

enum class Language { kEnglish, kKorean };

// A text in English and Korean; Korean falls back to English when missing.
struct Text {
  std::string en;
  std::string ko;
  const std::string& in(Language language) const;
};

// "== 3", ">= 1", "< 50": what a measured number is compared with.
struct Comparison {
  enum class Op { kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };
  Op op = Op::kEqual;
  double value = 0;

  bool holds(double measured) const;
  // More events can only make it true (> and >=): it may be decided as soon as it holds.
  bool settles_when_true() const { return op == Op::kGreater || op == Op::kGreaterOrEqual; }
  std::string to_string() const;  // "== 3"
};

// "p(99) < 50ms": a delivery latency quantile and its bound.
struct LatencyBound {
  double percentile = 99;  // 0 < p <= 100
  Comparison bound_ms;     // the quantile, in milliseconds, compared with this
  std::string to_string() const;
};

// What an expectation claims. Counts of trace events (delivered, dropped, published,
// redis_errors, latency) are measured over a window; states (servers, clients, client,
// subscribers, redis, recalled) must become true within a deadline. See scenarios/README.md.
namespace expect {

struct Delivered {
  std::string mid;  // "*": every message in the window
  std::optional<Comparison> count;
  std::vector<std::string> to;      // each of these clients got it
  std::vector<std::string> not_to;  // none of these did
};
struct Dropped {
  std::string mid;  // "*": every message in the window
  std::optional<Comparison> count;
  std::vector<std::string> to;  // each of these clients lost it
  std::string reason;           // only drops for this reason ("no adapter", "redis down", ...)
};
struct Published {
  std::string mid;  // "*": every message in the window
  std::optional<Comparison> count;
  std::string channel;  // only publishes on this channel
};
struct Latency {
  LatencyBound bound;
  bool cross_server = false;  // only deliveries by another server than the one the message reached
};
struct RedisErrors {  // redis_down, adapter_error and unsent publishes in the window
  Comparison count;
};
struct Servers {  // running servers
  Comparison count;
};
struct Clients {  // connected clients of the world, optionally only those that...
  Comparison count;
  std::string on;    // ...are on this server
  std::string room;  // ...are in this room
  std::optional<sim::ClientTransport> transport;
  std::optional<bool> reconnected;  // ...have (or have not) reconnected at least once
};
struct Client {  // one client's state
  std::string name;
  std::optional<bool> connected;
  std::string on;
  std::optional<std::vector<std::string>> rooms;
  std::string error;  // its last error contains this
  std::optional<Comparison> heard;
};
struct Subscribers {  // servers subscribed to a channel or pattern
  std::string channel;
  Comparison count;
};
struct Redis {
  enum class State { kUp, kDown, kPaused };
  State state = State::kUp;
};
struct Recalled {  // the client's last recall of key from store answered value (nullopt: nothing)
  std::string client;
  sim::StateStore store = sim::StateStore::kRedis;
  std::string key;
  std::optional<std::string> value;
};
// A latency quantile during one step against the same during another (top-level `expect` only):
// "p(99) during keys is at least 10 times p(99) during scan", each over its step's whole span.
struct LatencyRatio {
  double percentile = 99;
  std::string of;  // the step whose quantile is divided...
  std::string to;  // ...by this step's
  Comparison ratio;
  bool cross_server = false;
};
// Messages Redis pushed to a server during the window, wanted or not (a broadcast to a room with
// no member there still arrives: redis-adapter #510). A count of the servers' own counters.
struct RedisReceived {
  Comparison messages;
  std::string on;  // this server; empty: each server with the Redis adapter
};
struct RedisKeys {  // keys in Redis (INFO keyspace, taken once a second)
  Comparison count;
};
struct Totals {  // the whole run, Maelstrom-style
  std::optional<Comparison> delivered;
  std::optional<Comparison> lost;
  std::optional<Comparison> duplicated;
  std::optional<LatencyBound> latency;
};

// A store benchmark run (store-bench) of this store with this many threads, finished during the
// step: its operations per second, its answered operations, the share of its threads' time spent
// waiting (in-process stores), each when given.
struct StoreRun {
  std::string store;  // sim::to_string(StoreKind)
  int threads = 1;
  std::optional<Comparison> ops_per_second;
  std::optional<Comparison> operations;
  std::optional<Comparison> waiting_percent;
  std::optional<Comparison> contended_percent;  // operations that found the lock taken (locked)
};
// The share of the sockets connected when the window began that are gone at its end (a client
// that reconnected has a new socket: it was disconnected), in percent. A count over the window.
struct Disconnected {
  Comparison percent;
};
// A gauge of the world's status (WorldStatus::gauges: "s1.utilization", "s1.queue_ms") compared
// with a value. A state: it must come true within the window.
struct GaugeValue {
  std::string name;
  Comparison value;
};

using What = std::variant<Delivered, Dropped, Published, Latency, RedisErrors, Servers, Clients,
                          Client, Subscribers, Redis, Recalled, Totals, LatencyRatio, RedisKeys,
                          RedisReceived, StoreRun, Disconnected, GaugeValue>;

}  // namespace expect

struct Expectation {
  std::string id;  // optional, for reports and tests
  SourceMark mark;
  expect::What what;
  Milliseconds window{0};   // `over` for counts, `within` for states
  bool throughout = false;  // a state that must hold at every look for its whole window

  // Counts are decided at the end of their window; states as soon as they hold.
  bool is_count() const;
  // What is expected, in a few words: "m1 delivered == 4 to c2, c3".
  std::string describe() const;

 private:
  std::string describe_what() const;
};

// A question the class answers before a step plays (predict, then watch): the player stops
// before the step, shows the question (and, in classroom mode, sends it to every student's page),
// waits for Continue, plays the step, and then shows the right answer and the explanation next to
// what the class predicted.
struct Question {
  static constexpr int kMinChoices = 2;
  static constexpr int kMaxChoices = 5;
  static constexpr size_t kMaxTextChars = 200;     // the question; plain text
  static constexpr size_t kMaxChoiceChars = 60;    // each choice; plain text
  static constexpr size_t kMaxExplainChars = 600;  // the explanation; plain text

  SourceMark mark;
  Text text;
  std::vector<Text> choices;
  std::optional<int> answer;  // the right choice (0-based); none: a question of opinion
  Text explanation;
};

struct Step {
  std::string id;
  SourceMark mark;
  std::optional<Milliseconds> at;     // from the start of the scenario
  std::optional<Milliseconds> after;  // after the previous step is done (default: the pace)
  Milliseconds wait{0};               // the step lasts at least this long
  std::vector<sim::WorldCommand> commands;
  std::vector<SourceMark> command_marks;
  Text caption;
  std::vector<Expectation> expectations;
  std::optional<Question> question;  // asked before the step plays
};

struct WorldSpec {
  SourceMark mark;
  int servers = 1;
  sim::AdapterKind adapter = sim::AdapterKind::kRedis;
  std::vector<sim::AdapterKind> server_adapters;  // per server, when given as a list
  std::string redis;  // "" (embedded when a server uses Redis), "embedded", or a redis:// URL
  sim::RedisTopology redis_topology;  // when embedded: one Redis, a Redis Cluster or Sentinel
  std::optional<sim::BalancePolicy> balancer = sim::BalancePolicy::kStickySid;  // nullopt: none
  int bots = 0;
  int bot_rooms = 3;
  double bot_rate = 2;
  std::vector<sim::command::ConnectClients> clients;
  Milliseconds settle{1500};  // how long a message may take before a missing delivery is a drop
  bool memcached = false;     // start a memcached with the world (store-bench memcached needs it)
  // The capacity model (sim/instance_capacity.hpp): every server's size in vCPUs (0: no model),
  // also add-server's default; and the first servers' own, when given in the list.
  int size = 0;
  std::vector<int> server_sizes;

  bool has_redis() const;
};

// A side-by-side table of two (or more) parts of the run, and their plots overlaid: "KEYS *"
// against "SCAN", one instance of size 4 against four of size 1. Each column is a span of steps
// (from the first's start to the last's end); each row a figure measured over each span — a
// built-in one of the trace or the world's status, or a gauge some part of the world publishes
// (sim::Gauge: the capacity model's utilisation, a store benchmark's ops/s).
struct CompareColumn {
  Text name;
  std::string key;  // replaces "{key}" in gauge rows' names: "store.{key}.t4.ops"
  std::string first_step;
  std::string last_step;
  SourceMark mark;
};
struct CompareRow {
  // Built-in: deliveries, deliveries_per_s, p50, p99, max, lost, published, redis_errors,
  // duration, servers, clients, redis_ops, redis_received. Empty: a gauge row.
  std::string metric;
  // A gauge's name; '*' matches any run of characters (matches are summed), "{key}" is the
  // column's key.
  std::string gauge;
  enum class Take { kMax, kMean, kMin, kLast } take = Take::kMax;  // over the span's samples
  Take across = Take::kLast;  // the gauges that match, at one sample: kLast sums them
  Text label;                 // a gauge row's label (built-ins have their own)
  SourceMark mark;
};
struct CompareSpec {
  Text title;
  bool cross_server = false;  // latency rows count only deliveries that crossed servers
  std::vector<CompareColumn> columns;
  std::vector<CompareRow> rows;
};

// The built-in compare rows' names, for help texts and errors.
const std::vector<std::string>& compare_metrics();

struct Scenario {
  std::string file;
  Text title;
  Text summary;
  Milliseconds pace{2000};
  WorldSpec world;
  std::vector<Step> steps;
  std::vector<Expectation> final_checks;  // the top-level `expect`, checked after the last step
  std::optional<CompareSpec> compare;

  // The step with this id, or -1.
  int find_step(const std::string& id) const;
};

}  // namespace scaleout::scenarios
