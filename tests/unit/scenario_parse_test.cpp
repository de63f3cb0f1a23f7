// The scenario format: every action (a step's `do`, in the world command syntax) and every kind
// of expectation parses into what it says; every kind of bad file is refused with file:line:column,
// what was expected there and what was found; and every lesson of the library parses, in both
// languages, with a key expectation.
#include <gtest/gtest.h>

#include <filesystem>

#include "scaleout/scenarios/parse.hpp"

namespace scaleout::scenarios {
namespace {

// A scenario around the given steps (and world lines), for the tests below.
std::string scenario(const std::string& steps, const std::string& world = "",
                     const std::string& tail = "") {
  return "title: test\n"
         "world:\n"
         "  servers: 2\n"
         "  bots: {count: 2}\n" +
         world + "steps:\n" + steps + tail;
}

ParseResult parse(const std::string& yaml) {
  return parse_scenario(yaml, "test.yaml");
}

TEST(ScenarioParse, AMinimalScenarioHasItsDefaults) {
  auto parsed = parse(
      "title: {en: Hello, ko: 안녕}\n"
      "world: {servers: 1}\n"
      "steps:\n"
      "  - id: one\n"
      "    caption: nothing happens\n"
      "    wait: 1s\n");
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->title.en, "Hello");
  EXPECT_EQ(parsed->title.in(Language::kKorean), "안녕");
  EXPECT_EQ(parsed->pace, std::chrono::seconds(2));
  EXPECT_EQ(parsed->world.adapter, sim::AdapterKind::kRedis);
  EXPECT_EQ(parsed->world.balancer, sim::BalancePolicy::kStickySid);
  ASSERT_EQ(parsed->steps.size(), 1u);
  EXPECT_EQ(parsed->steps[0].caption.in(Language::kKorean), "nothing happens");
  EXPECT_EQ(parsed->steps[0].wait, std::chrono::seconds(1));
  EXPECT_EQ(parsed->steps[0].mark.line, 4);
  EXPECT_EQ(parsed->steps[0].mark.column, 5);
}

// world.redis: a Redis Cluster as a map, Sentinel and cluster:N as words; the Redis node
// commands name its nodes.
TEST(ScenarioParse, AWorldMayRunARedisClusterOrSentinelAndStepsActOnItsNodes) {
  auto cluster = parse(
      "title: t\n"
      "world: {servers: 2, adapter: sharded, redis: {cluster: 3, replicas: 1}}\n"
      "steps:\n"
      "  - {id: one, caption: one, do: [kill-redis n4, restart-redis n4, failover n1]}\n");
  ASSERT_TRUE(cluster) << cluster.error().message();
  EXPECT_EQ(cluster->world.adapter, sim::AdapterKind::kSharded);
  EXPECT_EQ(cluster->world.redis_topology.kind, sim::RedisTopology::Kind::kCluster);
  EXPECT_EQ(cluster->world.redis_topology.primaries, 3);
  EXPECT_EQ(cluster->world.redis_topology.replicas, 1);
  ASSERT_EQ(cluster->steps[0].commands.size(), 3u);
  auto sentinel = parse(
      "title: t\nworld: {servers: 1, redis: sentinel}\nsteps:\n"
      "  - {id: one, caption: one, do: kill-redis r1}\n");
  ASSERT_TRUE(sentinel) << sentinel.error().message();
  EXPECT_EQ(sentinel->world.redis_topology.kind, sim::RedisTopology::Kind::kSentinel);
  auto words = parse(
      "title: t\nworld: {servers: 1, redis: \"cluster:5\"}\nsteps:\n"
      "  - {id: one, caption: one, do: kill-redis n5}\n");
  ASSERT_TRUE(words) << words.error().message();
  EXPECT_EQ(words->world.redis_topology.primaries, 5);

  struct Refused {
    const char* world;
    const char* step;
    const char* expected;
  };
  for (const Refused& bad : {
           Refused{"{servers: 1, redis: {cluster: 3}}", "kill-redis n4", "one of the Redis nodes"},
           Refused{"{servers: 1, redis: {cluster: 3}}", "kill-redis", "one of the Redis nodes"},
           Refused{"{servers: 1}", "kill-redis n1", "no node"},
           Refused{"{servers: 1}", "failover n1", "with a Redis Cluster or Sentinel"},
           Refused{"{servers: 1, redis: {cluster: 0}}", "kill-redis n1", "from 1 to 9"},
           Refused{"{servers: 1, redis: {cluster: 3, shards: 2}}", "kill-redis n1", "'shards'"},
           Refused{"{servers: 1, redis: shards}", "kill-redis n1", "sentinel, cluster:N"},
       }) {
    auto refused = parse(std::string("title: t\nworld: ") + bad.world +
                         "\nsteps:\n  - {id: one, caption: one, do: " + bad.step + "}\n");
    ASSERT_FALSE(refused) << bad.world << " " << bad.step;
    EXPECT_NE(refused.error().message().find(bad.expected), std::string::npos)
        << refused.error().message();
  }
}

// Each action of the vocabulary, written as a step's `do`, becomes that WorldCommand.
TEST(ScenarioParse, EveryActionIsAWorldCommand) {
  const std::vector<std::string> lines = {
      "connect 2 room lobby",
      "connect 1 via s1 name p transport polling",
      "add-server memory",
      "stop s2",
      "kill s3",
      "restart s2",
      "remove s3",
      "adapter s1 memory",
      "kill-redis",
      "restart-redis",
      "pause-redis 2s",
      "resume-redis",
      "policy round-robin",
      "bot-rate 5",
      "join c1 kitchen",
      "leave c1 kitchen",
      "say c1 lobby hi there mid m1",
      "remember c2 redis cart 2 apples",
      "recall c2 memory cart",
      "reconnect c2 via s1",
      "disconnect c2",
      "emit lobby news hello",
      "redis KEYS *",
      "fill-keys 1000",
      "scan-keys count 100",
      "link s2-redis=partition",
      "wait 2s",
      "store-bench memcached threads 1,2 for 500ms",
      "autoscale on max 4",
      "drain s2",
      "question close",
  };
  std::string steps;
  for (size_t i = 0; i < lines.size(); ++i) {
    steps +=
        "  - id: s" + std::to_string(i) + "\n    caption: step\n    do: \"" + lines[i] + "\"\n";
  }
  auto parsed = parse(scenario(steps));
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_EQ(parsed->steps.size(), lines.size());
  std::set<size_t> kinds;
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(parsed->steps[i].commands.size(), 1u);
    EXPECT_EQ(sim::describe(parsed->steps[i].commands[0]), lines[i]);
    kinds.insert(parsed->steps[i].commands[0].index());
  }
  // failover needs a Redis Cluster (or Sentinel) in the world.
  auto cluster = parse(
      "title: t\nworld: {servers: 1, redis: {cluster: 3, replicas: 1}}\nsteps:\n"
      "  - {id: one, caption: one, do: failover n1}\n");
  ASSERT_TRUE(cluster) << cluster.error().message();
  EXPECT_EQ(sim::describe(cluster->steps[0].commands.at(0)), "failover n1");
  kinds.insert(cluster->steps[0].commands[0].index());
  EXPECT_EQ(kinds.size(), std::variant_size_v<sim::WorldCommand>) << "an action is not covered";
}

