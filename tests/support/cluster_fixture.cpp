// ClusterFixture: Redis per test, clusters on it.
#include "support/cluster_fixture.hpp"

namespace scaleout::test {

void ClusterFixture::SetUp() {
  sim::RedisProcessOptions options;
  options.password = "test-password";
  redis_ = std::make_unique<sim::RedisProcess>(options);
  redis_->start();
  endpoint_.host = redis_->host();
  endpoint_.port = redis_->port();
  endpoint_.password = redis_->password();
}

void ClusterFixture::TearDown() {
  redis_.reset();
}

std::unique_ptr<sim::Cluster> ClusterFixture::start_cluster(sim::AdapterKind adapter, int servers,
                                                            sim::TraceCollector* trace,
                                                            const sim::ServerOptions& server) {
  sim::ClusterOptions options;
  options.server = server;
  options.servers = servers;
  options.adapter = adapter;
  options.embedded_redis = false;
  options.redis = endpoint_;
  options.balancer = false;
  options.trace = trace;
  auto cluster = std::make_unique<sim::Cluster>(options);
  cluster->set_notice_handler([this](const std::string& server, const std::string& text) {
    std::lock_guard lock(mutex_);
    notices_.push_back(server + ": " + text);
  });
  cluster->start();
  if (adapter == sim::AdapterKind::kRedis) {
    EXPECT_TRUE(wait_until([&] {
      for (const auto& name : cluster->server_names()) {
        if (!cluster->server(name)->redis_up()) return false;
      }
      return true;
    }));
  }
  return cluster;
}

uint16_t ClusterFixture::port_of(sim::Cluster& cluster, const std::string& server) {
  return cluster.server(server)->port();
}

size_t ClusterFixture::notices_with(const std::string& text) const {
  std::lock_guard lock(mutex_);
  size_t count = 0;
  for (const auto& notice : notices_)
    count += notice.find(text) != std::string::npos;
  return count;
}

void TracedClusterFixture::SetUp() {
  ClusterFixture::SetUp();
  sim::TraceCollectorOptions options;
  options.loss_settle = loss_settle_;
  collector_ = std::make_unique<sim::TraceCollector>(options);
  collector_->add_sink(&trace_);
  collector_->start();
}

void TracedClusterFixture::TearDown() {
  collector_->stop();
  ClusterFixture::TearDown();
}

}  // namespace scaleout::test
