// World: starting and stopping the whole world, the command queue, and the controller thread
// that runs commands and takes the status. How each command is carried out is in
// world_execute.cpp.
#include "scaleout/world/world.hpp"

#include <algorithm>

#include "redis_monitor.hpp"
#include "scaleout/adapter/clock.hpp"
#include "scaleout/autoscale/autoscaler.hpp"
#include "scaleout/stores/store_bench.hpp"
#include "store_gauges.hpp"

namespace scaleout::sim {

World::World(WorldOptions options)
    : options_(std::move(options)),
      collector_(options_.trace),
      store_bench_(std::make_unique<StoreBench>()) {
  collector_.add_sink(&stats_);
}

World::~World() {
  stop();
}

void World::start() {
  if (started_) return;
  ClusterOptions cluster_options = options_.cluster;
  cluster_options.trace = nullptr;
  if (options_.record_trace) {
    world_trace_ = collector_.register_server("world");
    collector_.start();
    cluster_options.trace = &collector_;
  }
  cluster_ = std::make_unique<Cluster>(cluster_options);
  if (notice_) cluster_->set_notice_handler(notice_);
  try {
    cluster_->start();
  } catch (...) {
    cluster_->stop();
    cluster_.reset();
    if (options_.record_trace) collector_.stop();
    throw;
  }
  if (options_.memcached) {
    std::string error;
    if (!ensure_memcached(&error)) {
      cluster_->stop();
      cluster_.reset();
      if (options_.record_trace) collector_.stop();
      throw std::runtime_error(error);
    }
  }
  started_ = true;
  if (cluster_->has_redis()) {
    redis_monitor_ =
        std::make_unique<RedisMonitor>(cluster_->redis_endpoint(), options_.redis_poll_period);
  }
  fleet_.start();
  if (cluster_->balancer()) fleet_.set_port("", cluster_->balancer()->port());
  autoscaler_ = std::make_unique<Autoscaler>(
      cluster_->scaling(), stats_,
      [this](const std::string& command, bool ok, const std::string& message) {
        world_trace_.command(command, ok, message);
        if (notice_) notice_("world", (ok ? "" : "failed: ") + command + ": " + message);
      });
  if (options_.bots.count > 0 && cluster_->balancer()) {
    BotOptions bots = options_.bots;
    bots.host = "127.0.0.1";
    bots.port = cluster_->balancer()->port();
    bots_ = std::make_unique<Bots>(bots);
    bots_->start();
  }
  take_status();
  stopping_ = false;
  controller_ = std::thread([this] { run_controller(); });
}

void World::stop() {
  if (!started_) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  controller_.join();
  store_bench_->stop();
  if (memcached_) memcached_->stop();
  autoscaler_.reset();
  if (bots_) bots_->stop();
  fleet_.stop();
  redis_monitor_.reset();
  if (redis_paused_ && cluster_->embedded_redis()) cluster_->embedded_redis()->resume();
  cluster_->stop();
  if (options_.record_trace) collector_.stop();
  started_ = false;
}

uint64_t World::submit(WorldCommand command) {
  uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    queue_.push_back({id, std::move(command)});
  }
  wake_.notify_all();
  return id;
}

std::vector<CommandOutcome> World::outcomes_since(uint64_t after) const {
  std::lock_guard lock(mutex_);
  auto first =
      std::upper_bound(outcomes_.begin(), outcomes_.end(), after,
                       [](uint64_t id, const CommandOutcome& outcome) { return id < outcome.id; });
  return std::vector<CommandOutcome>(first, outcomes_.end());
}

bool World::idle() const {
  std::lock_guard lock(mutex_);
  return queue_.empty() && running_id_ == 0;
}

std::shared_ptr<const WorldStatus> World::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void World::record(CommandOutcome outcome) {
  outcome.t_ns = adapter::monotonic_ns();
  world_trace_.command(outcome.command, outcome.ok, outcome.message);
  if (notice_)
    notice_("world", (outcome.ok ? "" : "failed: ") + outcome.command + ": " + outcome.message);
  std::lock_guard lock(mutex_);
  outcomes_.push_back(std::move(outcome));
}

bool World::ensure_memcached(std::string* error) {
  if (memcached_ && memcached_->running()) return true;
  try {
    if (!memcached_) memcached_ = std::make_unique<MemcachedProcess>(options_.memcached_options);
    memcached_->start();
    return true;
  } catch (const std::exception& failure) {
    *error = std::string("memcached could not start: ") + failure.what();
    return false;
  }
}

void World::collect_store_runs() {
  for (auto& run : store_bench_->take_finished()) {
    store_runs_.push_back(run);
    unreported_runs_.push_back(std::move(run));
  }
  while (!unreported_runs_.empty()) {
    CommandOutcome outcome;
    {
      // Outcomes are kept in the order of their ids: a run's report takes the next id only while
      // no submitted command waits to run (whose smaller id would then be recorded after it).
      std::lock_guard lock(mutex_);
      if (!queue_.empty() || running_id_ != 0) return;
      outcome.id = next_id_++;
    }
    StoreRun run = std::move(unreported_runs_.front());
    unreported_runs_.erase(unreported_runs_.begin());
    outcome.command = "store-bench " + run.store + " threads " + std::to_string(run.threads);
    outcome.ok = run.error.empty();
    outcome.message = describe(run);
    record(std::move(outcome));
  }
}

