// measure(): one function per kind of expectation.
#include "measure.hpp"

#include <algorithm>
#include <iomanip>
#include <set>
#include <sstream>

namespace scaleout::scenarios {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// clang 14 (the fuzz build) does not deduce an aggregate's template arguments by itself.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string joined(const std::vector<std::string>& names, size_t limit = 8) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i == limit) return out + ", ... (" + std::to_string(names.size()) + ")";
    out += (out.empty() ? "" : ", ") + names[i];
  }
  return out;
}

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "0.29ms", "5.85ms", "472ms", "2610ms": three digits or so, never an exponent.
std::string milliseconds(double ns) {
  const double ms = ns / 1e6;
  std::ostringstream out;
  out << std::fixed << std::setprecision(ms >= 100 ? 0 : ms >= 10 ? 1 : 2) << ms << "ms";
  return out.str();
}

bool holds_or_absent(const std::optional<Comparison>& count, double value) {
  return !count || count->holds(value);
}

const sim::FleetClientStatus* find_client(const sim::WorldStatus& status, const std::string& name) {
  for (const auto& client : status.clients) {
    if (client.name == name) return &client;
  }
  return nullptr;
}

Measure delivered(const expect::Delivered& e, const MeasureContext& c) {
  if (e.mid == "*") {
    size_t count = 0;
    c.observations.for_each_between(TimedFact::Kind::kDelivery, c.from_ns, c.to_ns,
                                    [&](const TimedFact&) { ++count; });
    return {holds_or_absent(e.count, static_cast<double>(count)),
            plural(count, "delivery", "deliveries")};
  }
  auto facts = c.observations.message(e.mid);
  if (!facts) return {holds_or_absent(e.count, 0) && e.to.empty(), e.mid + " not seen yet"};
  std::vector<std::string> got;
  for (const auto& delivery : facts->delivered)
    got.push_back(delivery.client);
  std::set<std::string> got_set(got.begin(), got.end());
  std::vector<std::string> missing, unwanted;
  for (const auto& name : e.to) {
    if (!got_set.count(name)) missing.push_back(name);
  }
  for (const auto& name : e.not_to) {
    if (got_set.count(name)) unwanted.push_back(name);
  }
  std::string measured = plural(got.size(), "delivery", "deliveries");
  if (!got.empty()) measured += " to " + joined(got);
  if (!missing.empty()) measured += "; nothing for " + joined(missing);
  if (!unwanted.empty()) measured += "; " + joined(unwanted) + " got it too";
  return {holds_or_absent(e.count, static_cast<double>(got.size())) && missing.empty() &&
              unwanted.empty(),
          measured};
}

Measure dropped(const expect::Dropped& e, const MeasureContext& c) {
  auto wanted = [&](const std::string& reason) { return e.reason.empty() || reason == e.reason; };
  if (e.mid == "*") {
    size_t count = 0;
    std::set<std::string> reasons;
    c.observations.for_each_between(TimedFact::Kind::kDrop, c.from_ns, c.to_ns,
                                    [&](const TimedFact& fact) {
                                      reasons.insert(fact.detail);
                                      count += wanted(fact.detail);
                                    });
    std::string measured = plural(count, "drop", "drops");
    if (!reasons.empty()) {
      measured += " (reasons seen: " + joined({reasons.begin(), reasons.end()}) + ")";
    }
    return {holds_or_absent(e.count, static_cast<double>(count)), measured};
  }
  auto facts = c.observations.message(e.mid);
  if (!facts) return {holds_or_absent(e.count, 0) && e.to.empty(), e.mid + " not seen yet"};
  std::vector<std::string> lost;
  std::set<std::string> other_reasons;
  for (const auto& drop : facts->dropped) {
    if (wanted(drop.reason)) {
      lost.push_back(drop.client);
    } else {
      other_reasons.insert(drop.reason);
    }
  }
  std::set<std::string> lost_set(lost.begin(), lost.end());
  std::vector<std::string> missing;
  for (const auto& name : e.to) {
    if (!lost_set.count(name)) missing.push_back(name);
  }
  std::string measured = plural(lost.size(), "drop", "drops");
  if (!e.reason.empty()) measured += " (" + e.reason + ")";
  if (!lost.empty()) measured += " for " + joined(lost);
  if (!other_reasons.empty()) {
    measured += "; other reasons: " + joined({other_reasons.begin(), other_reasons.end()});
  }
  if (!missing.empty()) measured += "; not dropped for " + joined(missing);
  return {holds_or_absent(e.count, static_cast<double>(lost.size())) && missing.empty(), measured};
}

