// Network: the table of links, their relays on the network's thread, group targets, templates
// for links yet to come, and the `link` trace events.
#include "scaleout/links/network.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <stdexcept>

#include "link_relay.hpp"
#include "scaleout/links/link.hpp"
#include "scaleout/trace/trace_collector.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr const char* kGroups[] = {"servers", "redis", "all"};

std::string redis_link_name(const std::string& server) {
  return server + "-redis";
}

// Resolved here, on the controlling thread, so that the network's thread never waits on DNS.
tcp::endpoint resolve_redis(const adapter::RedisEndpoint& redis) {
  boost::system::error_code error;
  auto address = asio::ip::make_address(redis.host, error);
  if (!error) return tcp::endpoint(address, redis.port);
  asio::io_context io;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(redis.host, std::to_string(redis.port), error);
  if (error || results.empty()) {
    throw std::runtime_error("cannot resolve Redis' host " + redis.host + ": " + error.message());
  }
  return results.begin()->endpoint();
}

}  // namespace

Network::Network(TraceCollector* trace)
    : trace_(trace ? trace->register_server("network") : ServerTrace()),
      io_(std::make_unique<asio::io_context>(1)) {}

Network::~Network() {
  stop();
}

void Network::start() {
  if (thread_.joinable() || !io_) return;
  work_.emplace(io_->get_executor());
  thread_ = std::thread([io = io_.get()] { io->run(); });
}

void Network::stop() {
  if (!io_) return;
  io_->stop();
  if (thread_.joinable()) thread_.join();
  work_.reset();
  std::lock_guard lock(mutex_);
  relays_.clear();
  // Destroying the io_context destroys every relayed connection still waiting in it.
  io_.reset();
}

std::shared_ptr<Link> Network::add_link(const std::string& name, LinkKind kind,
                                        const std::string& server) {
  auto link = std::make_shared<Link>(name, kind, server);
  const LinkFaults* start = kind == LinkKind::kServer  ? server_template_
                            : kind == LinkKind::kRedis ? redis_template_
                                                       : nullptr;
  if (start) {
    for (auto direction : {LinkDirection::kUpstream, LinkDirection::kDownstream}) {
      const LinkFaults& faults = start[static_cast<size_t>(direction)];
      if (faults.empty()) continue;
      LinkFaultChange change;
      change.set = faults;
      link->change(direction == LinkDirection::kUpstream ? LinkDirections::kUpstream
                                                         : LinkDirections::kDownstream,
                   change);
      std::lock_guard lock(trace_mutex_);
      trace_.link(name, to_string(direction), to_string(faults), to_string(change));
    }
  }
  links_.push_back(link);
  return link;
}

std::shared_ptr<Link> Network::add_clients_link() {
  std::lock_guard lock(mutex_);
  for (const auto& link : links_) {
    if (link->kind() == LinkKind::kClients) return link;
  }
  return add_link("clients", LinkKind::kClients, "");
}

std::shared_ptr<Link> Network::add_server_link(const std::string& server) {
  std::lock_guard lock(mutex_);
  for (const auto& link : links_) {
    if (link->kind() == LinkKind::kServer && link->server() == server) return link;
  }
  return add_link(server, LinkKind::kServer, server);
}

adapter::RedisEndpoint Network::add_redis_link(const std::string& server,
                                               const adapter::RedisEndpoint& redis) {
  const tcp::endpoint target = resolve_redis(redis);
  std::lock_guard lock(mutex_);
  if (!io_) throw std::runtime_error("the network is stopped");
  std::shared_ptr<Link> link;
  for (const auto& existing : links_) {
    if (existing->kind() == LinkKind::kRedis && existing->server() == server) link = existing;
  }
  if (!link) link = add_link(redis_link_name(server), LinkKind::kRedis, server);
  auto& relay = relays_[server];
  if (!relay) {
    try {
      relay = std::make_shared<LinkRelay>(*io_, link, target);
    } catch (const boost::system::system_error& error) {
      relays_.erase(server);
      throw std::runtime_error("the relay of " + link->name() +
                               " cannot listen: " + error.code().message());
    }
    asio::post(*io_, [relay] { relay->start(); });
  }
  adapter::RedisEndpoint through = redis;
  through.host = "127.0.0.1";
  through.port = relay->port();
  return through;
}

