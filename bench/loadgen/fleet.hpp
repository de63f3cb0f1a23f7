// Fleet: every client of the load generator, laid out over servers, rooms and io threads, and
// the two things done with them: connect them all, and run one step at a given rate.
//
// Layout of client i (of C, with R rooms, S servers, P publishers, L live clients):
//   room i % R; server (i / R) % S, so every room spans every server and each server gets C / S
//   clients. Publisher k publishes to room k % R, from a member chosen so that the publishers
//   are spread over the servers too; the first L other clients are live; the rest count. Publishers
//   and live clients run on thread 0, which reads as data comes; counting clients are spread over
//   the other threads, which read in batches once the steps begin (see worker.hpp for why that
//   matters to the servers).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "options.hpp"
#include "worker.hpp"

namespace scaleout::bench {

struct StepCounts {
  double rate = 0;                    // offered says per second
  uint64_t says = 0;                  // says sent
  uint64_t expected = 0;              // deliveries owed: each say times the size of its room
  uint64_t delivered = 0;             // `said` frames counted
  double send_seconds = 0;            // from the first say to the last
  double active_seconds = 0;          // from the first say to the last delivery seen
  double total_seconds = 0;           // from the first say to the end of the wait for stragglers
  std::vector<int64_t> latencies_ns;  // from the live clients
  uint64_t disconnected = 0;          // clients lost during the step
};

class Fleet {
 public:
  explicit Fleet(const LoadgenOptions& options);
  ~Fleet();  // aborts every client and stops the threads
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // Connects every client and, when `join`, has each join its room. Returns "" once all are
  // done, or why not (a failure, or the timeout).
  std::string connect(bool join);
  // The counting threads read in batches from now on (no-op when --batch-ms is 0).
  void start_batching();
  StepCounts run_step(double rate);

  const std::vector<uint64_t>& room_sizes() const { return room_sizes_; }
  std::string first_error() const;

 private:
  std::vector<Role> assign_roles() const;
  uint64_t delivered() const;
  uint64_t disconnected() const;

  const LoadgenOptions& options_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::vector<ClientSpec>> specs_;  // per worker, until connect()
  std::vector<uint64_t> room_sizes_;
};

}  // namespace scaleout::bench
