// Fleet: the load generator's clients, connected and driven step by step (see fleet.hpp).
#include "fleet.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

namespace scaleout::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

Fleet::Fleet(const LoadgenOptions& options) : options_(options), room_sizes_(options.rooms, 0) {
  const size_t clients = options.clients;
  const size_t rooms = options.rooms;
  for (size_t i = 0; i < clients; ++i)
    ++room_sizes_[i % rooms];
  const std::vector<Role> roles = assign_roles();

  const size_t threads = static_cast<size_t>(options.threads);
  std::vector<std::vector<ClientSpec>> specs(threads);
  size_t next_counter_thread = 0;
  for (size_t i = 0; i < clients; ++i) {
    ClientSpec spec;
    spec.room = i % rooms;
    spec.room_name = options.room_prefix + std::to_string(spec.room);
    spec.server = options.servers[(i / rooms) % options.servers.size()];
    spec.role = roles[i];
    size_t thread = 0;
    if (spec.role == Role::kCounter && threads > 1) {
      thread = 1 + next_counter_thread++ % (threads - 1);
    }
    specs[thread].push_back(std::move(spec));
  }
  for (size_t t = 0; t < threads; ++t) {
    workers_.push_back(std::make_unique<Worker>());
    workers_.back()->start();
  }
  specs_ = std::move(specs);
}

// Publisher k publishes to room r = k % R from the room's member number (k / R + r), so the
// publishers of successive rooms sit on successive servers and every server takes says from its
// own clients. Live clients are the first others in client order.
std::vector<Role> Fleet::assign_roles() const {
  const size_t rooms = options_.rooms;
  std::vector<Role> roles(options_.clients, Role::kCounter);
  for (size_t k = 0; k < options_.publishers; ++k) {
    const size_t room = k % rooms;
    const size_t member = (k / rooms + room) % room_sizes_[room];
    roles[room + member * rooms] = Role::kPublisher;
  }
  size_t live = 0;
  for (size_t i = 0; i < options_.clients && live < options_.live_clients; ++i) {
    if (roles[i] == Role::kPublisher) continue;
    roles[i] = Role::kLive;
    ++live;
  }
  return roles;
}

Fleet::~Fleet() {
  for (auto& worker : workers_)
    worker->stop();
}

std::string Fleet::connect(bool join) {
  const size_t window_each = std::max<size_t>(1, options_.connect_window / workers_.size());
  for (size_t t = 0; t < workers_.size(); ++t)
    workers_[t]->connect(std::move(specs_[t]), window_each, join);
  const auto start = Clock::now();
  auto last_report = start;
  for (;;) {
    uint64_t done = 0;
    uint64_t failed = 0;
    for (const auto& worker : workers_) {
      done += join ? worker->joined() : worker->connected();
      failed += worker->failed();
    }
    if (failed > 0) return std::to_string(failed) + " clients failed, first: " + first_error();
    if (done == options_.clients) return "";
    const auto now = Clock::now();
    if (seconds_between(start, now) > options_.connect_timeout_s) {
      return "only " + std::to_string(done) + " of " + std::to_string(options_.clients) +
             " clients ready after " + std::to_string(options_.connect_timeout_s) + " s";
    }
    if (seconds_between(last_report, now) > 2) {
      std::cerr << "scaleout-loadgen: " << done << " of " << options_.clients << " clients ready"
                << std::endl;
      last_report = now;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Fleet::start_batching() {
  if (options_.batch_ms <= 0) return;
  for (size_t t = 1; t < workers_.size(); ++t)
    workers_[t]->start_batching(std::chrono::milliseconds(options_.batch_ms));
}

StepCounts Fleet::run_step(double rate) {
  StepCounts step;
  step.rate = rate;
  const uint64_t delivered_before = delivered();
  const uint64_t disconnected_before = disconnected();
  for (auto& worker : workers_)
    worker->take_latencies().wait();  // drop what came in between steps

  const auto start = Clock::now();
  const auto total =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(rate * options_.step_seconds)));
  // Publishers live on thread 0 only (see the layout).
  const std::vector<uint64_t> sent =
      workers_[0]->publish(rate, total, options_.rooms, options_.payload_bytes).get();
  const auto sent_end = Clock::now();
  for (size_t room = 0; room < sent.size(); ++room) {
    step.says += sent[room];
    step.expected += sent[room] * room_sizes_[room];
  }

  // Wait for the stragglers; polling slowly, since every wake-up costs CPU the servers need.
  uint64_t seen = delivered() - delivered_before;
  auto last_change = Clock::now();
  while (seen < step.expected && seconds_between(sent_end, Clock::now()) < options_.drain_seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const uint64_t now_seen = delivered() - delivered_before;
    if (now_seen != seen) {
      seen = now_seen;
      last_change = Clock::now();
    }
  }
  const auto end = Clock::now();
  step.delivered = seen;
  step.send_seconds = seconds_between(start, sent_end);
  step.active_seconds = std::max(step.send_seconds, seconds_between(start, last_change));
  step.total_seconds = seconds_between(start, end);
  for (auto& worker : workers_) {
    auto latencies = worker->take_latencies().get();
    step.latencies_ns.insert(step.latencies_ns.end(), latencies.begin(), latencies.end());
  }
  step.disconnected = disconnected() - disconnected_before;
  return step;
}

uint64_t Fleet::delivered() const {
  uint64_t sum = 0;
  for (const auto& worker : workers_)
    sum += worker->delivered();
  return sum;
}

uint64_t Fleet::disconnected() const {
  uint64_t sum = 0;
  for (const auto& worker : workers_)
    sum += worker->disconnected();
  return sum;
}

std::string Fleet::first_error() const {
  for (const auto& worker : workers_) {
    auto error = worker->first_error();
    if (!error.empty()) return error;
  }
  return "";
}

}  // namespace scaleout::bench
