// The load generator's command line: which servers to load, the shape of the workload (clients,
// rooms, publishers, payload), the rising rates and when a step counts as saturated.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace scaleout::bench {

struct ServerUrl {
  std::string host;
  uint16_t port = 0;
  std::string path = "/socket.io/";
};

struct LoadgenOptions {
  std::vector<ServerUrl> servers;
  std::vector<pid_t> server_pids;  // sampled for CPU and RSS (optional)
  pid_t redis_pid = 0;             // sampled for CPU (optional)

  size_t clients = 400;
  size_t rooms = 4;
  size_t publishers = 0;    // 0: one per room
  size_t live_clients = 0;  // 0: two per room; clients that parse and time every `said`
  size_t payload_bytes = 64;
  std::vector<double> rates = {100, 200, 500, 1000, 2000, 4000, 8000};  // says per second
  double step_seconds = 3;
  double drain_seconds = 3;  // how long late deliveries are waited for after a step
  double p99_limit_ms = 50;  // a step with a higher p99 (or any loss) is saturated
  bool keep_going = false;   // run every rate even after a saturated step

  int threads = 2;              // io threads; thread 0 holds the publishers and live clients
  int batch_ms = 20;            // counting threads poll once per period; 0: as data comes
  size_t connect_window = 256;  // connections in flight at once
  double connect_timeout_s = 120;
  bool connect_only = false;  // connect, report time and server RSS, and leave
  bool wait_for_go = false;   // wait for a line on stdin before each step, and before leaving
  std::string room_prefix = "room-";
};

// Parses argv; on --help prints usage and exits 0, on a bad command line prints why and exits 2.
LoadgenOptions parse_options(int argc, char** argv);

}  // namespace scaleout::bench
