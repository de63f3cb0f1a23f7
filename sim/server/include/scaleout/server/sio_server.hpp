// SioServer: the Socket.IO layer of one server instance. It owns the namespaces and one client per
// Engine.IO session, and runs the app on their sockets.
#pragma once

#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "scaleout/server/app.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/server_options.hpp"
#include "scaleout/trace/server_trace.hpp"

namespace scaleout::sim {

class AddressRate;
class CapacityQueue;
class EngineSession;
class SioClient;

class SioServer {
 public:
  SioServer(boost::asio::io_context& io, const ServerOptions& options, App& app,
            AdapterFactory make_adapter, ServerTrace& trace);
  ~SioServer();

  const std::string& name() const { return options_.name; }
  const ServerOptions& options() const { return options_; }
  boost::asio::io_context& io() { return io_; }
  App& app() { return app_; }
  ServerTrace& trace() { return trace_; }
  // The capacity model's queue; null when the instance has no model (options().capacity).
  CapacityQueue* capacity() { return capacity_.get(); }

  Namespace* find_namespace(std::string_view name);
  Namespace& of(const std::string& name);  // the namespace, created on first use
  template <class Visit>
  void for_each_namespace(Visit&& visit) {
    for (auto& [name, nsp] : namespaces_)
      visit(*nsp);
  }
  size_t client_count() const { return clients_.size(); }
  // Takes one message from the address's budget (ChatLimits::messages_per_second); false when
  // that address has sent too many.
  bool admit_message(std::string_view address);

  void on_session(const std::shared_ptr<EngineSession>& session);
  // Called by a client whose session ended; it is destroyed once the current handler returns.
  void forget_client(SioClient& client);
  void close_all(std::string_view reason);

 private:
  boost::asio::io_context& io_;
  const ServerOptions& options_;
  App& app_;
  AdapterFactory make_adapter_;
  ServerTrace& trace_;
  std::map<std::string, std::unique_ptr<Namespace>, std::less<>> namespaces_;
  std::unordered_map<SioClient*, std::unique_ptr<SioClient>> clients_;
  std::unique_ptr<AddressRate> message_rate_;
  std::unique_ptr<CapacityQueue> capacity_;
};

}  // namespace scaleout::sim