TEST(ScenarioParse, AStepMayRunSeveralCommandsAndKeepsWhereEachWasWritten) {
  auto parsed =
      parse(scenario("  - id: two\n"
                     "    caption: two at once\n"
                     "    do:\n"
                     "      - connect 1\n"
                     "      - say c1 * hi mid m1\n"));
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_EQ(parsed->steps[0].commands.size(), 2u);
  EXPECT_EQ(parsed->steps[0].command_marks[1].line, 10);
  EXPECT_EQ(parsed->steps[0].command_marks[1].column, 9);
}

template <class Kind>
const Kind& only_expectation(const ParseResult& parsed) {
  EXPECT_TRUE(parsed) << parsed.error().message();
  const auto& expectations = parsed->steps.back().expectations;
  EXPECT_EQ(expectations.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<Kind>(expectations[0].what));
  return std::get<Kind>(expectations[0].what);
}

// One step that says m1 and expects `expectation` (YAML lines at the list item's indentation).
ParseResult with_expectation(const std::string& expectation, const std::string& world = "") {
  return parse(
      scenario("  - id: talk\n"
               "    caption: talk\n"
               "    do:\n"
               "      - connect 3 room lobby\n"
               "      - say c1 lobby hi mid m1\n"
               "      - recall c2 redis cart\n"
               "    expect:\n"
               "      - " +
                   expectation,
               world));
}