Measure published(const expect::Published& e, const MeasureContext& c) {
  std::vector<std::string> channels;
  auto wanted = [&](const std::string& channel) {
    return e.channel.empty() || channel == e.channel;
  };
  size_t count = 0;
  if (e.mid == "*") {
    c.observations.for_each_between(TimedFact::Kind::kPublish, c.from_ns, c.to_ns,
                                    [&](const TimedFact& fact) {
                                      if (wanted(fact.detail)) ++count;
                                      channels.push_back(fact.detail);
                                    });
  } else if (auto facts = c.observations.message(e.mid)) {
    for (const auto& publish : facts->published) {
      if (!publish.sent) continue;
      count += wanted(publish.channel);
      channels.push_back(publish.channel);
    }
  }
  std::sort(channels.begin(), channels.end());
  channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
  std::string measured = "published " + plural(count, "time", "times");
  if (!channels.empty()) measured += " (channels: " + joined(channels) + ")";
  return {holds_or_absent(e.count, static_cast<double>(count)), measured};
}

Measure latency_of(const LatencyBound& bound, const sim::LatencyHistogram& histogram) {
  if (histogram.count() == 0) return {false, "no deliveries to measure"};
  const double quantile_ns = static_cast<double>(histogram.quantile_ns(bound.percentile / 100.0));
  std::ostringstream percentile;
  percentile << bound.percentile;
  return {bound.bound_ms.holds(quantile_ns / 1e6),
          "p(" + percentile.str() + ") = " + milliseconds(quantile_ns) + " over " +
              plural(histogram.count(), "delivery", "deliveries")};
}

sim::LatencyHistogram latencies_between(const Observations& observations, int64_t from_ns,
                                        int64_t to_ns, bool cross_server_only) {
  sim::LatencyHistogram histogram;
  observations.for_each_between(TimedFact::Kind::kDelivery, from_ns, to_ns,
                                [&](const TimedFact& fact) {
                                  if (fact.latency_ns < 0) return;
                                  if (cross_server_only && !fact.cross_server) return;
                                  histogram.record(fact.latency_ns);
                                });
  return histogram;
}

Measure latency(const expect::Latency& e, const MeasureContext& c) {
  return latency_of(e.bound, latencies_between(c.observations, c.from_ns, c.to_ns, e.cross_server));
}

Measure latency_ratio(const expect::LatencyRatio& e, const MeasureContext& c) {
  double quantile_ms[2] = {0, 0};
  std::string parts[2];
  const std::string* steps[2] = {&e.of, &e.to};
  for (int i = 0; i < 2; ++i) {
    if (!c.step_spans || !c.step_spans->count(*steps[i]))
      return {false, *steps[i] + " is not done"};
    const auto& span = c.step_spans->at(*steps[i]);
    const auto histogram =
        latencies_between(c.observations, span.first, span.second, e.cross_server);
    if (histogram.count() == 0) return {false, "no deliveries during " + *steps[i]};
    const auto quantile_ns = static_cast<double>(histogram.quantile_ns(e.percentile / 100.0));
    quantile_ms[i] = quantile_ns / 1e6;
    parts[i] = milliseconds(quantile_ns) + " during " + *steps[i] + " (" +
               std::to_string(histogram.count()) + " deliveries)";
  }
  // A quantile below the histogram's resolution counts as its smallest bucket, never as 0.
  const double ratio = quantile_ms[0] / std::max(quantile_ms[1], 1e-3);
  std::ostringstream measured;
  measured << parts[0] << " / " << parts[1] << " = " << std::fixed
           << std::setprecision(ratio >= 10 ? 0 : 1) << ratio << "x";
  return {e.ratio.holds(ratio), measured.str()};
}

