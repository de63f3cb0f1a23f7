// SioServer: namespaces and clients of one server instance.
#include "scaleout/server/sio_server.hpp"

#include <boost/asio/post.hpp>

#include "capacity_queue.hpp"
#include "scaleout/web/address_rate.hpp"
#include "sio_client.hpp"

namespace scaleout::sim {

SioServer::SioServer(boost::asio::io_context& io, const ServerOptions& options, App& app,
                     AdapterFactory make_adapter, ServerTrace& trace)
    : io_(io),
      options_(options),
      app_(app),
      make_adapter_(std::move(make_adapter)),
      trace_(trace),
      message_rate_(std::make_unique<AddressRate>(options.chat.messages_per_second,
                                                  options.chat.message_burst)) {
  if (options_.capacity.modelled())
    capacity_ = std::make_unique<CapacityQueue>(io_, options_.capacity);
  for (const auto& name : options_.namespaces)
    of(name);
}

SioServer::~SioServer() {
  capacity_.reset();  // its waiting work points at the clients and namespaces
  clients_.clear();
  namespaces_.clear();
}

Namespace* SioServer::find_namespace(std::string_view name) {
  auto found = namespaces_.find(name);
  return found == namespaces_.end() ? nullptr : found->second.get();
}

Namespace& SioServer::of(const std::string& name) {
  auto& slot = namespaces_[name];
  if (!slot) slot = std::make_unique<Namespace>(*this, name, make_adapter_);
  return *slot;
}

bool SioServer::admit_message(std::string_view address) {
  return message_rate_->allow(address, AddressRate::Clock::now());
}

void SioServer::on_session(const std::shared_ptr<EngineSession>& session) {
  auto client = std::make_unique<SioClient>(*this, session);
  SioClient* key = client.get();
  clients_.emplace(key, std::move(client));
}

void SioServer::forget_client(SioClient& client) {
  // The client is still on the stack: destroy it once the current handler has returned.
  auto found = clients_.find(&client);
  if (found == clients_.end()) return;
  std::shared_ptr<SioClient> dying(std::move(found->second));
  clients_.erase(found);
  boost::asio::post(io_, [dying] {});
}

void SioServer::close_all(std::string_view reason) {
  std::vector<SioClient*> clients;
  for (auto& [key, client] : clients_)
    clients.push_back(key);
  for (SioClient* client : clients)
    client->close(reason);
}

}  // namespace scaleout::sim
