// ServerInstance: start, stop and kill one server on its own thread, with its adapter (memory, or
// redis with its own link to Redis) and its trace.
#include "scaleout/server/server_instance.hpp"

#include <boost/asio/steady_timer.hpp>
#include <stdexcept>

#include "capacity_queue.hpp"
#include "engine_server.hpp"
#include "http_connection.hpp"
#include "scaleout/adapter/in_memory_adapter.hpp"
#include "scaleout/adapter/redis_adapter.hpp"
#include "scaleout/adapter/redis_link.hpp"
#include "scaleout/adapter/sharded_redis_adapter.hpp"
#include "scaleout/base/accept_loop.hpp"
#include "scaleout/server/demo_app.hpp"
#include "scaleout/server/sio_server.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;

namespace {
// How long a graceful stop lets the last frames (DISCONNECT, close) reach the clients.
constexpr auto kFlushOnStop = std::chrono::milliseconds(250);
}  // namespace

// Passes the adapters' reports to the trace, and the errors to the notice handler as well: an
// undecodable message must be seen even when nobody records the trace.
class ServerInstance::Observer : public adapter::AdapterObserver {
 public:
  explicit Observer(ServerInstance& server) : server_(server) {}

  void on_publish(std::string_view nsp, std::string_view channel, size_t bytes,
                  std::string_view mid, bool sent) override {
    server_.trace_.on_publish(nsp, channel, bytes, mid, sent);
  }
  void on_redis_receive(std::string_view nsp, std::string_view channel, size_t bytes,
                        std::string_view origin_uid, std::string_view mid) override {
    server_.trace_.on_redis_receive(nsp, channel, bytes, origin_uid, mid);
  }
  void on_adapter_error(std::string_view nsp, std::string_view message) override {
    server_.trace_.on_adapter_error(nsp, message);
    server_.notice("adapter error in " + std::string(nsp) + ": " + std::string(message));
  }

 private:
  ServerInstance& server_;
};

ServerInstance::ServerInstance(ServerOptions options, ServerTrace trace, std::unique_ptr<App> app)
    : options_(std::move(options)),
      trace_(std::move(trace)),
      observer_(std::make_unique<Observer>(*this)),
      app_(std::move(app)) {
  if (!app_) app_ = std::make_unique<DemoApp>(options_.name, options_.chat);
}

ServerInstance::~ServerInstance() {
  halt(/*graceful=*/true);
}

std::string ServerInstance::url() const {
  return "http://" + options_.bind_address + ":" + std::to_string(port_);
}

void ServerInstance::notice(const std::string& text) {
  if (notice_) notice_(options_.name, text);
}

AdapterFactory ServerInstance::make_adapter_factory() {
  if (options_.adapter == AdapterKind::kMemory) {
    return
        [](adapter::NamespacePort& nsp) { return std::make_unique<adapter::InMemoryAdapter>(nsp); };
  }
  if (options_.adapter == AdapterKind::kSharded) {
    adapter::ShardedAdapterOptions sharded;
    sharded.channel_prefix = options_.redis_key;
    sharded.mode = options_.subscription_mode;
    sharded.requests_timeout = std::chrono::milliseconds(options_.requests_timeout_ms);
    return [this, sharded](adapter::NamespacePort& nsp) {
      return std::make_unique<adapter::ShardedRedisAdapter>(nsp, *link_, *observer_, sharded);
    };
  }
  adapter::RedisAdapterOptions adapter_options;
  adapter_options.key = options_.redis_key;
  adapter_options.requests_timeout = std::chrono::milliseconds(options_.requests_timeout_ms);
  return [this, adapter_options](adapter::NamespacePort& nsp) {
    return std::make_unique<adapter::RedisAdapter>(nsp, *link_, *observer_, adapter_options);
  };
}