void World::run_controller() {
  auto next_status = std::chrono::steady_clock::now() + options_.status_period;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto wake_at = next_status;
    for (const auto& timed : timed_)
      wake_at = std::min(wake_at, timed.at);
    const bool holding = std::chrono::steady_clock::now() < hold_until_;
    if (holding) wake_at = std::min(wake_at, hold_until_);
    wake_.wait_until(lock, wake_at, [&] { return stopping_ || (!holding && !queue_.empty()); });
    if (stopping_) break;
    if (!queue_.empty() && std::chrono::steady_clock::now() >= hold_until_) {
      Pending pending = std::move(queue_.front());
      queue_.pop_front();
      running_id_ = pending.id;
      lock.unlock();
      CommandOutcome outcome = execute(pending.command);
      outcome.id = pending.id;
      outcome.command = describe(pending.command);
      record(std::move(outcome));
      lock.lock();
      running_id_ = 0;
    }
    const auto now = std::chrono::steady_clock::now();
    lock.unlock();
    for (size_t i = 0; i < timed_.size();) {
      if (timed_[i].at > now) {
        ++i;
        continue;
      }
      WorldCommand due = std::move(timed_[i].command);
      timed_.erase(timed_.begin() + static_cast<std::ptrdiff_t>(i));
      CommandOutcome outcome = execute(due);
      outcome.command = describe(due) + " (scheduled)";
      record(std::move(outcome));
    }
    if (now >= next_status) {
      autoscaler_->tick(status()->world.servers);
      take_status();
      next_status = now + options_.status_period;
    }
    lock.lock();
  }
}

void World::report_progress(const WorldCommand& command, uint64_t done, uint64_t total) {
  // A few times a second is enough to watch, and each one copies the status.
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - progress_shown_ < std::chrono::milliseconds(100)) return;
  progress_shown_ = now;
  std::lock_guard lock(mutex_);
  auto status = std::make_shared<WorldStatus>(*status_);
  status->progress = CommandProgress{describe(command), done, total};
  // Redis' own figures go on changing meanwhile (its keys, above all).
  if (redis_monitor_) {
    const RedisStatus before = status->redis;
    status->redis = redis_monitor_->latest();
    status->redis.embedded = before.embedded;
    status->redis.running = before.running;
    status->redis.paused = before.paused;
  }
  status_ = std::move(status);
}

namespace {

// The capacity model's figures of each modelled server, as gauges for the views and the
// lessons' tables: "s1.utilization" (%) and "s1.queue_ms".
void add_capacity_gauges(WorldStatus& status) {
  for (const ServerSnapshot& server : status.world.servers) {
    if (server.load.vcpus == 0) continue;
    status.gauges.push_back({server.name + ".utilization", 100.0 * server.load.utilization, "%",
                             /*modelled=*/true});
    status.gauges.push_back({server.name + ".queue_ms", server.load.queue_wait_ms, "ms",
                             /*modelled=*/true});
  }
}

}  // namespace

// The figures the comparison tables and plots take: servers at work, and the autoscaler's.
void World::add_autoscaler_gauges(WorldStatus& status) {
  int running = 0;
  int draining = 0;
  for (const auto& server : status.world.servers) {
    running += server.running ? 1 : 0;
    draining += server.running && server.draining ? 1 : 0;
  }
  status.gauges.push_back({"servers", static_cast<double>(running), "servers", false});
  status.gauges.push_back({"servers.draining", static_cast<double>(draining), "servers", false});
  const AutoscalerStatus& autoscaler = status.autoscaler;
  if (!autoscaler.on) return;
  double metric = 0;
  if (!autoscaler.decisions.empty()) metric = autoscaler.decisions.back().metric;
  status.gauges.push_back(
      {"autoscaler.desired", static_cast<double>(autoscaler.desired), "servers", false});
  status.gauges.push_back({"autoscaler.metric", metric, autoscaler.metric_unit, false});
  status.gauges.push_back(
      {"autoscaler.target", autoscaler.settings.target, autoscaler.metric_unit, false});
}

void World::take_status() {
  auto status = std::make_shared<WorldStatus>();
  status->world = cluster_->snapshot();
  if (redis_monitor_) {
    status->redis = redis_monitor_->latest();
    status->redis.embedded = cluster_->embedded_redis() != nullptr;
    status->redis.running =
        cluster_->embedded_redis() ? cluster_->embedded_redis()->running() : true;
    status->redis.paused = redis_paused_;
  }
  if (auto* balancer = cluster_->balancer()) {
    status->balancer_url = balancer->url();
    status->policy = to_string(balancer->policy());
    status->balancer = balancer->stats();
  }
  if (bots_) {
    status->bots.count = options_.bots.count;
    status->bots.connected = bots_->connected();
    status->bots.said = bots_->said();
    status->bots.heard = bots_->heard();
    status->bots.says_per_second = bots_->rate();
  }
  status->clients = fleet_.status();
  collect_store_runs();
  status->store_runs = store_runs_;
  status->store_live = store_bench_->live();
  add_store_gauges(*status);
  if (memcached_) {
    status->memcached = MemcachedStatus{true, memcached_->running(), memcached_->pid(),
                                        memcached_->port(), options_.memcached_options.threads};
  }
  add_capacity_gauges(*status);
  status->autoscaler = autoscaler_->status();
  add_autoscaler_gauges(*status);
  status->taken_ns = adapter::monotonic_ns();
  std::lock_guard lock(mutex_);
  status_ = std::move(status);
}

}  // namespace scaleout::sim
