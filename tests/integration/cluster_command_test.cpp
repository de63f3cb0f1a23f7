// `scaleout cluster` as a user runs it: it starts an embedded redis-server, and however it is
// ended (Ctrl-C, SIGTERM, even SIGKILL) that redis-server does not outlive it.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "scaleout/process/child_process.hpp"
#include "support/client_pool.hpp"

namespace scaleout::test {
namespace {

// True when `pid` is gone, or a zombie nobody has reaped yet (it runs no more).
bool process_gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

struct RunningCluster {
  std::unique_ptr<sim::ChildProcess> process;
  pid_t redis_pid = 0;
  std::string log;
};

RunningCluster start_cluster_command() {
  RunningCluster running;
  running.log = (std::filesystem::temp_directory_path() /
                 ("cluster-" + std::to_string(getpid()) + "-" + std::to_string(rand()) + ".log"))
                    .string();
  sim::ChildProcessOptions options;
  options.argv = {SCALEOUT_BIN, "cluster", "--servers", "2", "--bots", "4"};
  options.log_path = running.log;
  running.process = std::make_unique<sim::ChildProcess>(options);
  std::smatch match;
  const std::regex ready(R"(embedded redis-server \(pid (\d+)\))");
  EXPECT_TRUE(wait_until(
      [&] {
        std::string output = running.process->log_tail(200);
        if (std::regex_search(output, match, ready)) {
          running.redis_pid = std::stoi(match[1]);
          return output.find("load balancer on") != std::string::npos;
        }
        return false;
      },
      10s))
      << running.process->log_tail(50);
  return running;
}

class ClusterCommand : public ::testing::TestWithParam<int> {};

TEST_P(ClusterCommand, EndingItLeavesNoRedisServerBehind) {
  const int signal = GetParam();
  RunningCluster running = start_cluster_command();
  ASSERT_GT(running.redis_pid, 0);
  ASSERT_FALSE(process_gone(running.redis_pid));
  running.process->signal(signal);
  ASSERT_TRUE(running.process->wait_exit(15s)) << "the cluster did not stop";
  if (signal != SIGKILL) {
    EXPECT_EQ(running.process->exit_status(), 0) << running.process->log_tail(20);
  }
  EXPECT_TRUE(wait_until([&] { return process_gone(running.redis_pid); }, 5s))
      << "redis-server " << running.redis_pid << " outlived the cluster";
  std::filesystem::remove(running.log);
}

INSTANTIATE_TEST_SUITE_P(Signals, ClusterCommand, ::testing::Values(SIGINT, SIGTERM, SIGKILL),
                         [](const auto& info) {
                           return std::string(info.param == SIGINT    ? "Interrupt"
                                              : info.param == SIGTERM ? "Terminate"
                                                                      : "Kill");
                         });

}  // namespace
}  // namespace scaleout::test