TEST(ScenarioParse, EveryKindOfExpectation) {
  {
    auto parsed = with_expectation(
        "delivered: m1\n        count: \">= 2\"\n        to: [c2]\n"
        "        not_to: c3\n        over: 4s\n        id: key\n");
    const auto& e = only_expectation<expect::Delivered>(parsed);
    EXPECT_EQ(e.mid, "m1");
    EXPECT_EQ(e.count->op, Comparison::Op::kGreaterOrEqual);
    EXPECT_EQ(e.to, std::vector<std::string>{"c2"});
    EXPECT_EQ(e.not_to, std::vector<std::string>{"c3"});
    EXPECT_EQ(parsed->steps[0].expectations[0].window, std::chrono::seconds(4));
    EXPECT_EQ(parsed->steps[0].expectations[0].id, "key");
    EXPECT_TRUE(parsed->steps[0].expectations[0].is_count());
  }
  {
    auto parsed = with_expectation("dropped: m1\n        count: 2\n        reason: no adapter\n");
    const auto& e = only_expectation<expect::Dropped>(parsed);
    EXPECT_EQ(e.reason, "no adapter");
    EXPECT_EQ(e.count->to_string(), "== 2");
  }
  {
    auto parsed = with_expectation("published: m1\n        channel: \"socket.io#/#lobby#\"\n");
    EXPECT_EQ(only_expectation<expect::Published>(parsed).channel, "socket.io#/#lobby#");
  }
  {
    auto parsed = with_expectation("latency: \"p(99) < 50ms\"\n        over: 5s\n");
    const auto& e = only_expectation<expect::Latency>(parsed);
    EXPECT_EQ(e.bound.percentile, 99);
    EXPECT_EQ(e.bound.bound_ms.value, 50);
    EXPECT_EQ(e.bound.to_string(), "p(99) < 50ms");
    EXPECT_FALSE(e.cross_server);
  }
  {
    auto parsed = with_expectation("latency: \"p(99) > 50ms\"\n        cross_server: true\n");
    EXPECT_TRUE(only_expectation<expect::Latency>(parsed).cross_server);
  }
  {
    auto parsed = with_expectation("redis_received: \">= 10\"\n        on: s2\n        over: 2s\n");
    const auto& e = only_expectation<expect::RedisReceived>(parsed);
    EXPECT_EQ(e.on, "s2");
    EXPECT_EQ(e.messages.to_string(), ">= 10");
    EXPECT_TRUE(parsed->steps[0].expectations[0].is_count());
    EXPECT_EQ(parsed->steps[0].expectations[0].window, std::chrono::seconds(2));
  }
  {
    auto parsed = with_expectation("redis_keys: \">= 1000000\"\n");
    EXPECT_EQ(only_expectation<expect::RedisKeys>(parsed).count.to_string(), ">= 1000000");
    EXPECT_FALSE(parsed->steps[0].expectations[0].is_count());
  }
  {
    auto parsed =
        parse(scenario("  - id: one\n    caption: one\n    wait: 1s\n"
                       "  - id: two\n    caption: two\n    wait: 1s\n",
                       "",
                       "expect:\n  - latency_ratio: \">= 10\"\n    of: one\n"
                       "    to: two\n    percentile: 90\n    cross_server: true\n"));
    ASSERT_TRUE(parsed) << parsed.error().message();
    const auto& ratio = std::get<expect::LatencyRatio>(parsed->final_checks.at(0).what);
    EXPECT_EQ(ratio.of, "one");
    EXPECT_EQ(ratio.to, "two");
    EXPECT_EQ(ratio.percentile, 90);
    EXPECT_TRUE(ratio.cross_server);
    EXPECT_EQ(ratio.ratio.to_string(), ">= 10");
    EXPECT_EQ(parsed->final_checks[0].window, std::chrono::milliseconds(0));
  }
  {
    auto parsed = with_expectation("redis_errors: \">= 1\"\n");
    EXPECT_TRUE(only_expectation<expect::RedisErrors>(parsed).count.settles_when_true());
  }
  {
    auto parsed = with_expectation("servers: 2\n        within: 10s\n");
    EXPECT_EQ(only_expectation<expect::Servers>(parsed).count.value, 2);
    EXPECT_FALSE(parsed->steps[0].expectations[0].is_count());
    EXPECT_EQ(parsed->steps[0].expectations[0].window, std::chrono::seconds(10));
  }
  {
    auto parsed = with_expectation(
        "clients: 3\n        on: s2\n        room: lobby\n        transport: polling\n"
        "        reconnected: false\n");
    const auto& e = only_expectation<expect::Clients>(parsed);
    EXPECT_EQ(e.on, "s2");
    EXPECT_EQ(e.room, "lobby");
    EXPECT_EQ(e.transport, sim::ClientTransport::kPolling);
    EXPECT_EQ(e.reconnected, false);
  }
  {
    auto parsed = with_expectation(
        "client: c1\n        connected: true\n        on: s1\n        rooms: [lobby]\n"
        "        error: Session ID unknown\n        heard: \"> 0\"\n");
    const auto& e = only_expectation<expect::Client>(parsed);
    EXPECT_EQ(e.name, "c1");
    EXPECT_EQ(e.rooms, std::vector<std::string>{"lobby"});
    EXPECT_EQ(e.error, "Session ID unknown");
  }
  {
    auto parsed = with_expectation("subscribers: \"socket.io#/#*\"\n        count: 2\n");
    EXPECT_EQ(only_expectation<expect::Subscribers>(parsed).channel, "socket.io#/#*");
  }
  {
    auto parsed = with_expectation("redis: paused\n");
    EXPECT_EQ(only_expectation<expect::Redis>(parsed).state, expect::Redis::State::kPaused);
  }
  {
    auto parsed = with_expectation(
        "recalled: cart\n        client: c2\n        store: redis\n        value: null\n");
    const auto& e = only_expectation<expect::Recalled>(parsed);
    EXPECT_EQ(e.client, "c2");
    EXPECT_EQ(e.value, std::nullopt);
  }
  {
    auto parsed = parse(scenario("  - id: one\n    caption: one\n    wait: 1s\n", "",
                                 "expect:\n  - totals:\n      lost: 0\n      duplicated: 0\n"
                                 "      latency: \"p(50) <= 10ms\"\n"));
    ASSERT_TRUE(parsed) << parsed.error().message();
    ASSERT_EQ(parsed->final_checks.size(), 1u);
    const auto& totals = std::get<expect::Totals>(parsed->final_checks[0].what);
    EXPECT_EQ(totals.lost->value, 0);
    EXPECT_FALSE(totals.delivered.has_value());
    EXPECT_EQ(totals.latency->percentile, 50);
  }
}

