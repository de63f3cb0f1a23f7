// BrokerServers: ServerInstances on one deployment, their notices and trace.
#include "support/broker_servers.hpp"

#include <gtest/gtest.h>

namespace scaleout::test {

BrokerServers::BrokerServers(adapter::RedisDeployment deployment,
                             std::chrono::milliseconds loss_settle)
    : deployment_(std::move(deployment)) {
  if (loss_settle.count() > 0) {
    sim::TraceCollectorOptions options;
    options.loss_settle = loss_settle;
    collector_ = std::make_unique<sim::TraceCollector>(options);
    collector_->add_sink(&trace_);
    collector_->start();
  }
}

BrokerServers::~BrokerServers() {
  for (auto& server : servers_)
    server->stop();
  servers_.clear();
  if (collector_) collector_->stop();
}

sim::ServerInstance& BrokerServers::add(sim::AdapterKind adapter, adapter::SubscriptionMode mode) {
  sim::ServerOptions options;
  options.name = "s" + std::to_string(servers_.size() + 1);
  options.adapter = adapter;
  options.redis = deployment_;
  options.subscription_mode = mode;
  sim::ServerTrace trace =
      collector_ ? collector_->register_server(options.name) : sim::ServerTrace();
  servers_.push_back(std::make_unique<sim::ServerInstance>(options, trace));
  sim::ServerInstance& server = *servers_.back();
  server.set_notice_handler([this](const std::string& name, const std::string& text) {
    std::lock_guard lock(mutex_);
    notices_.push_back(name + ": " + text);
  });
  server.start();
  EXPECT_TRUE(wait_until([&] { return server.redis_up(); }, 10s))
      << options.name << "'s link to Redis did not come up";
  return server;
}

std::vector<std::string> BrokerServers::notices_with(const std::string& text) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& notice : notices_) {
    if (notice.find(text) != std::string::npos) out.push_back(notice);
  }
  return out;
}

adapter::RedisEndpoint loopback_endpoint(uint16_t port, const std::string& password) {
  adapter::RedisEndpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = port;
  endpoint.password = password;
  return endpoint;
}

int join_client(ClientPool& pool, sim::ServerInstance& server, const std::string& room) {
  const int client = pool.connect(server.port());
  if (client < 0) return -1;
  Json rooms = pool.call(client, "join", Json::array({room}));
  return rooms.is_array() ? client : -1;
}

}  // namespace scaleout::test
