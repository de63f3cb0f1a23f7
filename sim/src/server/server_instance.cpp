// ServerInstance: start, stop and kill one server on its own thread.
#include "scaleout/sim/server_instance.hpp"

#include <boost/asio/steady_timer.hpp>
#include <stdexcept>

#include "scaleout/adapter/in_memory_adapter.hpp"
#include "scaleout/sim/demo_app.hpp"
#include "scaleout/sim/sio_server.hpp"
#include "server/engine_server.hpp"
#include "server/listener.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;

namespace {
// How long a graceful stop lets the last frames (DISCONNECT, close) reach the clients.
constexpr auto kFlushOnStop = std::chrono::milliseconds(250);
}  // namespace

AdapterFactory memory_adapters() {
  return
      [](adapter::NamespacePort& nsp) { return std::make_unique<adapter::InMemoryAdapter>(nsp); };
}

ServerInstance::ServerInstance(ServerOptions options, AdapterFactory adapters,
                               std::unique_ptr<App> app)
    : options_(std::move(options)), adapters_(std::move(adapters)), app_(std::move(app)) {
  if (!app_) app_ = std::make_unique<DemoApp>(options_.name);
}

ServerInstance::~ServerInstance() {
  halt(/*graceful=*/true);
}

std::string ServerInstance::url() const {
  return "http://" + options_.bind_address + ":" + std::to_string(port_);
}

void ServerInstance::start() {
  if (running()) return;
  io_ = std::make_unique<asio::io_context>(1);
  engine_ = std::make_unique<EngineServer>(
      *io_, options_,
      [this](const std::shared_ptr<EngineSession>& session) { sio_->on_session(session); });
  sio_ = std::make_unique<SioServer>(*io_, options_, *app_, adapters_);
  try {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(options_.bind_address), options_.port);
    listener_ = std::make_shared<Listener>(*io_, endpoint, *engine_, options_.max_payload);
  } catch (const boost::system::system_error& error) {
    sio_.reset();
    engine_.reset();
    io_.reset();
    throw std::runtime_error("server " + options_.name + " cannot listen on " +
                             options_.bind_address + ":" + std::to_string(options_.port) + ": " +
                             error.code().message());
  }
  port_ = listener_->port();
  // Later starts (after a kill) come back on the same port.
  options_.port = port_;
  listener_->start();
  work_.emplace(io_->get_executor());
  thread_ = std::thread([this] { io_->run(); });
}

void ServerInstance::stop() {
  halt(/*graceful=*/true);
}

void ServerInstance::kill() {
  halt(/*graceful=*/false);
}

void ServerInstance::halt(bool graceful) {
  if (!running()) return;
  if (graceful) {
    asio::post(*io_, [this] {
      listener_->stop();
      sio_->close_all("server shutting down");
      engine_->close_all("server shutting down");
      auto timer = std::make_shared<asio::steady_timer>(*io_, kFlushOnStop);
      timer->async_wait([this, timer](boost::system::error_code) { io_->stop(); });
    });
  } else {
    io_->stop();
  }
  thread_.join();
  work_.reset();
  // With the thread gone, tear down on this one: the app's sockets first, then the engine's
  // sessions, then whatever the io_context still holds (connections, timers).
  sio_.reset();
  engine_.reset();
  listener_.reset();
  io_.reset();
}

}  // namespace scaleout::sim