struct BadFile {
  const char* what;
  std::string yaml;
  const char* where;     // "test.yaml:line:column"
  const char* expected;  // a part of what was expected
  const char* found;     // a part of what was found
};

void PrintTo(const BadFile& bad, std::ostream* out) {
  *out << bad.what;
}

class BadScenario : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadScenario, SaysWhereWhatWasExpectedAndWhatWasFound) {
  const BadFile& bad = GetParam();
  auto parsed = parse(bad.yaml);
  ASSERT_FALSE(parsed) << bad.what << " was accepted";
  const std::string message = parsed.error().message();
  EXPECT_EQ(message.rfind(std::string(bad.where) + ": expected ", 0), 0u) << message;
  EXPECT_NE(parsed.error().expected.find(bad.expected), std::string::npos) << message;
  EXPECT_NE(parsed.error().found.find(bad.found), std::string::npos) << message;
}

const std::string kStep = "  - id: one\n    caption: one\n";

INSTANTIATE_TEST_SUITE_P(
    BadFiles, BadScenario,
    ::testing::Values(
        BadFile{"broken YAML", "title: [test\n", "test.yaml:2:1", "well-formed YAML", "end of"},
        BadFile{"an empty file", "", "test.yaml:1:1", "a scenario", "an empty file"},
        BadFile{"an unknown top-level key", "titel: test\n", "test.yaml:1:1", "a key of a scenario",
                "'titel'"},
        BadFile{"an unknown step key", scenario("  - id: one\n    captoin: one\n"), "test.yaml:7:5",
                "a key of a step (id, at, after, wait, do, caption, expect, question)",
                "'captoin'"},
        BadFile{"a missing caption", scenario("  - id: one\n    wait: 1s\n"), "test.yaml:6:5",
                "'caption' in a step", "no 'caption'"},
        BadFile{"a key given twice", "title: a\ntitle: b\n", "test.yaml:2:1", "each key", "again"},
        BadFile{"a wrong type", "title: t\nworld: {servers: many}\nsteps: []\n", "test.yaml:2:18",
                "a whole number from 1 to 16", "'many'"},
        BadFile{"too many servers", "title: t\nworld: {servers: 99}\nsteps: []\n", "test.yaml:2:18",
                "a whole number from 1 to 16", "'99'"},
        BadFile{"a list where a map belongs", "title: t\nworld: [1, 2]\n", "test.yaml:2:8",
                "a map for the world", "a list"},
        BadFile{"a bad duration", scenario(kStep + "    after: soon\n"), "test.yaml:8:12",
                "a duration like 2s or 500ms", "'soon'"},
        BadFile{"at and after together", scenario(kStep + "    at: 1s\n    after: 1s\n"),
                "test.yaml:9:5", "either 'at' or 'after'", "both"},
        BadFile{"a step going back in time",
                scenario("  - id: a\n    caption: a\n    at: 5s\n    wait: 1s\n"
                         "  - id: b\n    caption: b\n    at: 2s\n    wait: 1s\n"),
                "test.yaml:12:9", "no earlier than the previous 'at'", "'2s'"},
        BadFile{"a step id used twice",
                scenario(kStep + "    wait: 1s\n" + kStep + "    wait: 1s\n"), "test.yaml:9:9",
                "a step id used once", "'one' again (first at line 6)"},
        BadFile{"a step that does nothing", scenario(kStep), "test.yaml:6:5",
                "'do', 'wait' or 'expect'", "none of them"},
        BadFile{"an unknown command", scenario(kStep + "    do: launch s1\n"), "test.yaml:8:9",
                "a world command (unknown command 'launch'", "'launch s1'"},
        BadFile{"a command with the wrong arguments", scenario(kStep + "    do: kill s1 s2\n"),
                "test.yaml:8:9", "'kill' expects: kill SERVER", "'kill s1 s2'"},
        BadFile{"a server the world does not have", scenario(kStep + "    do: kill s7\n"),
                "test.yaml:8:9", "a server of this world (s1, s2)", "'s7'"},
        BadFile{"a client nobody connected", scenario(kStep + "    do: say c9 lobby hi\n"),
                "test.yaml:8:9", "a client connected by an earlier step", "'c9'"},
        BadFile{"a message id said twice",
                scenario(kStep + "    do:\n      - connect 1\n      - say c1 * a mid m1\n"
                                 "      - say c1 * b mid m1\n"),
                "test.yaml:11:9", "a message id used by one say only", "'m1' again"},
        BadFile{"an expectation about a message nobody said",
                scenario(kStep + "    expect:\n      - delivered: m9\n        count: 1\n"),
                "test.yaml:9:20", "the mid of a say in this step or before", "'m9'"},
        BadFile{"an expectation of no known kind",
                scenario(kStep + "    expect:\n      - arrived: m1\n"), "test.yaml:9:9",
                "an expectation: a map with one of delivered", "a map"},
        BadFile{"two kinds in one expectation",
                scenario(kStep + "    expect:\n      - servers: 1\n        redis: up\n"),
                "test.yaml:10:9", "one kind of expectation per item", "'servers' and 'redis'"},
        BadFile{"a bad comparison", scenario(kStep + "    expect:\n      - servers: about 2\n"),
                "test.yaml:9:18", "a comparison like \">= 1\"", "'about 2'"},
        BadFile{"an impossible percentile",
                scenario(kStep + "    expect:\n      - latency: \"p(101) < 5ms\"\n"),
                "test.yaml:9:18", "a percentile above 0 and at most 100", "'p(101) < 5ms'"},
        BadFile{"a window that does not fit the kind",
                scenario(kStep + "    expect:\n      - servers: 2\n        over: 3s\n"),
                "test.yaml:10:9", "a key of a 'servers' expectation", "'over'"},
        BadFile{"totals in a step", scenario(kStep + "    expect:\n      - totals: {lost: 0}\n"),
                "test.yaml:9:9", "totals only in the scenario's own expect", "totals in a step"},
        BadFile{"a latency_ratio in a step",
                scenario(kStep + "    expect:\n      - latency_ratio: 10\n        of: one\n"
                                 "        to: one\n"),
                "test.yaml:9:9", "latency_ratio only in the scenario's own expect",
                "latency_ratio in a step"},
        BadFile{"a latency_ratio of a step that does not exist",
                scenario(kStep + "    wait: 1s\n", "",
                         "expect:\n  - latency_ratio: \">= 10\"\n    of: one\n    to: two\n"),
                "test.yaml:12:9", "the id of a step (one)", "'two'"},
        BadFile{"Redis commands without a Redis",
                "title: t\nworld: {servers: 1, adapter: memory}\nsteps:\n" + kStep +
                    "    do: kill-redis\n",
                "test.yaml:6:9", "in a world with a Redis", "a world without Redis"},
        BadFile{"a policy without a balancer",
                "title: t\nworld: {servers: 1, balancer: none}\nsteps:\n" + kStep +
                    "    do: policy round-robin\n",
                "test.yaml:6:9", "in a world with a load balancer", "balancer: none"},
        BadFile{"an unknown language", "title: {en: t, fr: t}\nworld: {servers: 1}\nsteps: []\n",
                "test.yaml:1:16", "a key of a text (en, ko)", "'fr'"}));

