// InstanceCapacity: the capacity model of one server instance (docs/capacity-model.md). An
// instance has a size in vCPUs, a cost per event (a client's emit it handles) and per delivery (a
// broadcast packet it writes to one member, also for broadcasts arriving from Redis), and a
// connection limit that grows with its size. Its work waits FIFO for one of its virtual cores, so
// an instance of that size saturates where a machine of that size would. Real messages still cross
// real sockets and the real Redis: the model only decides how fast the instance may work.
// Size 0 (the default) is no model: the instance works as fast as this machine lets it.
#pragma once

#include <algorithm>
#include <cstddef>

namespace scaleout::sim {

// The costs measured by bench/capacity_bench on the development machine (2-vCPU AMD EPYC VM,
// RelWithDebInfo, docs/capacity-model.md), in microseconds of one core's time, before the
// classroom slowdown.
inline constexpr double kMeasuredEventCostUs = 5.2;
inline constexpr double kMeasuredDeliveryCostUs = 0.8;
// The model's costs are the measured ones times this, so that a 1-vCPU instance saturates at a
// rate a lesson reaches with real sockets on a 2-core machine: about 200 deliveries a second
// (a delivery costs 4.8 ms of the model's vCPU, an event 31 ms).
inline constexpr double kClassroomSlowdown = 6000.0;

inline constexpr int kMaxVcpus = 64;  // the largest size a world command or YAML may ask for

struct InstanceCapacity {
  int vcpus = 0;  // 0: no model
  double event_cost_us = kMeasuredEventCostUs * kClassroomSlowdown;
  double delivery_cost_us = kMeasuredDeliveryCostUs * kClassroomSlowdown;
  size_t clients_per_vcpu = 2000;  // the connection limit is vcpus times this

  bool modelled() const { return vcpus > 0; }
  // The most clients the instance takes: the options' max_clients, or less for a small model.
  size_t client_limit(size_t max_clients) const {
    return modelled() ? std::min(max_clients, static_cast<size_t>(vcpus) * clients_per_vcpu)
                      : max_clients;
  }
};

// What the model says about an instance now (all modelled, none measured).
struct InstanceLoad {
  int vcpus = 0;             // 0: no model
  double utilization = 0;    // busy share of its vCPUs over the last second, 0..1
  size_t queue_length = 0;   // events and deliveries waiting for a free vCPU
  double queue_wait_ms = 0;  // how long work arriving now waits for a vCPU
};

}  // namespace scaleout::sim