void ServerInstance::start() {
  if (running()) return;
  io_ = std::make_unique<asio::io_context>(1);
  if (uses_redis(options_.adapter)) {
    adapter::RedisLink::Events events;
    events.on_status = [this](bool up, const std::string& reason) {
      redis_up_.store(up, std::memory_order_relaxed);
      if (up) {
        trace_.redis_up(reason);
      } else {
        trace_.redis_down(reason);
      }
      notice(up ? "redis up: " + reason : "redis down: " + reason);
    };
    if (trace_.enabled()) {
      events.on_command = [this](std::string_view command, int64_t latency_ns) {
        trace_.redis_command(command, latency_ns);
      };
    }
    link_ = std::make_unique<adapter::RedisLink>(*io_, options_.redis, std::move(events));
  }
  app_->on_server_start(link_.get());
  engine_ = std::make_unique<EngineServer>(
      *io_, options_,
      [this](const std::shared_ptr<EngineSession>& session) { sio_->on_session(session); });
  sio_ = std::make_unique<SioServer>(*io_, options_, *app_, make_adapter_factory(), trace_);
  try {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(options_.bind_address), options_.port);
    listener_ = std::make_shared<AcceptLoop>(*io_, endpoint, [this](asio::ip::tcp::socket socket) {
      std::make_shared<HttpConnection>(std::move(socket), *engine_, options_.max_payload,
                                       std::chrono::milliseconds(options_.http_timeout_ms))
          ->start();
    });
  } catch (const boost::system::system_error& error) {
    sio_.reset();
    engine_.reset();
    link_.reset();
    io_.reset();
    throw std::runtime_error("server " + options_.name + " cannot listen on " +
                             options_.bind_address + ":" + std::to_string(options_.port) + ": " +
                             error.code().message());
  }
  port_ = listener_->port();
  // Later starts (after a kill) come back on the same port.
  options_.port = port_;
  listener_->start();
  if (link_) link_->start();
  trace_.server_up(port_, to_string(options_.adapter), options_.name);
  work_.emplace(io_->get_executor());
  thread_ = std::thread([this] { io_->run(); });
}

ServerSnapshot ServerInstance::snapshot() {
  ServerSnapshot out;
  out.name = options_.name;
  out.port = port_;
  out.adapter = to_string(options_.adapter);
  out.running = running();
  out.redis_up = redis_up();
  out.load.vcpus = options_.capacity.vcpus;
  if (!running()) return out;
  call([&](SioServer& sio) {
    sio.for_each_namespace([&](Namespace& nsp) {
      nsp.for_each_socket([&](Socket& socket) {
        ClientSnapshot client;
        client.socket = socket.id();
        client.nsp = nsp.name();
        client.transport = socket.transport();
        for (auto& room : socket.rooms()) {
          if (room != socket.id()) client.rooms.push_back(std::move(room));
        }
        out.clients.push_back(std::move(client));
      });
    });
    out.engine_sessions = engine_->session_count();
    out.refused_clients = engine_->refused_count();
    const FlowStats flow = engine_->flow_stats();
    out.buffered_bytes = flow.buffered_bytes;
    out.peak_client_buffer = flow.peak_client_buffer;
    out.slow_clients = flow.slow_clients;
    out.held_clients = flow.held_clients;
    out.slow_consumer_drops = flow.slow_consumers;
    if (CapacityQueue* capacity = sio.capacity()) out.load = capacity->load();
    out.question = sio.app().question_snapshot();
    if (link_) {
      out.redis_outages = link_->outages();
      out.redis_messages_in = link_->messages_received();
      out.redis_bytes_in = link_->bytes_received();
      out.subscriptions = link_->channels();
      for (auto& pattern : link_->patterns())
        out.subscriptions.push_back(std::move(pattern));
      for (auto& channel : link_->shard_channels())
        out.subscriptions.push_back(std::move(channel));
      out.redis_home = link_->home_node();
      for (auto& placed : link_->placements()) {
        static constexpr const char* kKinds[] = {"channel", "pattern", "shard"};
        out.placements.push_back({std::move(placed.name), kKinds[static_cast<int>(placed.kind)],
                                  std::move(placed.node), placed.active});
      }
    }
  });
  return out;
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
  // sessions, then the link to Redis, then whatever the io_context still holds.
  sio_.reset();
  engine_.reset();
  listener_.reset();
  link_.reset();
  redis_up_.store(false, std::memory_order_relaxed);
  trace_.server_down(graceful ? "stopped" : "killed");
  io_.reset();
}

}  // namespace scaleout::sim