void Network::remove_server(const std::string& server) {
  std::lock_guard lock(mutex_);
  std::erase_if(links_, [&](const auto& link) { return link->server() == server; });
  auto found = relays_.find(server);
  if (found == relays_.end()) return;
  // Destroyed on the network's thread, where its accept loop runs.
  if (io_) asio::post(*io_, [relay = std::move(found->second)] {});
  relays_.erase(found);
}

std::shared_ptr<Link> Network::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const auto& link : links_) {
    if (link->name() == name) return link;
  }
  return nullptr;
}

std::vector<std::shared_ptr<Link>> Network::resolve(const std::string& target) const {
  std::vector<std::shared_ptr<Link>> out;
  for (const auto& link : links_) {
    const bool in_group = target == "all" ||
                          (target == "servers" && link->kind() == LinkKind::kServer) ||
                          (target == "redis" && link->kind() == LinkKind::kRedis);
    if (in_group || link->name() == target) out.push_back(link);
  }
  return out;
}

bool Network::apply(const LinkSetting& setting, std::string* error) {
  std::string ignored;
  if (!error) error = &ignored;
  if (setting.directions != LinkDirections::kBoth && setting.change.touches_down()) {
    *error = "down cuts whole connections, both ways: give it without a direction";
    return false;
  }
  std::vector<std::shared_ptr<Link>> targets;
  {
    std::lock_guard lock(mutex_);
    targets = resolve(setting.target);
    if (targets.empty()) {
      std::string known;
      for (const auto& link : links_)
        known += (known.empty() ? "" : ", ") + link->name();
      const bool group =
          std::find(std::begin(kGroups), std::end(kGroups), setting.target) != std::end(kGroups);
      *error = (group ? "no link in '" + setting.target + "' in this world"
                      : "no link named '" + setting.target + "'") +
               (known.empty() ? std::string(" (this world has no links)")
                              : "; links here: " + known + ", or servers, redis, all");
      return false;
    }
    for (auto direction : {LinkDirection::kUpstream, LinkDirection::kDownstream}) {
      if (!includes(setting.directions, direction)) continue;
      const auto index = static_cast<size_t>(direction);
      if (setting.target == "all" || setting.target == "servers") {
        setting.change.apply_to(server_template_[index]);
      }
      if (setting.target == "all" || setting.target == "redis") {
        setting.change.apply_to(redis_template_[index]);
      }
    }
  }
  for (const auto& link : targets) {
    link->change(setting.directions, setting.change);
    trace_change(*link, setting);
  }
  return true;
}

void Network::trace_change(const Link& link, const LinkSetting& setting) {
  if (!trace_.enabled()) return;
  const std::string change = to_string(setting.change);
  std::lock_guard lock(trace_mutex_);
  for (auto direction : {LinkDirection::kUpstream, LinkDirection::kDownstream}) {
    if (!includes(setting.directions, direction)) continue;
    trace_.link(link.name(), to_string(direction), to_string(link.faults(direction)), change);
  }
}

std::vector<LinkSnapshot> Network::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<LinkSnapshot> out;
  for (const auto& link : links_) {
    LinkSnapshot entry;
    entry.name = link->name();
    entry.kind = link->kind();
    entry.server = link->server();
    entry.upstream = link->faults(LinkDirection::kUpstream);
    entry.downstream = link->faults(LinkDirection::kDownstream);
    entry.connections = link->connections();
    out.push_back(std::move(entry));
  }
  std::stable_sort(out.begin(), out.end(), [](const LinkSnapshot& a, const LinkSnapshot& b) {
    return (a.kind == LinkKind::kClients) > (b.kind == LinkKind::kClients);
  });
  return out;
}

std::vector<std::string> Network::targets() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& link : links_)
    out.push_back(link->name());
  out.insert(out.end(), std::begin(kGroups), std::end(kGroups));
  return out;
}

}  // namespace scaleout::sim
