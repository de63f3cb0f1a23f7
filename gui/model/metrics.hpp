// Metrics: what the Metrics panel plots — per second, over the last five minutes, for the whole
// world and for each server: messages received from clients, published to Redis, received from
// Redis, delivered and lost, the delivery latency p50/p99 (from a message's arrival at its first
// server to its bytes leaving for each member), and Redis' operations per second when the world
// reports them. Built from trace events alone, so a recording plots exactly as the live run did.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>

#include "scaleout/trace/latency_histogram.hpp"
#include "scaleout/trace/trace_event.hpp"

namespace scaleout::gui {

struct SecondSample {
  int64_t second = 0;  // trace time, in whole seconds
  uint32_t received = 0;
  uint32_t published = 0;
  uint32_t from_redis = 0;
  uint32_t delivered = 0;
  uint32_t dropped = 0;
  float p50_ms = 0;
  float p99_ms = 0;
  float redis_ops = -1;  // -1: not known
  float servers = -1;    // running servers (the world's status); -1: not known
  float desired = -1;    // the autoscaler's desired count; -1: autoscaler off
};

class Metrics {
 public:
  static constexpr int kSeconds = 300;

  void on_event(const sim::TraceEvent& event, const std::string& server);
  // Closes every second that ended before `now_ns` (so quiet seconds still appear as zeros).
  void advance(int64_t now_ns);
  void set_redis_ops(double ops_per_second) { redis_ops_ = ops_per_second; }
  // The server count and the autoscaler's desired count (-1: off), from the world's status.
  void set_servers(double servers, double desired) {
    servers_now_ = servers;
    desired_now_ = desired;
  }

  using Series = std::deque<SecondSample>;
  const Series& total() const { return total_.closed; }
  // Per server name; a server's series starts with its first event.
  std::map<std::string, const Series*> per_server() const;
  // The latest closed second of the whole world, or an empty sample.
  SecondSample latest() const {
    return total_.closed.empty() ? SecondSample{} : total_.closed.back();
  }

 private:
  struct Track {
    Series closed;
    SecondSample open;
    sim::LatencyHistogram latency;
    bool started = false;
  };
  void count(Track& track, const sim::TraceEvent& event, int64_t latency_ns);
  void close_until(Track& track, int64_t second);
  void forget_old_arrivals(int64_t now_ns);

  Track total_;
  std::map<std::string, Track> servers_;
  std::unordered_map<std::string, int64_t> arrived_ns_;  // mid -> when it reached its first server
  std::deque<std::pair<int64_t, std::string>> arrival_order_;
  double redis_ops_ = -1;
  double servers_now_ = -1;
  double desired_now_ = -1;
  int64_t current_second_ = 0;
};

}  // namespace scaleout::gui