std::string kilobytes(uint64_t bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / 1024 << " KB";
  return out.str();
}

Measure redis_received(const expect::RedisReceived& e, const MeasureContext& c) {
  bool holds = true;
  size_t servers = 0;
  std::string measured;
  for (const auto& server : c.status.world.servers) {
    // The server named is counted whatever its adapter (one without Redis hears nothing).
    if (e.on.empty() ? server.adapter == "memory" : server.name != e.on) continue;
    uint64_t messages = server.redis_messages_in, bytes = server.redis_bytes_in;
    if (c.baseline) {
      for (const auto& before : c.baseline->world.servers) {
        if (before.name != server.name) continue;
        messages -= std::min(messages, before.redis_messages_in);
        bytes -= std::min(bytes, before.redis_bytes_in);
      }
    }
    ++servers;
    holds &= e.messages.holds(static_cast<double>(messages));
    measured += (measured.empty() ? "" : ", ") + server.name + " " + std::to_string(messages) +
                " (" + kilobytes(bytes) + ")";
  }
  if (servers == 0)
    return {false, e.on.empty() ? "no server with the Redis adapter" : e.on + " not found"};
  return {holds, measured};
}

std::set<std::string> connected_sockets(const sim::WorldStatus& status) {
  std::set<std::string> sockets;
  for (const auto& server : status.world.servers) {
    for (const auto& client : server.clients)
      sockets.insert(client.nsp + "#" + client.socket);
  }
  return sockets;
}

Measure disconnected(const expect::Disconnected& e, const MeasureContext& c) {
  if (!c.baseline) return {false, "no status when the window began"};
  const std::set<std::string> before = connected_sockets(*c.baseline);
  if (before.empty()) return {false, "no client was connected when the window began"};
  const std::set<std::string> now = connected_sockets(c.status);
  size_t gone = 0;
  for (const auto& socket : before)
    gone += !now.count(socket);
  const double percent = 100.0 * static_cast<double>(gone) / static_cast<double>(before.size());
  std::ostringstream measured;
  measured << std::fixed << std::setprecision(0) << percent << "% (" << gone << " of "
           << before.size() << " sockets)";
  return {e.percent.holds(percent), measured.str()};
}

Measure gauge(const expect::GaugeValue& e, const MeasureContext& c) {
  for (const auto& gauge : c.status.gauges) {
    if (gauge.name != e.name) continue;
    std::ostringstream measured;
    measured << std::fixed << std::setprecision(1) << gauge.value << (gauge.unit.empty() ? "" : " ")
             << gauge.unit << (gauge.modelled ? " (modelled)" : " (measured)");
    return {e.value.holds(gauge.value), measured.str()};
  }
  return {false, "no gauge " + e.name + " yet"};
}

Measure redis_keys(const expect::RedisKeys& e, const MeasureContext& c) {
  // Only an INFO taken after the step began tells what its commands left behind.
  if (c.status.redis.taken_ns < c.from_ns) return {false, "waiting for Redis' INFO"};
  if (!c.status.redis.reachable) return {false, "Redis did not answer INFO"};
  return {e.count.holds(static_cast<double>(c.status.redis.keys)),
          std::to_string(c.status.redis.keys) + " keys"};
}

Measure store_run(const expect::StoreRun& e, const MeasureContext& c) {
  const sim::StoreRun* found = nullptr;
  for (const auto& run : c.status.store_runs) {
    if (run.store == e.store && run.threads == e.threads && run.finished_ns >= c.from_ns)
      found = &run;
  }
  if (!found) {
    const auto& live = c.status.store_live;
    if (live && live->store == e.store && live->threads == e.threads) {
      return {false, "running: " + std::to_string(live->ops) + " operations so far"};
    }
    return {false, "no run of " + e.store + " with " + std::to_string(e.threads) +
                       " threads has finished (yet)"};
  }
  if (!found->error.empty()) return {false, sim::describe(*found)};
  bool holds = holds_or_absent(e.ops_per_second, found->ops_per_second) &&
               holds_or_absent(e.operations, static_cast<double>(found->ops));
  if (e.waiting_percent) {
    holds &= found->waiting_share >= 0 && e.waiting_percent->holds(found->waiting_share * 100);
  }
  if (e.contended_percent) {
    holds &=
        found->contended_share >= 0 && e.contended_percent->holds(found->contended_share * 100);
  }
  return {holds, sim::describe(*found)};
}

