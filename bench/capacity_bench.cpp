// capacity_bench: calibrates the capacity model (docs/capacity-model.md). It measures, on this
// machine, the CPU time one of our server instances spends per event (a client's `say` that it
// handles) and per delivery (one broadcast packet written to one member), with real clients on
// real loopback sockets. The server's own thread reads its CPU clock
// (CLOCK_THREAD_CPUTIME_ID) before and after each phase, so the clients, which run on another
// thread, are not counted:
//   phase A: says to a room whose only member is the sender (one event + one delivery each);
//   phase B: says to a room of M members (one event + M deliveries each).
// delivery = (B - A) / (M - 1) per say, event = A - delivery. Each phase is run several times
// and the median kept. The model's costs (instance_capacity.hpp) are these times the classroom
// slowdown factor.
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <future>
#include <thread>
#include <vector>

#include "scaleout/client/client.hpp"
#include "scaleout/server/instance_capacity.hpp"
#include "scaleout/server/server_instance.hpp"

using namespace scaleout;
namespace asio = boost::asio;

namespace {

int64_t thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1'000'000'000LL + now.tv_nsec;
}

// The clients of one run, all on one io thread of their own.
class Clients {
 public:
  Clients(uint16_t port, int members) : work_(io_.get_executor()) {
    thread_ = std::thread([this] { io_.run(); });
    std::promise<void> ready;
    asio::post(io_, [&, members] {
      auto left = std::make_shared<int>(members + 1);
      auto joined = [&ready, left] {
        if (--*left == 0) ready.set_value();
      };
      sim::ClientOptions options;
      options.port = port;
      sender_ = sim::Client::create(io_, options);
      sender_->connect([this, joined](const std::string&) {
        sender_->emit("join", protocol::Json::array({"solo"}), [this, joined](protocol::Json) {
          sender_->emit("join", protocol::Json::array({"crowd"}),
                        [joined](protocol::Json) { joined(); });
        });
      });
      for (int i = 0; i < members; ++i) {
        auto member = sim::Client::create(io_, options);
        members_.push_back(member);
        member->connect([member, joined](const std::string&) {
          member->emit("join", protocol::Json::array({"crowd"}),
                       [joined](protocol::Json) { joined(); });
        });
      }
    });
    ready.get_future().wait();
  }

  ~Clients() {
    asio::post(io_, [this] {
      sender_->close();
      for (auto& member : members_)
        member->close();
    });
    work_.reset();
    thread_.join();
  }

  // Says `count` messages to `room`, at most `window` waiting for their ack; returns when all
  // were acknowledged.
  void say(const std::string& room, int count, int window = 16) {
    std::promise<void> done;
    asio::post(io_, [&] {
      sent_ = acked_ = 0;
      for (int i = 0; i < window && sent_ < count; ++i)
        say_one(room, count, done);
    });
    done.get_future().wait();
  }

 private:
  void say_one(const std::string& room, int count, std::promise<void>& done) {
    ++sent_;
    sender_->emit("say", protocol::Json::array({protocol::Json{{"room", room}, {"text", "hi"}}}),
                  [this, room, count, &done](protocol::Json) {
                    if (++acked_ == count) return done.set_value();
                    if (sent_ < count) say_one(room, count, done);
                  });
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::shared_ptr<sim::Client> sender_;
  std::vector<std::shared_ptr<sim::Client>> members_;
  int sent_ = 0;
  int acked_ = 0;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Measures our server's CPU time per event and per delivery (docs/capacity-model.md)"};
  int says = 4000;
  int members = 20;
  int rounds = 5;
  app.add_option("--says", says, "says per phase")->check(CLI::Range(100, 1000000));
  app.add_option("--members", members, "members of the crowded room")->check(CLI::Range(2, 1000));
  app.add_option("--rounds", rounds, "times each phase runs (the median is kept)")
      ->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);

  sim::ServerOptions options;
  options.adapter = sim::AdapterKind::kMemory;
  sim::ServerInstance server(options);
  server.start();
  auto server_cpu = [&] { return server.call([](sim::SioServer&) { return thread_cpu_ns(); }); };
  {
    Clients clients(server.port(), members);
    clients.say("crowd", says / 4);  // warm up
    std::vector<double> solo, crowd;
    for (int round = 0; round < rounds; ++round) {
      std::fprintf(stderr, "round %d/%d\n", round + 1, rounds);
      for (auto [room, into] : {std::pair{"solo", &solo}, std::pair{"crowd", &crowd}}) {
        const int64_t before = server_cpu();
        clients.say(room, says);
        into->push_back(static_cast<double>(server_cpu() - before) / says / 1000.0);
      }
    }
    const double a = median(solo), b = median(crowd);
    const double delivery = (b - a) / (members - 1);
    const double event = a - delivery;
    std::printf("server CPU per say to a room of 1: %.2f us, of %d: %.2f us (median of %d)\n", a,
                members, b, rounds);
    std::printf("measured: event %.2f us, delivery %.2f us\n", event, delivery);
    std::printf(
        "model (x%.0f classroom slowdown): event %.2f ms, delivery %.2f ms; "
        "a 1-vCPU instance saturates at about %.0f deliveries/s\n",
        sim::kClassroomSlowdown, event * sim::kClassroomSlowdown / 1000,
        delivery * sim::kClassroomSlowdown / 1000, 1e6 / (delivery * sim::kClassroomSlowdown));
    std::printf("defaults in instance_capacity.hpp: event %.2f us, delivery %.2f us\n",
                sim::kMeasuredEventCostUs, sim::kMeasuredDeliveryCostUs);
  }
  server.stop();
  return 0;
}
