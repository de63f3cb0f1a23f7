// TimelineNames: the names each command makes, ends or needs.
#include "parse/timeline_names.hpp"

#include <algorithm>
#include <cctype>

namespace scaleout::scenarios::parse {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// clang 14 (the fuzz build) does not deduce an aggregate's template arguments by itself.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

TimelineNames::TimelineNames(const WorldSpec& world) : world_(world) {
  for (int i = 0; i < world.servers; ++i)
    servers_.insert("s" + std::to_string(next_server_++));
  for (const auto& connect : world.clients)
    this->connect(connect);
}

void TimelineNames::connect(const sim::command::ConnectClients& connect) {
  for (int i = 0; i < connect.count; ++i)
    clients_.insert(connect.name + std::to_string(++next_client_[connect.name]));
}

std::string TimelineNames::listed(const std::set<std::string>& names) {
  if (names.empty()) return "none yet";
  std::string out;
  size_t shown = 0;
  for (const auto& name : names) {
    if (++shown > 12) return out + ", ...";
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

void TimelineNames::check_server(const std::string& name, const YamlReader& reader,
                                 const SourceMark& where) const {
  if (!has_server(name)) {
    reader.refuse(where, "a server of this world (" + listed(servers_) + ")", "'" + name + "'");
  }
}

void TimelineNames::check_client(const std::string& name, const YamlReader& reader,
                                 const SourceMark& where) const {
  if (!has_client(name)) {
    reader.refuse(where,
                  "a client connected by an earlier step or the world (" + listed(clients_) + ")",
                  "'" + name + "'");
  }
}

void TimelineNames::check_mid(const std::string& mid, const YamlReader& reader,
                              const SourceMark& where) const {
  if (mid == "*" || has_mid(mid)) return;
  std::set<std::string> said;
  for (const auto& [known, line] : mids_)
    said.insert(known);
  reader.refuse(where, "'*' or the mid of a say in this step or before (" + listed(said) + ")",
                "'" + mid + "'");
}

void TimelineNames::check_step(const std::string& id, const YamlReader& reader,
                               const SourceMark& where) const {
  if (steps_.count(id)) return;
  reader.refuse(where, "the id of a step (" + listed(steps_) + ")", "'" + id + "'");
}

void TimelineNames::check_redis_node(const std::string& node, const YamlReader& reader,
                                     const SourceMark& where) const {
  const std::vector<std::string> names = sim::redis_node_names(world_.redis_topology);
  if (names.empty() && node.empty()) return;
  if (std::find(names.begin(), names.end(), node) != names.end()) return;
  std::string list;
  for (const auto& name : names)
    list += (list.empty() ? "" : ", ") + name;
  if (names.empty()) {
    reader.refuse(where, "no node: the world's Redis is one redis-server", "node " + node);
  }
  reader.refuse(where, "one of the Redis nodes " + list, node.empty() ? "no node" : node);
}

void TimelineNames::apply(const sim::WorldCommand& command, const YamlReader& reader,
                          const SourceMark& where) {
  auto need_redis = [&](const std::string& what) {
    if (!world_.has_redis()) {
      reader.refuse(where, what + " in a world with a Redis (set world.redis or a redis adapter)",
                    "a world without Redis");
    }
  };
  auto need_embedded_redis = [&](const std::string& what) {
    need_redis(what);
    if (!world_.redis.empty() && world_.redis != "embedded") {
      reader.refuse(where, what + " with the embedded Redis (the world's Redis is external)",
                    "redis: " + world_.redis);
    }
  };
  auto need_balancer = [&](const std::string& what) {
    if (!world_.balancer) {
      reader.refuse(where, what + " in a world with a load balancer", "balancer: none");
    }
  };
  auto route = [&](const std::string& via) {
    if (via.empty()) {
      need_balancer("clients without 'via'");
    } else {
      check_server(via, reader, where);
    }
  };
  std::visit(
      Overloaded{
          [&](const sim::command::AddServer& c) {
            if (c.adapter && sim::uses_redis(*c.adapter)) need_redis("a redis adapter");
            servers_.insert("s" + std::to_string(next_server_++));
          },
          [&](const sim::command::StopServer& c) { check_server(c.server, reader, where); },
          [&](const sim::command::KillServer& c) { check_server(c.server, reader, where); },
          [&](const sim::command::RestartServer& c) { check_server(c.server, reader, where); },
          [&](const sim::command::RemoveServer& c) {
            check_server(c.server, reader, where);
            servers_.erase(c.server);
          },
          [&](const sim::command::SwitchAdapter& c) {
            check_server(c.server, reader, where);
            if (sim::uses_redis(c.adapter)) need_redis("a redis adapter");
          },
          [&](const sim::command::KillRedis& c) {
            need_embedded_redis("kill-redis");
            check_redis_node(c.node, reader, where);
          },
          [&](const sim::command::RestartRedis& c) {
            need_embedded_redis("restart-redis");
            check_redis_node(c.node, reader, where);
          },
          [&](const sim::command::FailoverRedis& c) {
            need_embedded_redis("failover");
            if (world_.redis_topology.kind == sim::RedisTopology::Kind::kSingle) {
              reader.refuse(where, "failover in a world with a Redis Cluster or Sentinel",
                            "one embedded redis-server");
            }
            check_redis_node(c.node, reader, where);
          },
          [&](const sim::command::PauseRedis&) { need_embedded_redis("pause-redis"); },
          [&](const sim::command::ResumeRedis&) { need_embedded_redis("resume-redis"); },
          [&](const sim::command::SetPolicy&) { need_balancer("policy"); },
          [&](const sim::command::SetBotRate&) {
            if (world_.bots == 0) {
              reader.refuse(where, "bot-rate in a world with bots (world.bots)",
                            "a world without bots");
            }
          },
          [&](const sim::command::ConnectClients& c) {
            route(c.via);
            connect(c);
          },
          [&](const sim::command::DisconnectClient& c) {
            check_client(c.client, reader, where);
            clients_.erase(c.client);
          },
          [&](const sim::command::ReconnectClient& c) {
            check_client(c.client, reader, where);
            route(c.via);
          },
          [&](const sim::command::Join& c) { check_client(c.client, reader, where); },
          [&](const sim::command::Leave& c) { check_client(c.client, reader, where); },
          [&](const sim::command::Say& c) {
            check_client(c.client, reader, where);
            if (c.mid.empty()) return;
            auto said = mids_.find(c.mid);
            if (said != mids_.end()) {
              reader.refuse(where, "a message id used by one say only",
                            "'" + c.mid + "' again (first said at line " +
                                std::to_string(said->second) + ")");
            }
            mids_[c.mid] = where.line;
          },
          [&](const sim::command::Remember& c) {
            check_client(c.client, reader, where);
            if (c.store == sim::StateStore::kRedis) need_redis("remember ... redis");
          },
          [&](const sim::command::Recall& c) {
            check_client(c.client, reader, where);
            if (c.store == sim::StateStore::kRedis) need_redis("recall ... redis");
          },
          [&](const sim::command::Emit& c) {
            if (!c.server.empty()) check_server(c.server, reader, where);
          },
          [&](const sim::command::RedisCommand&) { need_redis("a redis command"); },
          [&](const sim::command::FillKeys&) { need_redis("fill-keys"); },
          [&](const sim::command::ScanKeys&) { need_redis("scan-keys"); },
          [&](const sim::command::SetLink& c) {
            // `s2` and `s2-redis` name a server's links; whether the link exists at the moment
            // the step runs is the world's to say (the step's outcome shows a refusal).
            const std::string& target = c.setting.target;
            if (target == "clients") need_balancer("a link fault on clients");
            if (target.size() > 1 && target[0] == 's' &&
                std::isdigit(static_cast<unsigned char>(target[1]))) {
              check_server(target.substr(0, target.find('-')), reader, where);
            }
          },
          [&](const sim::command::Wait&) {},
          [&](const sim::command::RunStoreBench& c) {
            if (c.store == sim::StoreKind::kRedis) need_redis("store-bench redis");
          },
          [&](const sim::command::Autoscale&) { need_balancer("autoscale"); },
          [&](const sim::command::AskClass&) {},
          [&](const sim::command::DrainServer& c) {
            need_balancer("drain");
            check_server(c.server, reader, where);
          },
      },
      command);
}

}  // namespace scaleout::scenarios::parse