Measure redis_errors(const expect::RedisErrors& e, const MeasureContext& c) {
  size_t count = 0;
  std::string first;
  c.observations.for_each_between(TimedFact::Kind::kRedisError, c.from_ns, c.to_ns,
                                  [&](const TimedFact& fact) {
                                    if (count++ == 0) first = fact.detail;
                                  });
  std::string measured = plural(count, "error", "errors");
  if (!first.empty()) measured += " (first: " + first + ")";
  return {e.count.holds(static_cast<double>(count)), measured};
}

Measure servers(const expect::Servers& e, const MeasureContext& c) {
  std::vector<std::string> running;
  for (const auto& server : c.status.world.servers) {
    if (server.running) running.push_back(server.name);
  }
  return {e.count.holds(static_cast<double>(running.size())),
          std::to_string(running.size()) + " running" +
              (running.empty() ? "" : " (" + joined(running) + ")")};
}

Measure clients(const expect::Clients& e, const MeasureContext& c) {
  std::vector<std::string> matching;
  for (const auto& client : c.status.clients) {
    if (!client.connected) continue;
    if (!e.on.empty() && client.server != e.on) continue;
    if (!e.room.empty() &&
        std::find(client.rooms.begin(), client.rooms.end(), e.room) == client.rooms.end()) {
      continue;
    }
    if (e.transport && client.transport != *e.transport) continue;
    if (e.reconnected && (client.reconnects > 0) != *e.reconnected) continue;
    matching.push_back(client.name);
  }
  return {e.count.holds(static_cast<double>(matching.size())),
          std::to_string(matching.size()) + " of " + std::to_string(c.status.clients.size()) +
              (matching.empty() ? "" : " (" + joined(matching) + ")")};
}

Measure client(const expect::Client& e, const MeasureContext& c) {
  const auto* found = find_client(c.status, e.name);
  if (!found) return {false, e.name + " is not a client of the world (yet)"};
  bool holds = true;
  if (e.connected) holds &= found->connected == *e.connected;
  if (!e.on.empty()) holds &= found->connected && found->server == e.on;
  if (e.rooms) {
    auto have = found->rooms;
    auto want = *e.rooms;
    std::sort(have.begin(), have.end());
    std::sort(want.begin(), want.end());
    holds &= have == want;
  }
  if (!e.error.empty()) holds &= found->last_error.find(e.error) != std::string::npos;
  if (e.heard) holds &= e.heard->holds(static_cast<double>(found->heard));
  std::string measured = found->connected ? "connected" : "not connected";
  if (!found->server.empty() && found->connected) measured += " on " + found->server;
  measured += ", rooms [" + joined(found->rooms) + "]";
  measured += ", heard " + std::to_string(found->heard);
  if (!found->last_error.empty()) measured += ", last error '" + found->last_error + "'";
  return {holds, measured};
}

Measure subscribers(const expect::Subscribers& e, const MeasureContext& c) {
  std::vector<std::string> servers;
  for (const auto& server : c.status.world.servers) {
    if (!server.running) continue;
    if (std::find(server.subscriptions.begin(), server.subscriptions.end(), e.channel) !=
        server.subscriptions.end()) {
      servers.push_back(server.name);
    }
  }
  return {e.count.holds(static_cast<double>(servers.size())),
          std::to_string(servers.size()) + (servers.empty() ? "" : " (" + joined(servers) + ")")};
}

