// Observations: the trace, reduced to the facts expectations ask about.
#include "scaleout/scenarios/observations.hpp"

#include <algorithm>

namespace scaleout::scenarios {

namespace {

// Batches of different servers may overlap by a few milliseconds: window searches start this
// much early and filter exactly.
constexpr int64_t kDisorderNs = 1'000'000'000;

int kind_index(TimedFact::Kind kind) {
  return static_cast<int>(kind);
}

}  // namespace

std::string Observations::client_of(std::string_view socket) const {
  auto found = names_.find(std::string(socket));
  return found == names_.end() ? std::string(socket) : found->second;
}

void Observations::remember(TimedFact fact) {
  facts_[kind_index(fact.kind)].push_back(std::move(fact));
  if (++fact_count_ <= kMaxEvents) return;
  auto* longest =
      std::max_element(std::begin(facts_), std::end(facts_),
                       [](const auto& a, const auto& b) { return a.size() < b.size(); });
  longest->pop_front();
  --fact_count_;
  ++truncated_;
}

void Observations::on_events(std::span<const sim::TraceEvent> events,
                             const sim::ServerNames& servers) {
  std::lock_guard lock(mutex_);
  for (const auto& event : events) {
    if (first_ns_ == 0) first_ns_ = event.t_ns;
    const std::string mid(event.mid.view());
    auto message = [&]() -> MessageFacts& {
      auto [entry, made] = messages_.try_emplace(mid);
      if (made) {
        message_order_.push_back(mid);
        if (message_order_.size() > kMaxMessages) {  // erasing another keeps `entry` valid
          messages_.erase(message_order_.front());
          message_order_.pop_front();
          ++truncated_;
        }
      }
      return entry->second;
    };
    switch (event.kind) {
      case sim::TraceKind::kClientConnect:
        if (!event.detail.empty()) {
          names_[std::string(event.socket.view())] = std::string(event.detail.view());
        }
        break;
      case sim::TraceKind::kRecv: {
        if (mid.empty()) break;
        MessageFacts& facts = message();
        facts.recv_ns = event.t_ns;
        facts.server = event.server < servers.size() ? servers[event.server] : "";
        facts.room = std::string(event.detail.view());
        facts.sender = client_of(event.socket.view());
        break;
      }
      case sim::TraceKind::kPublish: {
        const bool sent = event.number == 1;
        if (!mid.empty()) message().published.push_back({std::string(event.name.view()), sent});
        if (sent) {
          remember(
              {TimedFact::Kind::kPublish, event.t_ns, -1, mid, std::string(event.name.view())});
        } else {
          remember({TimedFact::Kind::kRedisError, event.t_ns, -1, mid,
                    "publish not sent on " + std::string(event.name.view())});
        }
        break;
      }
      case sim::TraceKind::kDeliver: {
        if (mid.empty()) break;
        MessageFacts& facts = message();
        const std::string socket(event.socket.view());
        const bool again = std::any_of(facts.delivered.begin(), facts.delivered.end(),
                                       [&](const auto& seen) { return seen.socket == socket; });
        duplicated_ += again;
        ++delivered_;
        facts.delivered.push_back({client_of(socket), socket, event.t_ns});
        const int64_t latency = facts.recv_ns ? event.t_ns - facts.recv_ns : -1;
        if (latency >= 0) latency_.record(latency);
        const bool cross_server = !facts.server.empty() && event.server < servers.size() &&
                                  servers[event.server] != facts.server;
        remember({TimedFact::Kind::kDelivery, event.t_ns, latency, mid, {}, cross_server});
        break;
      }
      case sim::TraceKind::kDrop: {
        const std::string reason(event.detail.view());
        ++lost_;
        if (!mid.empty()) message().dropped.push_back({client_of(event.socket.view()), reason});
        remember({TimedFact::Kind::kDrop, event.t_ns, -1, mid, reason});
        break;
      }
      case sim::TraceKind::kRedisDown:
      case sim::TraceKind::kAdapterError:
        remember(
            {TimedFact::Kind::kRedisError, event.t_ns, -1, mid,
             std::string(sim::to_string(event.kind)) + ": " + std::string(event.detail.view())});
        break;
      default:
        break;
    }
  }
}

void Observations::record_status(const sim::WorldStatus& status) {
  StatusSample sample;
  sample.t_ns = status.taken_ns;
  for (const auto& server : status.world.servers) {
    sample.servers += server.running ? 1 : 0;
    sample.redis_messages_in += server.redis_messages_in;
  }
  for (const auto& client : status.clients)
    sample.clients += client.connected ? 1 : 0;
  sample.clients += static_cast<int>(status.bots.connected);
  if (status.redis.present && status.redis.reachable)
    sample.redis_ops = status.redis.ops_per_second;
  sample.gauges = status.gauges;
  std::lock_guard lock(mutex_);
  if (!samples_.empty() && samples_.back().t_ns >= sample.t_ns) return;
  samples_.push_back(std::move(sample));
  if (samples_.size() > kMaxSamples) samples_.pop_front();
}

std::vector<StatusSample> Observations::samples_between(int64_t from_ns, int64_t to_ns) const {
  std::lock_guard lock(mutex_);
  auto first =
      std::lower_bound(samples_.begin(), samples_.end(), from_ns,
                       [](const StatusSample& sample, int64_t t_ns) { return sample.t_ns < t_ns; });
  if (first != samples_.begin()) --first;
  std::vector<StatusSample> out;
  for (auto it = first; it != samples_.end() && it->t_ns < to_ns; ++it)
    out.push_back(*it);
  return out;
}

std::optional<MessageFacts> Observations::message(const std::string& mid) const {
  std::lock_guard lock(mutex_);
  auto found = messages_.find(mid);
  if (found == messages_.end()) return std::nullopt;
  return found->second;
}

void Observations::for_each_between(TimedFact::Kind kind, int64_t from_ns, int64_t to_ns,
                                    const std::function<void(const TimedFact&)>& visit) const {
  std::lock_guard lock(mutex_);
  const auto& facts = facts_[kind_index(kind)];
  auto first = std::lower_bound(facts.begin(), facts.end(), from_ns - kDisorderNs,
                                [](const TimedFact& fact, int64_t t) { return fact.t_ns < t; });
  for (auto it = first; it != facts.end(); ++it) {
    if (it->t_ns >= to_ns + kDisorderNs) break;
    if (it->t_ns >= from_ns && it->t_ns < to_ns) visit(*it);
  }
}

Totals Observations::totals() const {
  std::lock_guard lock(mutex_);
  Totals out;
  out.delivered = delivered_;
  out.lost = lost_;
  out.duplicated = duplicated_;
  out.latency = latency_;
  return out;
}

int64_t Observations::first_ns() const {
  std::lock_guard lock(mutex_);
  return first_ns_;
}

uint64_t Observations::truncated() const {
  std::lock_guard lock(mutex_);
  return truncated_;
}

}  // namespace scaleout::scenarios
