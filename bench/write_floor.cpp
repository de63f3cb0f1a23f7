// scaleout-write-floor: the floor under a delivery on this machine, measured in the same run as
// the servers (scripts/bench). One writer process, shaped like one of our servers in the fan-out
// benchmark, holds --sockets loopback TCP connections and, at each rate in turn, for every say
// writes one --frame-bytes frame to each of the say's room members (say j goes to room j % rooms;
// socket i is in room i % rooms), one write() each, paced evenly in time and sleeping between
// says: what a server would pay if a delivery cost nothing but its write. A reader process of its
// own (forked) drains the sockets in batches, sleeping outside any poll in between, as the load
// generator's counting clients do, so the writer never pays for waking it. Prints one JSON line
// per step: says/s, writes/s, and the writer's CPU per write (user, system), from getrusage.
// Exit codes: 0 done, 1 failed (sockets, the reader), 2 bad command line.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Options {
  size_t sockets = 200;
  size_t rooms = 4;
  size_t frame_bytes = 160;
  std::vector<double> rates = {100, 500, 1000};
  double step_seconds = 3;
  int batch_ms = 20;  // as the load generator's counting clients
  int reader_cpu = -1;
};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

double cpu_seconds(const timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

int64_t now_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

void sleep_until(int64_t at_ns) {
  const timespec at{static_cast<time_t>(at_ns / 1'000'000'000),
                    static_cast<long>(at_ns % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
  }
}

// The reader: connects every socket, then drains them all every batch_ms until its parent goes.
[[noreturn]] void run_reader(uint16_t port, const Options& options) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (options.reader_cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(options.reader_cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
  }
  std::vector<int> sockets;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (size_t i = 0; i < options.sockets; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) _exit(1);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    sockets.push_back(fd);
  }
  std::vector<char> buffer(1 << 16);
  for (;;) {
    usleep(static_cast<useconds_t>(options.batch_ms) * 1000);
    for (int fd : sockets) {
      for (;;) {
        const ssize_t got = read(fd, buffer.data(), buffer.size());
        if (got > 0) continue;
        if (got == 0) _exit(0);  // the writer closed: done
        break;                   // EAGAIN: drained
      }
    }
  }
}

int run(const Options& options) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) fail("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("bind");
  if (listen(listener, 4096) != 0) fail("listen");
  if (getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    fail("getsockname");
  }
  const pid_t reader = fork();
  if (reader < 0) fail("fork");
  if (reader == 0) run_reader(ntohs(address.sin_port), options);

  std::vector<int> sockets;
  while (sockets.size() < options.sockets) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) fail("accept");
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // as our servers set it
    sockets.push_back(fd);
  }
  close(listener);

  const std::string frame(options.frame_bytes, 'x');
  for (double rate : options.rates) {
    const int64_t interval_ns = static_cast<int64_t>(1e9 / rate);
    const auto says = static_cast<uint64_t>(rate * options.step_seconds);
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    const int64_t start = now_ns();
    uint64_t writes = 0;
    for (uint64_t say = 0; say < says; ++say) {
      sleep_until(start + static_cast<int64_t>(say) * interval_ns);
      const size_t room = say % options.rooms;
      for (size_t i = room; i < sockets.size(); i += options.rooms) {
        if (write(sockets[i], frame.data(), frame.size()) != static_cast<ssize_t>(frame.size())) {
          fail("write");
        }
        ++writes;
      }
    }
    const double seconds = static_cast<double>(now_ns() - start) / 1e9;
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    const double user = cpu_seconds(after.ru_utime) - cpu_seconds(before.ru_utime);
    const double system = cpu_seconds(after.ru_stime) - cpu_seconds(before.ru_stime);
    const double per_write_us = writes ? (user + system) * 1e6 / static_cast<double>(writes) : 0;
    nlohmann::ordered_json line = {
        {"type", "step"},
        {"rate", rate},
        {"writes", writes},
        {"writes_per_s", static_cast<double>(writes) / seconds},
        {"members_per_say", options.sockets / options.rooms},
        {"frame_bytes", options.frame_bytes},
        {"cpu_us_per_write", per_write_us},
        {"user_us_per_write", writes ? user * 1e6 / static_cast<double>(writes) : 0},
        {"system_us_per_write", writes ? system * 1e6 / static_cast<double>(writes) : 0},
    };
    std::cout << line.dump() << std::endl;
  }
  for (int fd : sockets)
    close(fd);
  int status = 0;
  waitpid(reader, &status, 0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "scaleout-write-floor: the CPU one process pays per write() of a frame to a loopback "
      "socket, shaped like one server of the fan-out benchmark (a say = one write to each of its "
      "room's members on this server), with a reader process draining the sockets in batches. "
      "Prints one JSON line per rate. Exit codes: 0 done, 1 failed, 2 bad command line."};
  app.add_option("--sockets", options.sockets, "Connections the writer holds")
      ->capture_default_str()
      ->check(CLI::Range(1, 60000));
  app.add_option("--rooms", options.rooms, "Rooms; socket i is in room i % rooms")
      ->capture_default_str()
      ->check(CLI::Range(1, 60000));
  app.add_option("--frame-bytes", options.frame_bytes, "Bytes per write")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--rates", options.rates, "Says per second of each step, in order")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--step-seconds", options.step_seconds, "Duration of a step")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--batch-ms", options.batch_ms, "The reader drains every socket this often")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--reader-cpu", options.reader_cpu, "Pin the reader process to this CPU");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  if (options.rooms > options.sockets) {
    std::cerr << "scaleout-write-floor: need --rooms <= --sockets\n";
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  try {
    return run(options);
  } catch (const std::exception& error) {
    std::cerr << "scaleout-write-floor: " << error.what() << std::endl;
    return 1;
  }
}
