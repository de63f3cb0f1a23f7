// CapacityQueue: the capacity model (instance_capacity.hpp) on a server's io_context. Work the
// model says costs something (handling an event, writing a delivery) waits here until a virtual
// core has done it: a job runs at its start time plus its cost, in arrival order, from one asio
// timer, so the io thread never blocks. A server without a model has no CapacityQueue, and its
// work runs at once as before.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>

#include "scaleout/server/capacity_model.hpp"
#include "scaleout/server/instance_capacity.hpp"

namespace scaleout::sim {

class CapacityQueue {
 public:
  CapacityQueue(boost::asio::io_context& io, const InstanceCapacity& capacity);

  // `work` runs once a vCPU has spent the event's (or delivery's) cost on it.
  void handle_event(std::function<void()> work) { submit(event_cost_ns_, std::move(work)); }
  void deliver(std::function<void()> work) { submit(delivery_cost_ns_, std::move(work)); }

  InstanceLoad load() const;

 private:
  struct Job {
    int64_t done_ns;
    std::function<void()> work;
  };
  void submit(int64_t cost_ns, std::function<void()> work);
  void arm();
  void run_due();

  boost::asio::steady_timer timer_;
  CapacityModel model_;
  int64_t event_cost_ns_;
  int64_t delivery_cost_ns_;
  std::deque<Job> jobs_;  // in arrival order
  bool armed_ = false;
};

}  // namespace scaleout::sim
