// LoadBalancer: the public face of the balancer. It owns the thread, the io_context and the
// Router; other threads reach the Router only by posting to that thread and waiting.
#include "scaleout/balancer/load_balancer.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "address_guard.hpp"
#include "proxy_session.hpp"
#include "router.hpp"
#include "scaleout/base/accept_loop.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class LoadBalancer::Core {
 public:
  explicit Core(const LoadBalancerOptions& options) : router(options), guard(options.per_address) {}

  // Declared first, destroyed last: connections and tunnels that die with the io_context still
  // hand their leases back to the Router's backends, and their tickets to the guard.
  Router router;
  AddressGuard guard;
  // Made anew by each start().
  std::unique_ptr<asio::io_context> io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::shared_ptr<AcceptLoop> accept_loop;
  std::shared_ptr<AcceptLoop> loopback_loop;  // also_on_loopback: 127.0.0.1, the same port
  std::thread thread;
};

namespace {

// Backends are usually given as IP literals; a host name is resolved here, on the caller's
// thread, so that the balancer's thread never waits on DNS.
std::optional<tcp::endpoint> resolve(const Backend& backend) {
  boost::system::error_code error;
  auto address = asio::ip::make_address(backend.host, error);
  if (!error) return tcp::endpoint(address, backend.port);
  asio::io_context io;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(backend.host, std::to_string(backend.port), error);
  if (error || results.empty()) return std::nullopt;
  return results.begin()->endpoint();
}

}  // namespace

template <class Task>
auto LoadBalancer::on_balancer_thread(Task task) const {
  using Result = decltype(task(core_->router));
  if (!running() || core_->io->get_executor().running_in_this_thread()) {
    return task(core_->router);
  }
  std::packaged_task<Result()> job([&] { return task(core_->router); });
  auto result = job.get_future();
  asio::post(*core_->io, [&job] { job(); });
  return result.get();
}

LoadBalancer::LoadBalancer(LoadBalancerOptions options)
    : options_(std::move(options)), core_(std::make_unique<Core>(options_)) {}

LoadBalancer::~LoadBalancer() {
  stop();
}

bool LoadBalancer::running() const {
  return core_->thread.joinable();
}

std::string LoadBalancer::url() const {
  return "http://" + options_.bind_address + ":" + std::to_string(port_);
}

void LoadBalancer::start() {
  if (running()) return;
  core_->io = std::make_unique<asio::io_context>(1);
  auto on_connection = [this](tcp::socket socket) {
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const auto peer = socket.remote_endpoint(ignored);
    auto ticket = core_->guard.admit_connection(ignored ? std::string("unknown")
                                                        : peer.address().to_string());
    if (!ticket) {
      refuse_connection(std::move(socket), options_.per_address.max_connections);
      return;
    }
    std::make_shared<ProxySession>(std::move(socket), core_->router, options_, core_->guard,
                                   std::move(ticket))
        ->start();
  };
  const auto address = asio::ip::make_address(options_.bind_address);
  std::string listening = options_.bind_address + ":" + std::to_string(options_.port);
  try {
    core_->accept_loop = std::make_shared<AcceptLoop>(
        *core_->io, tcp::endpoint(address, options_.port), on_connection);
    if (options_.also_on_loopback && !address.is_loopback() && !address.is_unspecified()) {
      listening = "127.0.0.1:" + std::to_string(core_->accept_loop->port());
      core_->loopback_loop = std::make_shared<AcceptLoop>(
          *core_->io, tcp::endpoint(asio::ip::address_v4::loopback(), core_->accept_loop->port()),
          on_connection);
    }
  } catch (const boost::system::system_error& error) {
    core_->accept_loop.reset();
    core_->io.reset();
    throw std::runtime_error("load balancer cannot listen on " + listening + ": " +
                             error.code().message());
  }
  port_ = core_->accept_loop->port();
  // A later start() comes back on the same port.
  options_.port = port_;
  core_->accept_loop->start();
  if (core_->loopback_loop) core_->loopback_loop->start();
  core_->work.emplace(core_->io->get_executor());
  core_->thread = std::thread([io = core_->io.get()] { io->run(); });
}

void LoadBalancer::stop() {
  if (!running()) return;
  core_->io->stop();
  core_->thread.join();
  core_->work.reset();
  core_->accept_loop.reset();
  core_->loopback_loop.reset();
  // With the thread gone, destroying the io_context destroys every session and tunnel still
  // waiting in it, which closes their sockets.
  core_->io.reset();
}

void LoadBalancer::set_backends(std::vector<Backend> backends) {
  std::vector<std::shared_ptr<BackendState>> states;
  states.reserve(backends.size());
  for (auto& backend : backends) {
    auto state = std::make_shared<BackendState>();
    state->endpoint = resolve(backend);
    state->backend = std::move(backend);
    states.push_back(std::move(state));
  }
  on_balancer_thread([&](Router& router) { router.set_backends(std::move(states)); });
}

void LoadBalancer::set_policy(BalancePolicy policy) {
  on_balancer_thread([&](Router& router) { router.set_policy(policy); });
}

BalancePolicy LoadBalancer::policy() const {
  return on_balancer_thread([](const Router& router) { return router.policy(); });
}

std::vector<BackendStats> LoadBalancer::stats() const {
  return on_balancer_thread([](const Router& router) { return router.stats(); });
}

}  // namespace scaleout::sim