Measure redis(const expect::Redis& e, const MeasureContext& c) {
  const auto& redis = c.status.redis;
  std::vector<std::string> linked, unlinked;
  for (const auto& server : c.status.world.servers) {
    if (!server.running || server.adapter == "memory") continue;
    (server.redis_up ? linked : unlinked).push_back(server.name);
  }
  std::string measured =
      redis.paused      ? "paused"
      : redis.reachable ? "reachable"
                        : "not reachable" + (redis.error.empty() ? "" : " (" + redis.error + ")");
  if (!linked.empty()) measured += "; linked: " + joined(linked);
  if (!unlinked.empty()) measured += "; not linked: " + joined(unlinked);
  switch (e.state) {
    case expect::Redis::State::kUp:
      return {redis.reachable && !redis.paused && unlinked.empty(), measured};
    case expect::Redis::State::kDown:
      return {!redis.reachable, measured};
    case expect::Redis::State::kPaused:
      return {redis.paused, measured};
  }
  return {false, measured};
}

Measure recalled(const expect::Recalled& e, const MeasureContext& c) {
  const auto* found = find_client(c.status, e.client);
  if (!found) return {false, e.client + " is not a client of the world (yet)"};
  auto answer = found->recalls.find(std::string(sim::to_string(e.store)) + ":" + e.key);
  // Only an answer to a recall of this step counts, not one left from before.
  if (answer == found->recalls.end() || answer->second.t_ns < c.from_ns) {
    return {false, "no answer yet"};
  }
  const auto& got = answer->second;
  if (!got.error.empty()) return {false, "error: " + got.error};
  std::string measured = got.value ? "'" + *got.value + "'" : std::string("nothing");
  if (!got.server.empty()) measured += " (answered by " + got.server + ")";
  return {got.value == e.value, measured};
}

Measure totals(const expect::Totals& e, const MeasureContext& c) {
  const Totals run = c.observations.totals();
  bool holds = holds_or_absent(e.delivered, static_cast<double>(run.delivered)) &&
               holds_or_absent(e.lost, static_cast<double>(run.lost)) &&
               holds_or_absent(e.duplicated, static_cast<double>(run.duplicated));
  std::string measured = "delivered " + std::to_string(run.delivered) + ", lost " +
                         std::to_string(run.lost) + ", duplicated " +
                         std::to_string(run.duplicated);
  if (e.latency) {
    Measure latency = latency_of(*e.latency, run.latency);
    holds &= latency.holds;
    measured += ", " + latency.measured;
  }
  return {holds, measured};
}

}  // namespace

Measure measure(const Expectation& expectation, const MeasureContext& context) {
  return std::visit(Overloaded{
                        [&](const expect::Delivered& e) { return delivered(e, context); },
                        [&](const expect::Dropped& e) { return dropped(e, context); },
                        [&](const expect::Published& e) { return published(e, context); },
                        [&](const expect::Latency& e) { return latency(e, context); },
                        [&](const expect::RedisErrors& e) { return redis_errors(e, context); },
                        [&](const expect::Servers& e) { return servers(e, context); },
                        [&](const expect::Clients& e) { return clients(e, context); },
                        [&](const expect::Client& e) { return client(e, context); },
                        [&](const expect::Subscribers& e) { return subscribers(e, context); },
                        [&](const expect::Redis& e) { return redis(e, context); },
                        [&](const expect::Recalled& e) { return recalled(e, context); },
                        [&](const expect::Totals& e) { return totals(e, context); },
                        [&](const expect::LatencyRatio& e) { return latency_ratio(e, context); },
                        [&](const expect::RedisKeys& e) { return redis_keys(e, context); },
                        [&](const expect::RedisReceived& e) { return redis_received(e, context); },
                        [&](const expect::StoreRun& e) { return store_run(e, context); },
                        [&](const expect::Disconnected& e) { return disconnected(e, context); },
                        [&](const expect::GaugeValue& e) { return gauge(e, context); },
                    },
                    expectation.what);
}

bool passes_early(const Expectation& expectation) {
  auto settles = [](const std::optional<Comparison>& count) {
    return !count || count->settles_when_true();
  };
  return std::visit(
      Overloaded{
          [&](const expect::Delivered& e) { return settles(e.count) && e.not_to.empty(); },
          [&](const expect::Dropped& e) { return settles(e.count); },
          [&](const expect::Published& e) { return settles(e.count); },
          [&](const expect::RedisErrors& e) { return e.count.settles_when_true(); },
          [&](const auto&) { return !expectation.is_count(); },
      },
      expectation.what);
}

}  // namespace scaleout::scenarios