// A file made of anything at all is refused or accepted, never a crash (the fuzz target goes
// further, see fuzz/fuzz_scenario_parser.cpp).
TEST(ScenarioParse, ACompareSectionNamesSpansOfStepsAndItsRows) {
  const std::string steps =
      "  - {id: a, caption: one, wait: 1s}\n"
      "  - {id: b, caption: two, wait: 1s}\n"
      "  - {id: c, caption: three, wait: 1s}\n";
  auto parsed = parse(scenario(steps, "",
                               "compare:\n"
                               "  title: {en: A against B, ko: A 대 B}\n"
                               "  cross_server: true\n"
                               "  columns:\n"
                               "    - {name: first, steps: a}\n"
                               "    - {name: {en: the rest, ko: 나머지}, steps: [b, c]}\n"
                               "  rows:\n"
                               "    - p99\n"
                               "    - {gauge: 's*.utilization', take: mean, label: busy}\n"));
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_TRUE(parsed->compare);
  const CompareSpec& compare = *parsed->compare;
  EXPECT_EQ(compare.title.ko, "A 대 B");
  EXPECT_TRUE(compare.cross_server);
  ASSERT_EQ(compare.columns.size(), 2u);
  EXPECT_EQ(compare.columns[0].first_step, "a");
  EXPECT_EQ(compare.columns[0].last_step, "a");
  EXPECT_EQ(compare.columns[1].first_step, "b");
  EXPECT_EQ(compare.columns[1].last_step, "c");
  EXPECT_EQ(compare.columns[1].name.ko, "나머지");
  ASSERT_EQ(compare.rows.size(), 2u);
  EXPECT_EQ(compare.rows[0].metric, "p99");
  EXPECT_EQ(compare.rows[1].gauge, "s*.utilization");
  EXPECT_EQ(compare.rows[1].take, CompareRow::Take::kMean);
  EXPECT_EQ(compare.rows[1].label.en, "busy");

  struct Bad {
    std::string compare;
    int line;
    std::string expected;
  };
  // Lines: 1 title, 2 world, 3 servers, 4 bots, 5 steps, 6-8 the steps, 9 compare.
  const Bad bad[] = {
      {"compare:\n  columns: [{name: x, steps: a}]\n  rows: [p99]\n", 10,
       "a list of 2 to 8 columns"},
      {"compare:\n  columns: [{name: x, steps: a}, {name: y, steps: zz}]\n  rows: [p99]\n", 10,
       "the id of one of the scenario's steps"},
      {"compare:\n  columns: [{name: x, steps: [c, a]}, {name: y, steps: b}]\n  rows: [p99]\n", 10,
       "the first step before the last"},
      {"compare:\n  columns: [{name: x, steps: a}, {name: y, steps: b}]\n  rows: [p98]\n", 11,
       "a figure (deliveries, "},
      {"compare:\n  columns: [{name: x, steps: a}, {name: y, steps: b}]\n"
       "  rows: [{gauge: g, take: median}]\n",
       11, "max, mean, min or last"},
  };
  for (const auto& [yaml, line, expected] : bad) {
    auto refused = parse(scenario(steps, "", yaml));
    ASSERT_FALSE(refused) << yaml;
    EXPECT_EQ(refused.error().mark.line, line) << refused.error().message();
    EXPECT_NE(refused.error().message().find(expected), std::string::npos)
        << refused.error().message();
  }
}

