// test_balancer: a LoadBalancer alone in a process, for the interop tests to put in front of
// `scaleout serve` processes. Runs until SIGINT or SIGTERM.
//   test_balancer --policy sticky-sid --backend s1:3001 --backend s2:3002 [--port N]
// Prints `balancer listening on http://127.0.0.1:PORT` once it accepts connections.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "scaleout/balancer/load_balancer.hpp"

namespace {

int usage(const std::string& problem) {
  std::cerr << "test_balancer: " << problem << "\n"
            << "usage: test_balancer --policy round-robin|least-connections|sticky-sid|"
               "sticky-cookie --backend NAME:PORT ... [--port PORT]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  scaleout::sim::LoadBalancerOptions options;
  std::vector<scaleout::sim::Backend> backends;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--policy") {
      auto policy = scaleout::sim::parse_balance_policy(value);
      if (!policy) return usage("unknown policy '" + value + "'");
      options.policy = *policy;
    } else if (flag == "--backend") {
      const size_t colon = value.rfind(':');
      if (colon == std::string::npos || colon == 0) return usage("--backend takes NAME:PORT");
      const int port = std::atoi(value.c_str() + colon + 1);
      if (port <= 0 || port > 65535) return usage("bad port in '" + value + "'");
      backends.push_back({value.substr(0, colon), "127.0.0.1", static_cast<uint16_t>(port)});
    } else if (flag == "--port") {
      options.port = static_cast<uint16_t>(std::atoi(value.c_str()));
    } else {
      return usage("unknown option " + flag);
    }
  }

  // Blocked before the balancer's thread starts, so that only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  scaleout::sim::LoadBalancer balancer(options);
  balancer.set_backends(backends);
  try {
    balancer.start();
  } catch (const std::exception& error) {
    std::cerr << "test_balancer: " << error.what() << "\n";
    return 1;
  }
  std::cout << "balancer listening on " << balancer.url() << " ("
            << scaleout::sim::to_string(options.policy) << ")" << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  balancer.stop();
  return 0;
}
