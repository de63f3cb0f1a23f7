// Scenario: the small behaviours of the plain data (marks, texts, comparisons, descriptions).
#include "scaleout/scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>
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

std::string number_text(double value) {
  std::ostringstream out;
  // Whole numbers in full ("1000000", not "1e+06"): key counts are written that way.
  if (value == std::floor(value) && std::abs(value) < 1e15) {
    out << static_cast<int64_t>(value);
  } else {
    out << value;
  }
  return out.str();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string subject(const std::string& mid) {
  return mid == "*" ? std::string("messages") : mid;
}

}  // namespace

std::string SourceMark::to_string() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const std::vector<std::string>& compare_metrics() {
  static const std::vector<std::string> kMetrics = {
      "deliveries", "deliveries_per_s", "p50",           "p99",      "max",
      "lost",       "published",        "redis_errors",  "duration", "servers",
      "clients",    "redis_ops",        "redis_received"};
  return kMetrics;
}

const std::string& Text::in(Language language) const {
  return language == Language::kKorean && !ko.empty() ? ko : en;
}

bool Comparison::holds(double measured) const {
  switch (op) {
    case Op::kEqual:
      return measured == value;
    case Op::kNotEqual:
      return measured != value;
    case Op::kLess:
      return measured < value;
    case Op::kLessOrEqual:
      return measured <= value;
    case Op::kGreater:
      return measured > value;
    case Op::kGreaterOrEqual:
      return measured >= value;
  }
  return false;
}

std::string Comparison::to_string() const {
  static constexpr const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
  return std::string(kOps[static_cast<int>(op)]) + " " + number_text(value);
}

std::string LatencyBound::to_string() const {
  static constexpr const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
  return "p(" + number_text(percentile) + ") " + kOps[static_cast<int>(bound_ms.op)] + " " +
         number_text(bound_ms.value) + "ms";
}

bool Expectation::is_count() const {
  return std::holds_alternative<expect::Delivered>(what) ||
         std::holds_alternative<expect::Dropped>(what) ||
         std::holds_alternative<expect::Published>(what) ||
         std::holds_alternative<expect::Latency>(what) ||
         std::holds_alternative<expect::RedisErrors>(what) ||
         std::holds_alternative<expect::Totals>(what) ||
         std::holds_alternative<expect::LatencyRatio>(what) ||
         std::holds_alternative<expect::RedisReceived>(what) ||
         std::holds_alternative<expect::Disconnected>(what);
}

std::string Expectation::describe() const {
  std::string out = describe_what();
  if (throughout)
    out += " throughout " + number_text(static_cast<double>(window.count()) / 1000) + "s";
  return out;
}

std::string Expectation::describe_what() const {
  return std::visit(
      Overloaded{
          [](const expect::Delivered& e) {
            std::string out = subject(e.mid) + " delivered";
            if (e.count) out += " " + e.count->to_string();
            if (!e.to.empty()) out += " to " + joined(e.to);
            if (!e.not_to.empty()) out += ", not to " + joined(e.not_to);
            return out;
          },
          [](const expect::Dropped& e) {
            std::string out = subject(e.mid) + " dropped";
            if (e.count) out += " " + e.count->to_string();
            if (!e.to.empty()) out += " for " + joined(e.to);
            if (!e.reason.empty()) out += " (" + e.reason + ")";
            return out;
          },
          [](const expect::Published& e) {
            std::string out = subject(e.mid) + " published";
            if (e.count) out += " " + e.count->to_string();
            if (!e.channel.empty()) out += " on " + e.channel;
            return out;
          },
          [](const expect::Latency& e) {
            return std::string(e.cross_server ? "cross-server " : "") + "delivery latency " +
                   e.bound.to_string();
          },
          [](const expect::LatencyRatio& e) {
            return "p(" + number_text(e.percentile) + ") of " +
                   (e.cross_server ? "cross-server " : "") + "deliveries during " + e.of +
                   " / during " + e.to + " " + e.ratio.to_string();
          },
          [](const expect::RedisKeys& e) { return "keys in Redis " + e.count.to_string(); },
          [](const expect::RedisReceived& e) {
            return "messages from Redis to " + (e.on.empty() ? std::string("each server") : e.on) +
                   " " + e.messages.to_string();
          },
          [](const expect::RedisErrors& e) { return "Redis errors " + e.count.to_string(); },
          [](const expect::StoreRun& e) {
            std::string out = e.store + " with " + std::to_string(e.threads) +
                              (e.threads == 1 ? " thread:" : " threads:");
            if (e.ops_per_second) out += " ops/s " + e.ops_per_second->to_string();
            if (e.operations) out += " operations " + e.operations->to_string();
            if (e.waiting_percent) out += " waiting % " + e.waiting_percent->to_string();
            if (e.contended_percent) out += " contended % " + e.contended_percent->to_string();
            return out;
          },
          [](const expect::Disconnected& e) {
            return "share of clients disconnected (%) " + e.percent.to_string();
          },
          [](const expect::GaugeValue& e) { return e.name + " " + e.value.to_string(); },
          [](const expect::Servers& e) { return "running servers " + e.count.to_string(); },
          [](const expect::Clients& e) {
            std::string out = "connected clients";
            if (!e.on.empty()) out += " on " + e.on;
            if (!e.room.empty()) out += " in " + e.room;
            if (e.transport) out += std::string(" over ") + sim::to_string(*e.transport);
            if (e.reconnected) out += *e.reconnected ? " that reconnected" : " never reconnected";
            return out + " " + e.count.to_string();
          },
          [](const expect::Client& e) {
            std::string out = e.name;
            if (e.connected) out += *e.connected ? " connected" : " not connected";
            if (!e.on.empty()) out += " on " + e.on;
            if (e.rooms) out += " in [" + joined(*e.rooms) + "]";
            if (!e.error.empty()) out += " with error '" + e.error + "'";
            if (e.heard) out += " heard " + e.heard->to_string();
            return out;
          },
          [](const expect::Subscribers& e) {
            return "servers subscribed to " + e.channel + " " + e.count.to_string();
          },
          [](const expect::Redis& e) {
            switch (e.state) {
              case expect::Redis::State::kUp:
                return std::string("Redis up, every server linked");
              case expect::Redis::State::kDown:
                return std::string("Redis down");
              case expect::Redis::State::kPaused:
                return std::string("Redis paused");
            }
            return std::string();
          },
          [](const expect::Recalled& e) {
            return e.client + " recalls " + e.key + " from " + sim::to_string(e.store) + ": " +
                   (e.value ? "'" + *e.value + "'" : std::string("nothing"));
          },
          [](const expect::Totals& e) {
            std::string out;
            auto add = [&](const char* name, const std::optional<Comparison>& value) {
              if (value)
                out += (out.empty() ? "" : ", ") + std::string(name) + " " + value->to_string();
            };
            add("delivered", e.delivered);
            add("lost", e.lost);
            add("duplicated", e.duplicated);
            if (e.latency)
              out += (out.empty() ? "" : ", ") + std::string("latency ") + e.latency->to_string();
            return "run totals: " + out;
          },
      },
      what);
}

bool WorldSpec::has_redis() const {
  return !redis.empty() || sim::uses_redis(adapter) ||
         std::any_of(server_adapters.begin(), server_adapters.end(), sim::uses_redis);
}

int Scenario::find_step(const std::string& id) const {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace scaleout::scenarios
