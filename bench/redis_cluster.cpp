// scaleout-redis-cluster: a real Redis Cluster (RedisClusterProcess) alone in a process, for the
// benchmark's cluster phase and the interop tests (Node servers and `scaleout serve` processes on
// one cluster). Runs until SIGINT or SIGTERM, then stops every node.
//   scaleout-redis-cluster [--primaries N] [--replicas R] [--password PW]
// Prints `redis-cluster ready: 127.0.0.1:P1,127.0.0.1:P2,...` once every node agrees, and
// `redis-cluster pids: PID1,PID2,...` (the nodes, in the same order) for CPU sampling.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "scaleout/process/redis_cluster_process.hpp"

namespace {

int usage(const std::string& problem) {
  std::cerr << "scaleout-redis-cluster: " << problem << "\n"
            << "usage: scaleout-redis-cluster [--primaries N] [--replicas R] [--password PW]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  scaleout::sim::RedisClusterOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--primaries") {
      options.primaries = std::atoi(value.c_str());
    } else if (flag == "--replicas") {
      options.replicas = std::atoi(value.c_str());
    } else if (flag == "--password") {
      options.password = value;
    } else {
      return usage("unknown option " + flag);
    }
  }
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  scaleout::sim::RedisClusterProcess cluster(options);
  try {
    cluster.start();
  } catch (const std::exception& error) {
    std::cerr << "scaleout-redis-cluster: " << error.what() << "\n";
    return 1;
  }
  std::string seeds;
  for (const auto& node : cluster.deployment().nodes)
    seeds += (seeds.empty() ? "" : ",") + node.host + ":" + std::to_string(node.port);
  std::string pids;
  for (size_t i = 0; i < cluster.size(); ++i)
    pids += (pids.empty() ? "" : ",") + std::to_string(cluster.node(i).pid());
  std::cout << "redis-cluster pids: " << pids << "\n"
            << "redis-cluster ready: " << seeds << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  cluster.stop();
  return 0;
}