TEST(ScenarioParse, OddInputsAreRefusedCleanly) {
  for (const char* text : {"\xff\xfe", "[[[[[[[[[[", "a: &x [*x]\n", "title: *nothing\n", "- 1\n",
                           "title: t\nworld: {servers: 1}\nsteps: [1]\n", "~\n"}) {
    auto parsed = parse(text);
    EXPECT_FALSE(parsed) << text;
    if (!parsed) {
      EXPECT_FALSE(parsed.error().expected.empty());
    }
  }
}

// The lesson library: files that sort in teaching order, each parsing, each with every caption
// in English and Korean, and each with the one expectation named `key` that its test in
// tests/lessons breaks.
TEST(Lessons, EveryLessonParsesInBothLanguagesWithAKeyExpectation) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SCALEOUT_LESSONS_DIR)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 7u);
  int previous = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string name = files[i].filename().string();
    // Numbered in teaching order: two digits and a dash, each number once (a number may be kept
    // free for a lesson still being written).
    const int number = std::atoi(name.substr(0, 2).c_str());
    EXPECT_TRUE(name.size() > 3 && name[2] == '-' && number > previous)
        << name << " does not follow lesson " << previous;
    previous = number;
    auto parsed = load_scenario(files[i].string());
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_FALSE(parsed->title.ko.empty()) << name;
    EXPECT_FALSE(parsed->summary.ko.empty()) << name;
    size_t keys = 0;
    for (const auto& step : parsed->steps) {
      EXPECT_FALSE(step.caption.ko.empty()) << name << " step " << step.id;
      for (const auto& expectation : step.expectations)
        keys += expectation.id == "key";
    }
    for (const auto& expectation : parsed->final_checks)
      keys += expectation.id == "key";
    EXPECT_EQ(keys, 1u) << name;
  }
}

}  // namespace
}  // namespace scaleout::scenarios
