// Cluster: Redis, servers and the balancer, started together and changed at run time.
#include "scaleout/world/cluster.hpp"

#include <algorithm>
#include <stdexcept>

#include "cluster_scaling.hpp"
#include "scaleout/adapter/types.hpp"

namespace scaleout::sim {

Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {}

Cluster::~Cluster() {
  stop();
}

bool Cluster::has_redis() const {
  return options_.want_redis || options_.adapter == AdapterKind::kRedis ||
         std::find(options_.server_adapters.begin(), options_.server_adapters.end(),
                   AdapterKind::kRedis) != options_.server_adapters.end();
}

void Cluster::start() {
  if (has_redis() && options_.embedded_redis) {
    RedisProcessOptions redis_options;
    redis_options.bind_address = "127.0.0.1";
    redis_options.password = adapter::random_token(24);
    embedded_ = std::make_unique<RedisProcess>(redis_options);
    embedded_->start();
    redis_.host = embedded_->host();
    redis_.port = embedded_->port();
    redis_.password = embedded_->password();
  } else {
    redis_ = options_.redis;
  }
  if (options_.links) {
    network_ = std::make_unique<Network>(options_.trace);
    network_->start();
    if (options_.balancer) network_->add_clients_link();
  }
  for (int i = 0; i < options_.servers; ++i) {
    const size_t index = static_cast<size_t>(i);
    create_server(index < options_.server_adapters.size()
                      ? std::optional(options_.server_adapters[index])
                      : std::nullopt,
                  index < options_.server_sizes.size() ? std::optional(options_.server_sizes[index])
                                                       : std::nullopt)
        .start();
  }
  if (options_.balancer) {
    LoadBalancerOptions balancer_options;
    if (network_) balancer_options.client_link = network_->add_clients_link();
    balancer_options.bind_address = options_.balancer_bind_address.empty()
                                        ? options_.server.bind_address
                                        : options_.balancer_bind_address;
    balancer_options.also_on_loopback = !options_.balancer_bind_address.empty();
    balancer_options.per_address = options_.balancer_limits;
    balancer_options.page = options_.server.page;
    balancer_options.port = options_.balancer_port;
    balancer_options.policy = options_.policy;
    balancer_options.max_body = static_cast<uint64_t>(options_.server.max_payload) + 64 * 1024;
    balancer_ = std::make_unique<LoadBalancer>(balancer_options);
    update_balancer();
    balancer_->start();
  }
}

void Cluster::stop() {
  if (balancer_) balancer_->stop();
  for (auto& server : servers_)
    server->stop();
  if (network_) network_->stop();
  if (embedded_) embedded_->stop();
}

ServerInstance& Cluster::create_server(std::optional<AdapterKind> adapter,
                                       std::optional<int> size) {
  ServerOptions server_options = options_.server;
  const int index = next_index_++;
  server_options.name = "s";
  server_options.name += std::to_string(index);
  server_options.port =
      options_.base_port ? static_cast<uint16_t>(options_.base_port + index - 1) : 0;
  server_options.adapter = adapter.value_or(options_.adapter);
  if (size) server_options.capacity.vcpus = *size;
  server_options.redis = redis_;
  if (network_) {
    if (options_.balancer) network_->add_server_link(server_options.name);
    // In a world with Redis every server gets its Redis link, a memory one too: switching its
    // adapter later (switch_adapter) goes through the link like the others.
    if (options_.adapter == AdapterKind::kRedis) {
      server_options.redis = network_->add_redis_link(server_options.name, redis_);
    }
  }
  ServerTrace trace =
      options_.trace ? options_.trace->register_server(server_options.name) : ServerTrace();
  servers_.push_back(std::make_unique<ServerInstance>(server_options, trace));
  if (notice_) servers_.back()->set_notice_handler(notice_);
  return *servers_.back();
}

std::string Cluster::add_server(std::optional<AdapterKind> adapter, std::optional<int> size) {
  ServerInstance& server = create_server(adapter, size);
  try {
    server.start();
  } catch (...) {
    if (network_) network_->remove_server(server.name());
    servers_.pop_back();
    throw;
  }
  update_balancer();
  return server.name();
}

ServerInstance* Cluster::server(const std::string& name) {
  for (auto& server : servers_) {
    if (server->name() == name) return server.get();
  }
  return nullptr;
}

const ServerInstance* Cluster::server(const std::string& name) const {
  for (const auto& server : servers_) {
    if (server->name() == name) return server.get();
  }
  return nullptr;
}

ScalingTarget& Cluster::scaling() {
  if (!scaling_) scaling_ = std::make_unique<ClusterScaling>(*this);
  return *scaling_;
}

std::vector<std::string> Cluster::server_names() const {
  std::vector<std::string> names;
  for (const auto& server : servers_)
    names.push_back(server->name());
  return names;
}

bool Cluster::stop_server(const std::string& name) {
  return change_server(name, &ServerInstance::stop);
}

bool Cluster::kill_server(const std::string& name) {
  return change_server(name, &ServerInstance::kill);
}

bool Cluster::start_server(const std::string& name) {
  return change_server(name, &ServerInstance::start);
}

bool Cluster::change_server(const std::string& name, void (ServerInstance::*change)()) {
  ServerInstance* found = server(name);
  if (!found) return false;
  (found->*change)();
  update_balancer();
  return true;
}

bool Cluster::remove_server(const std::string& name) {
  auto found = std::find_if(servers_.begin(), servers_.end(),
                            [&](const auto& server) { return server->name() == name; });
  if (found == servers_.end()) return false;
  (*found)->stop();
  if (network_) network_->remove_server(name);
  servers_.erase(found);
  draining_.erase(name);
  update_balancer();
  return true;
}

bool Cluster::set_draining(const std::string& name, bool draining) {
  if (!server(name)) return false;
  if (draining) {
    draining_.insert(name);
  } else {
    draining_.erase(name);
  }
  update_balancer();
  return true;
}

bool Cluster::draining(const std::string& name) const {
  return draining_.contains(name);
}

void Cluster::switch_adapter(const std::string& name, AdapterKind adapter) {
  ServerInstance* found = server(name);
  if (!found) throw std::invalid_argument("no server is named '" + name + "'");
  found->stop();
  found->set_adapter(adapter);
  update_balancer();
  found->start();
  update_balancer();
}

std::string Cluster::balancer_url() const {
  return balancer_ ? balancer_->url() : std::string();
}

void Cluster::update_balancer() {
  if (!balancer_) return;
  std::vector<Backend> backends;
  for (const auto& server : servers_) {
    if (!server->running()) continue;
    Backend backend;
    backend.name = server->name();
    backend.host =
        server->options().bind_address == "0.0.0.0" ? "127.0.0.1" : server->options().bind_address;
    backend.port = server->port();
    if (network_) backend.link = network_->find(server->name());
    backend.draining = draining_.contains(server->name());
    backends.push_back(std::move(backend));
  }
  balancer_->set_backends(std::move(backends));
}

WorldSnapshot Cluster::snapshot() {
  WorldSnapshot world;
  for (auto& server : servers_) {
    world.servers.push_back(server->snapshot());
    world.servers.back().draining = draining_.contains(server->name());
  }
  world.redis_url = has_redis() ? redis_.url() : std::string();
  world.redis_running = embedded_ ? embedded_->running() : !world.redis_url.empty();
  if (network_) world.links = network_->snapshot();
  return world;
}

bool Cluster::apply_link_setting(const LinkSetting& setting, std::string* error) {
  if (!network_) {
    if (error) *error = "this world runs without links (ClusterOptions::links, --no-links)";
    return false;
  }
  return network_->apply(setting, error);
}

bool Cluster::set_link_faults(const std::string& target, LinkDirections directions,
                              const LinkFaults& faults, std::string* error) {
  LinkSetting setting;
  setting.target = target;
  setting.directions = directions;
  setting.change.set = faults;
  return apply_link_setting(setting, error);
}

bool Cluster::clear_link_faults(const std::string& target, LinkDirections directions,
                                std::string* error) {
  LinkSetting setting;
  setting.target = target;
  setting.directions = directions;
  setting.change.clear.set();
  // Down has no direction: clearing one direction leaves it.
  if (directions != LinkDirections::kBoth) {
    setting.change.clear.reset(static_cast<size_t>(LinkFaultKind::kDown));
  }
  return apply_link_setting(setting, error);
}

}  // namespace scaleout::sim
