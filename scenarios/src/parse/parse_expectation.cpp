// Expectations: one map per expectation, whose kind is the one key among `kKinds` it holds; the
// other keys are that kind's modifiers, the window (`over` for counts, `within` for states) and
// an optional `id`.
#include "parse/parse_parts.hpp"

namespace scaleout::scenarios::parse {

namespace {

constexpr std::string_view kKinds[] = {
    "delivered",  "dropped",        "published",   "latency",   "redis_errors", "servers",
    "clients",    "client",         "subscribers", "redis",     "recalled",     "latency_ratio",
    "redis_keys", "redis_received", "totals",      "store_run", "disconnected", "gauge"};

constexpr Milliseconds kDefaultOver{3000};
constexpr Milliseconds kDefaultWithin{5000};
constexpr Milliseconds kMaxWindow = std::chrono::minutes(10);

std::string kinds_list() {
  std::string out;
  for (auto kind : kKinds)
    out += (out.empty() ? "" : ", ") + std::string(kind);
  return out;
}

// The kind key of an expectation map. `client` is also a modifier (of `recalled`): it names the
// kind only when no other kind key is there.
std::string kind_of(const YamlReader& reader, const YAML::Node& node) {
  if (!node.IsMap()) reader.refuse(node, "an expectation: a map with one of " + kinds_list());
  std::string kind;
  bool has_client = false;
  for (const auto& pair : node) {
    if (!pair.first.IsScalar()) continue;
    if (pair.first.Scalar() == "client") {
      has_client = true;
      continue;
    }
    for (auto candidate : kKinds) {
      if (pair.first.Scalar() != candidate) continue;
      if (!kind.empty()) {
        reader.refuse(reader.mark(pair.first), "one kind of expectation per item",
                      "'" + kind + "' and '" + pair.first.Scalar() + "'");
      }
      kind = pair.first.Scalar();
    }
  }
  if (kind.empty() && has_client) kind = "client";
  if (kind.empty()) {
    reader.refuse(node, "an expectation: a map with one of " + kinds_list());
  }
  return kind;
}

std::string mid_of(const YamlReader& reader, const MapFields& fields, const std::string& kind,
                   const TimelineNames& names) {
  const YAML::Node node = fields.require(kind);
  if (node.IsScalar() && node.Scalar() == "*") return "*";  // every message in the window
  const std::string mid = reader.name(node, "a message id or '*'");
  names.check_mid(mid, reader, reader.mark(node));
  return mid;
}

std::vector<std::string> clients_of(const YamlReader& reader, const MapFields& fields,
                                    std::string_view key, const TimelineNames& names) {
  if (!fields.has(key)) return {};
  const YAML::Node node = fields.get(key);
  auto clients = reader.names(node, "a client's name");
  for (const auto& client : clients)
    names.check_client(client, reader, reader.mark(node));
  return clients;
}

std::string server_of(const YamlReader& reader, const MapFields& fields, std::string_view key,
                      const TimelineNames& names) {
  if (!fields.has(key)) return {};
  const YAML::Node node = fields.get(key);
  std::string server = reader.name(node, "a server's name");
  names.check_server(server, reader, reader.mark(node));
  return server;
}

void need_something(const YamlReader& reader, const MapFields& fields,
                    std::initializer_list<std::string_view> keys, const std::string& kind) {
  for (auto key : keys) {
    if (fields.has(key)) return;
  }
  std::string listed;
  for (auto key : keys)
    listed += (listed.empty() ? "" : ", ") + std::string(key);
  reader.refuse(fields.key_mark(kind), "'" + kind + "' with at least one of " + listed,
                "none of them");
}

expect::What parse_what(const YamlReader& reader, const MapFields& fields, const std::string& kind,
                        const TimelineNames& names, bool final_check) {
  auto count = [&](std::string_view key) -> std::optional<Comparison> {
    if (!fields.has(key)) return std::nullopt;
    return reader.comparison(fields.get(key));
  };
  if ((kind == "delivered" || kind == "dropped") && fields.get(kind).IsScalar() &&
      fields.get(kind).Scalar() == "*" && (fields.has("to") || fields.has("not_to"))) {
    reader.refuse(fields.key_mark(fields.has("to") ? "to" : "not_to"),
                  "'to' and 'not_to' with one message id (not '*')", "'*'");
  }
  if (kind == "delivered") {
    need_something(reader, fields, {"count", "to", "not_to"}, kind);
    return expect::Delivered{mid_of(reader, fields, kind, names), count("count"),
                             clients_of(reader, fields, "to", names),
                             clients_of(reader, fields, "not_to", names)};
  }
  if (kind == "dropped") {
    need_something(reader, fields, {"count", "to"}, kind);
    expect::Dropped dropped{mid_of(reader, fields, kind, names), count("count"),
                            clients_of(reader, fields, "to", names), ""};
    if (fields.has("reason")) dropped.reason = reader.string(fields.get("reason"), "a drop reason");
    return dropped;
  }
  if (kind == "published") {
    expect::Published published{mid_of(reader, fields, kind, names), count("count"), ""};
    if (fields.has("channel"))
      published.channel = reader.string(fields.get("channel"), "a channel");
    if (!published.count) published.count = Comparison{Comparison::Op::kGreaterOrEqual, 1};
    return published;
  }
  if (kind == "latency") {
    expect::Latency latency{reader.latency(fields.get(kind))};
    if (fields.has("cross_server"))
      latency.cross_server = reader.boolean(fields.get("cross_server"));
    return latency;
  }
  if (kind == "latency_ratio") {
    if (!final_check) {
      reader.refuse(fields.key_mark(kind),
                    "latency_ratio only in the scenario's own expect (after both steps)",
                    "latency_ratio in a step");
    }
    expect::LatencyRatio ratio;
    ratio.ratio = reader.comparison(fields.get(kind), 0, 1e9);
    for (auto [key, into] : {std::pair{"of", &ratio.of}, std::pair{"to", &ratio.to}}) {
      const YAML::Node step = fields.require(key);
      *into = reader.name(step, "a step id");
      names.check_step(*into, reader, reader.mark(step));
    }
    if (fields.has("percentile"))
      ratio.percentile = reader.number(fields.get("percentile"), 1, 100);
    if (fields.has("cross_server")) ratio.cross_server = reader.boolean(fields.get("cross_server"));
    return ratio;
  }
  if (kind == "disconnected")
    return expect::Disconnected{reader.comparison(fields.get(kind), 0, 100)};
  if (kind == "gauge") {
    const std::string name = reader.name(fields.get(kind), "a gauge's name (s1.utilization)");
    return expect::GaugeValue{name, reader.comparison(fields.require("value"), -1e12, 1e12)};
  }
  if (kind == "redis_received") {
    if (!names.has_redis()) {
      reader.refuse(fields.key_mark(kind), "a redis_received expectation in a world with a Redis",
                    "a world without Redis");
    }
    return expect::RedisReceived{reader.comparison(fields.get(kind), 0, 1e12),
                                 server_of(reader, fields, "on", names)};
  }
  if (kind == "redis_keys") {
    if (!names.has_redis()) {
      reader.refuse(fields.key_mark(kind), "a redis_keys expectation in a world with a Redis",
                    "a world without Redis");
    }
    return expect::RedisKeys{reader.comparison(fields.get(kind), 0, 1e12)};
  }
  if (kind == "store_run") {
    const YAML::Node store = fields.get(kind);
    auto parsed = sim::parse_store_kind(reader.string(store, "a store"));
    if (!parsed) reader.refuse(store, "redis, memcached, global-lock, bucket-locks or event-loop");
    need_something(reader, fields,
                   {"ops_per_second", "operations", "waiting_percent", "contended_percent"}, kind);
    expect::StoreRun run;
    run.store = sim::to_string(*parsed);
    run.threads = reader.integer(fields.require("threads"), 1, 64);
    run.ops_per_second = count("ops_per_second");
    run.operations = count("operations");
    if (fields.has("waiting_percent"))
      run.waiting_percent = reader.comparison(fields.get("waiting_percent"), 0, 100);
    if (fields.has("contended_percent"))
      run.contended_percent = reader.comparison(fields.get("contended_percent"), 0, 100);
    return run;
  }
  if (kind == "redis_errors") return expect::RedisErrors{reader.comparison(fields.get(kind))};
  if (kind == "servers") return expect::Servers{reader.comparison(fields.get(kind), 0, 64)};
  if (kind == "clients") {
    expect::Clients clients{reader.comparison(fields.get(kind), 0, 1e6),
                            server_of(reader, fields, "on", names), "", std::nullopt, std::nullopt};
    if (fields.has("room")) clients.room = reader.name(fields.get("room"), "a room");
    if (fields.has("transport")) {
      auto transport = sim::parse_client_transport(fields.get("transport").Scalar());
      if (!transport) reader.refuse(fields.get("transport"), "websocket or polling");
      clients.transport = transport;
    }
    if (fields.has("reconnected")) clients.reconnected = reader.boolean(fields.get("reconnected"));
    return clients;
  }
  if (kind == "client") {
    need_something(reader, fields, {"connected", "on", "rooms", "error", "heard"}, kind);
    expect::Client client;
    client.name = reader.name(fields.get(kind), "a client's name");
    names.check_client(client.name, reader, reader.mark(fields.get(kind)));
    if (fields.has("connected")) client.connected = reader.boolean(fields.get("connected"));
    client.on = server_of(reader, fields, "on", names);
    if (fields.has("rooms")) {
      const YAML::Node rooms = fields.get("rooms");
      if (rooms.IsSequence() && rooms.size() == 0) {
        client.rooms = std::vector<std::string>{};
      } else {
        client.rooms = reader.names(rooms, "a room");
      }
    }
    if (fields.has("error"))
      client.error = reader.string(fields.get("error"), "a part of an error");
    client.heard = count("heard");
    return client;
  }
  if (kind == "subscribers") {
    need_something(reader, fields, {"count"}, kind);
    return expect::Subscribers{reader.string(fields.get(kind), "a channel or pattern"),
                               *count("count")};
  }
  if (kind == "redis") {
    if (!names.has_redis()) {
      reader.refuse(fields.key_mark(kind), "a redis expectation in a world with a Redis",
                    "a world without Redis");
    }
    const std::string state = reader.string(fields.get(kind), "up, down or paused");
    if (state != "up" && state != "down" && state != "paused") {
      reader.refuse(fields.get(kind), "up, down or paused");
    }
    return expect::Redis{state == "up"     ? expect::Redis::State::kUp
                         : state == "down" ? expect::Redis::State::kDown
                                           : expect::Redis::State::kPaused};
  }
  if (kind == "recalled") {
    expect::Recalled recalled;
    recalled.key = reader.string(fields.get(kind), "the key recalled");
    recalled.client = reader.name(fields.require("client"), "a client's name");
    names.check_client(recalled.client, reader, reader.mark(fields.get("client")));
    auto store = sim::parse_state_store(reader.string(fields.require("store"), "redis or memory"));
    if (!store) reader.refuse(fields.get("store"), "redis or memory");
    recalled.store = *store;
    const YAML::Node value = fields.require("value");
    if (!value.IsNull()) recalled.value = reader.string(value, "the value, or null for nothing");
    return recalled;
  }
  // totals
  if (!final_check) {
    reader.refuse(fields.key_mark(kind), "totals only in the scenario's own expect (the whole run)",
                  "totals in a step");
  }
  MapFields totals(reader, fields.get(kind), "totals",
                   {"delivered", "lost", "duplicated", "latency"});
  expect::Totals out;
  if (totals.has("delivered")) out.delivered = reader.comparison(totals.get("delivered"));
  if (totals.has("lost")) out.lost = reader.comparison(totals.get("lost"));
  if (totals.has("duplicated")) out.duplicated = reader.comparison(totals.get("duplicated"));
  if (totals.has("latency")) out.latency = reader.latency(totals.get("latency"));
  if (!out.delivered && !out.lost && !out.duplicated && !out.latency) {
    reader.refuse(reader.mark(fields.get(kind)),
                  "totals with delivered, lost, duplicated or latency", "none of them");
  }
  return out;
}

// The keys each kind allows besides itself, `id` and its window.
std::vector<std::string_view> modifiers(const std::string& kind) {
  if (kind == "delivered") return {"count", "to", "not_to"};
  if (kind == "dropped") return {"count", "to", "reason"};
  if (kind == "published") return {"count", "channel"};
  if (kind == "clients") return {"on", "room", "transport", "reconnected"};
  if (kind == "client") return {"connected", "on", "rooms", "error", "heard"};
  if (kind == "subscribers") return {"count"};
  if (kind == "recalled") return {"client", "store", "value"};
  if (kind == "latency") return {"cross_server"};
  if (kind == "redis_received") return {"on"};
  if (kind == "gauge") return {"value"};
  if (kind == "latency_ratio") return {"of", "to", "percentile", "cross_server"};
  if (kind == "store_run")
    return {"threads", "ops_per_second", "operations", "waiting_percent", "contended_percent"};
  return {};
}

bool counts_events(const std::string& kind) {
  return kind == "delivered" || kind == "dropped" || kind == "published" || kind == "latency" ||
         kind == "redis_errors" || kind == "latency_ratio" || kind == "redis_received" ||
         kind == "disconnected";
}

}  // namespace

Expectation parse_expectation(const YamlReader& reader, const YAML::Node& node,
                              const TimelineNames& names, bool final_check) {
  const std::string kind = kind_of(reader, node);
  std::vector<std::string_view> allowed = modifiers(kind);
  allowed.push_back(kind);
  allowed.push_back("id");
  // Counts are measured `over` a time; states must come true `within` one. The final checks
  // count over the whole run.
  const bool count = counts_events(kind);
  const std::string_view window_key = count ? "over" : "within";
  // A latency_ratio has no window of its own: both steps are over when it is checked.
  if (kind != "totals" && kind != "latency_ratio" && !(count && final_check)) {
    allowed.push_back(window_key);
  }
  if (!count && kind != "totals") allowed.push_back("throughout");
  MapFields fields(reader, node, "a '" + kind + "' expectation", allowed);

  Expectation expectation;
  expectation.mark = reader.mark(node);
  if (fields.has("id")) expectation.id = reader.name(fields.get("id"), "an id");
  expectation.what = parse_what(reader, fields, kind, names, final_check);
  if (fields.has("throughout")) expectation.throughout = reader.boolean(fields.get("throughout"));
  if (kind == "latency_ratio") {
    expectation.window = Milliseconds(0);
  } else if (fields.has(window_key)) {
    expectation.window = reader.duration(fields.get(window_key), kMaxWindow);
  } else {
    expectation.window = count || kind == "totals" ? kDefaultOver : kDefaultWithin;
  }
  return expectation;
}

}  // namespace scaleout::scenarios::parse
