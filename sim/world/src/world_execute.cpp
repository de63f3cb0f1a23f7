// World::execute: how each WorldCommand is carried out, on the controller thread. Commands on
// servers and Redis go through the Cluster; commands on clients go to the ClientFleet for the
// clients the world connected, and to the client's server (as Socket.IO Admin UI does) for any
// other socket. Nothing here waits on a server's thread: work for a server is posted to it.
#include <algorithm>
#include <boost/asio/post.hpp>
#include <cctype>
#include <cstdio>

#include "keyspace_commands.hpp"
#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/autoscale/autoscaler.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/sio_server.hpp"
#include "scaleout/server/socket.hpp"
#include "scaleout/stores/store_bench.hpp"
#include "scaleout/world/world.hpp"

namespace scaleout::sim {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

CommandOutcome ok(std::string message) {
  return CommandOutcome{0, {}, true, std::move(message), 0};
}

CommandOutcome failed(std::string message) {
  return CommandOutcome{0, {}, false, std::move(message), 0};
}

// Which node a command on a Redis Cluster or Sentinel must name.
std::string name_a_node(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names)
    list += (list.empty() ? "" : ", ") + name;
  return "name a Redis node: " + list;
}

CommandOutcome no_server(const std::string& name) {
  return failed("no server is named '" + name + "'");
}

CommandOutcome no_client(const std::string& name) {
  return failed("no client the world connected is named '" + name + "'");
}

// Finds the server holding `socket` in a snapshot.
std::string server_of_socket(const WorldSnapshot& world, const std::string& socket) {
  for (const auto& server : world.servers) {
    for (const auto& client : server.clients) {
      if (client.socket == socket) return server.name;
    }
  }
  return {};
}

// The port a client command connects to: the load balancer's, or server `via`'s when named.
// nullopt, with the outcome saying why, when there is no such way in.
std::optional<uint16_t> entry_port(Cluster& cluster, const std::string& via,
                                   CommandOutcome* refusal) {
  if (via.empty()) {
    if (cluster.balancer()) return cluster.balancer()->port();
    *refusal = failed("this world has no load balancer: use via");
    return std::nullopt;
  }
  if (ServerInstance* server = cluster.server(via)) return server->port();
  *refusal = no_server(via);
  return std::nullopt;
}

// Runs `act` on the socket with this id, on its server's thread, in whichever namespace has it.
void on_socket(ServerInstance& server, const std::string& id, std::function<void(Socket&)> act) {
  server.post([id, act = std::move(act)](SioServer& sio) {
    sio.for_each_namespace([&](Namespace& nsp) {
      if (Socket* socket = nsp.find(id)) act(*socket);
    });
  });
}

// A reply as redis-cli shows it, a long array cut to its first elements (KEYS * on a million
// keys answers a million lines).
std::string short_display(const adapter::RedisValue& reply) {
  constexpr size_t kShown = 10;
  if (reply.type != adapter::RedisValue::Type::kArray || reply.elements.size() <= kShown) {
    std::string text = reply.to_display();
    return text.size() > 2000 ? text.substr(0, 2000) + "..." : text;
  }
  adapter::RedisValue head;
  head.type = adapter::RedisValue::Type::kArray;
  head.elements.assign(reply.elements.begin(), reply.elements.begin() + kShown);
  return head.to_display() + "\n... (" + std::to_string(reply.elements.size()) + " elements)";
}

// What a redis command step reports: the reply, how long it took seen from here, and for a
// BGSAVE the fork time Redis itself measured (INFO's latest_fork_usec).
std::string redis_outcome(adapter::BlockingRedis& redis, const command::RedisCommand& c,
                          const adapter::RedisValue& reply, double ms) {
  char took[48];
  std::snprintf(took, sizeof took, ms < 10 ? " (%.2f ms)" : " (%.0f ms)", ms);
  std::string text = short_display(reply) + took;
  std::string verb = c.words.front();
  std::transform(verb.begin(), verb.end(), verb.begin(), ::toupper);
  if (verb == "BGSAVE" || verb == "BGREWRITEAOF") {
    std::string error;
    auto info = redis.command({"INFO", "stats"}, &error);
    if (info && info->type == adapter::RedisValue::Type::kString) {
      auto fields = adapter::parse_redis_info(info->text);
      text += "; the fork took " + fields["latest_fork_usec"] + " us (latest_fork_usec)";
    }
  }
  return text;
}

}  // namespace

void World::show_question_on(ServerInstance& server) {
  if (!server.running()) return;
  std::optional<ClassQuestion> question = class_question_;
  const QuestionPhase phase = class_phase_;
  server.post([question, phase](SioServer& sio) {
    sio.app().on_class_question(sio.of("/"), question ? &*question : nullptr, phase);
  });
}

CommandOutcome World::execute(const WorldCommand& command) {
  Cluster& cluster = *cluster_;
  // A client command: the fleet's own client, or any socket through its server.
  auto socket_command = [&](const std::string& client, std::function<bool()> fleet_act,
                            std::function<void(Socket&)> server_act,
                            const std::string& done) -> CommandOutcome {
    if (fleet_.has(client)) {
      fleet_act();
      return ok(done);
    }
    auto current = status();
    const std::string server = current ? server_of_socket(current->world, client) : "";
    ServerInstance* instance = server.empty() ? nullptr : cluster.server(server);
    if (!server_act) {
      return failed(
          "only a client the world connected can say something (use emit to send as "
          "a server)");
    }
    if (!instance) {
      return failed("no client is named '" + client + "' (a client the world connected, or a " +
                    "socket id on a running server)");
    }
    on_socket(*instance, client, std::move(server_act));
    return ok(done + " (on " + server + ")");
  };
  auto redis_process = [&]() -> RedisProcess* { return cluster.embedded_redis(); };
  const bool has_redis = cluster.has_redis();

  return std::visit(
      Overloaded{
          [&](const command::AddServer& c) {
            try {
              const std::string name = cluster.add_server(c.adapter, c.size);
              if (class_question_) show_question_on(*cluster.server(name));
              return ok("added " + name + " on port " +
                        std::to_string(cluster.server(name)->port()));
            } catch (const std::exception& error) {
              return failed(error.what());
            }
          },
          [&](const command::StopServer& c) {
            return cluster.stop_server(c.server) ? ok(c.server + " stopped") : no_server(c.server);
          },
          [&](const command::KillServer& c) {
            return cluster.kill_server(c.server) ? ok(c.server + " killed") : no_server(c.server);
          },
          [&](const command::RestartServer& c) {
            ServerInstance* server = cluster.server(c.server);
            if (!server) return no_server(c.server);
            try {
              if (server->running()) cluster.stop_server(c.server);
              cluster.start_server(c.server);
              if (class_question_) show_question_on(*server);
              return ok(c.server + " running on port " + std::to_string(server->port()));
            } catch (const std::exception& error) {
              return failed(error.what());
            }
          },
          [&](const command::RemoveServer& c) {
            return cluster.remove_server(c.server) ? ok(c.server + " removed")
                                                   : no_server(c.server);
          },
          [&](const command::SwitchAdapter& c) {
            if (!cluster.server(c.server)) return no_server(c.server);
            if (uses_redis(c.adapter) && !has_redis) {
              return failed("this world has no Redis (it was started with the memory adapter)");
            }
            try {
              cluster.switch_adapter(c.server, c.adapter);
              if (class_question_) show_question_on(*cluster.server(c.server));
              return ok(c.server + " restarted with the " + to_string(c.adapter) + " adapter");
            } catch (const std::exception& error) {
              return failed(error.what());
            }
          },
          [&](const command::KillRedis& c) {
            std::string error;
            if (RedisClusterProcess* nodes = cluster.embedded_redis_cluster()) {
              if (c.node.empty()) return failed(name_a_node(nodes->node_names()));
              if (!nodes->kill_node(c.node, &error)) return failed(error);
              return ok("Redis node " + c.node + " killed");
            }
            if (RedisSentinelProcess* sentinel = cluster.embedded_sentinel()) {
              if (c.node.empty()) return failed(name_a_node(sentinel->node_names()));
              if (!sentinel->kill_node(c.node, &error)) return failed(error);
              return ok("Redis node " + c.node + " killed");
            }
            RedisProcess* redis = redis_process();
            if (!redis) return failed("Redis is not embedded in this world: stop it yourself");
            if (!c.node.empty()) return failed("this world's Redis is one redis-server: no nodes");
            redis->kill();
            redis_paused_ = false;
            return ok("redis-server killed");
          },
          [&](const command::RestartRedis& c) {
            std::string error;
            if (RedisClusterProcess* nodes = cluster.embedded_redis_cluster()) {
              if (c.node.empty()) return failed(name_a_node(nodes->node_names()));
              if (!nodes->restart_node(c.node, &error)) return failed(error);
              return ok("Redis node " + c.node + " running again");
            }
            if (RedisSentinelProcess* sentinel = cluster.embedded_sentinel()) {
              if (c.node.empty()) return failed(name_a_node(sentinel->node_names()));
              if (!sentinel->restart_node(c.node, &error)) return failed(error);
              return ok("Redis node " + c.node + " running again");
            }
            RedisProcess* redis = redis_process();
            if (!redis) return failed("Redis is not embedded in this world: restart it yourself");
            if (!c.node.empty()) return failed("this world's Redis is one redis-server: no nodes");
            try {
              if (redis_paused_) redis->resume();
              redis_paused_ = false;
              if (redis->running()) {
                redis->restart();
              } else {
                redis->start();
              }
              return ok("redis-server running again on port " + std::to_string(redis->port()));
            } catch (const std::exception& error) {
              return failed(error.what());
            }
          },
          [&](const command::FailoverRedis& c) {
            std::string error;
            if (RedisClusterProcess* nodes = cluster.embedded_redis_cluster()) {
              if (!nodes->failover(c.node, &error)) return failed(error);
              return ok("CLUSTER FAILOVER asked for " + c.node);
            }
            if (RedisSentinelProcess* sentinel = cluster.embedded_sentinel()) {
              if (sentinel->index_of(c.node) < 0)
                return failed(name_a_node(sentinel->node_names()));
              if (!sentinel->failover(&error)) return failed(error);
              return ok("SENTINEL FAILOVER asked (the primary was " + sentinel->primary_address() +
                        ")");
            }
            return failed(
                "failover needs an embedded Redis Cluster or Sentinel (--redis cluster:N "
                "or --redis sentinel)");
          },
          [&](const command::PauseRedis& c) {
            RedisProcess* redis = redis_process();
            if (!redis) return failed("Redis is not embedded in this world");
            if (!redis->running()) return failed("redis-server is not running");
            redis->pause();
            redis_paused_ = true;
            if (c.duration.count() > 0) {
              timed_.push_back(
                  {std::chrono::steady_clock::now() + c.duration, command::ResumeRedis{}});
              return ok("redis-server paused for " + std::to_string(c.duration.count()) + " ms");
            }
            return ok("redis-server paused (resume-redis to go on)");
          },
          [&](const command::ResumeRedis&) {
            RedisProcess* redis = redis_process();
            if (!redis) return failed("Redis is not embedded in this world");
            if (!redis_paused_) return ok("redis-server was not paused");
            redis->resume();
            redis_paused_ = false;
            return ok("redis-server resumed");
          },
          [&](const command::SetPolicy& c) {
            if (!cluster.balancer()) return failed("this world has no load balancer");
            cluster.balancer()->set_policy(c.policy);
            return ok(std::string("load balancing: ") + to_string(c.policy));
          },
          [&](const command::SetBotRate& c) {
            if (!bots_) return failed("this world has no bots (start it with --bots N)");
            bots_->set_rate(c.says_per_second);
            return ok("bots say " + std::to_string(c.says_per_second) + " messages/s");
          },
          [&](const command::ConnectClients& c) {
            CommandOutcome refusal;
            auto port = entry_port(cluster, c.via, &refusal);
            if (!port) return refusal;
            auto names = fleet_.connect(c.count, c.name, c.room, *port, c.via, c.transport);
            std::string message = "connecting " + names.front();
            if (names.size() > 1) message += " to " + names.back();
            if (c.transport == ClientTransport::kPolling) message += " (long-polling)";
            return ok(message + (c.via.empty() ? " through the load balancer" : " to " + c.via));
          },
          [&](const command::ReconnectClient& c) {
            if (!fleet_.has(c.client)) return no_client(c.client);
            CommandOutcome refusal;
            auto port = entry_port(cluster, c.via, &refusal);
            if (!port) return refusal;
            fleet_.reconnect(c.client, c.via, *port);
            return ok(c.client + " reconnects " +
                      (c.via.empty() ? "through the load balancer" : "to " + c.via));
          },
          [&](const command::DisconnectClient& c) {
            return socket_command(
                c.client, [&] { return fleet_.disconnect(c.client); },
                [](Socket& socket) { socket.disconnect(/*close=*/true); },
                c.client + " disconnected");
          },
          [&](const command::Join& c) {
            return socket_command(
                c.client, [&] { return fleet_.join(c.client, c.room); },
                [room = c.room](Socket& socket) { socket.join(room); },
                c.client + " joins " + c.room);
          },
          [&](const command::Leave& c) {
            return socket_command(
                c.client, [&] { return fleet_.leave(c.client, c.room); },
                [room = c.room](Socket& socket) { socket.leave(room); },
                c.client + " leaves " + c.room);
          },
          [&](const command::Say& c) {
            return socket_command(
                c.client, [&] { return fleet_.say(c.client, c.room, c.text, c.mid); }, nullptr,
                c.client + " says \"" + c.text + "\"" + (c.mid.empty() ? "" : " (" + c.mid + ")"));
          },
          [&](const command::Remember& c) {
            if (!fleet_.remember(c.client, c.store, c.key, c.value)) return no_client(c.client);
            return ok(c.client + " asks its server to keep " + c.key + " in " +
                      (c.store == StateStore::kRedis ? "a Redis hash" : "the server's memory"));
          },
          [&](const command::Recall& c) {
            if (!fleet_.recall(c.client, c.store, c.key)) return no_client(c.client);
            return ok(c.client + " asks its server for " + c.key + " from " +
                      (c.store == StateStore::kRedis ? "the Redis hash" : "the server's memory"));
          },
          [&](const command::Emit& c) {
            ServerInstance* server = nullptr;
            if (!c.server.empty()) {
              server = cluster.server(c.server);
              if (!server) return no_server(c.server);
            } else {
              for (const auto& name : cluster.server_names()) {
                ServerInstance* candidate = cluster.server(name);
                if (candidate->running()) {
                  server = candidate;
                  break;
                }
              }
            }
            if (!server || !server->running()) return failed("no server is running");
            const std::string mid = server->name() + "-emit-" + std::to_string(next_emit_++);
            server->post([c, mid](SioServer& sio) {
              protocol::Json said{{"from", "server"},
                                  {"server", sio.name()},
                                  {"room", c.to.empty() ? protocol::Json() : protocol::Json(c.to)},
                                  {"text", c.text},
                                  {"mid", mid}};
              adapter::BroadcastOptions to;
              if (!c.to.empty()) to.rooms.push_back(c.to);
              Namespace& nsp = sio.of("/");
              sio.trace().recv(nsp.name(), "", c.event, said.dump().size(), mid, c.to);
              nsp.emit(c.event, protocol::Json::array({std::move(said)}), to);
            });
            return ok(server->name() + " emits " + c.event + " (" + mid + ")");
          },
          [&](const command::RedisCommand& c) {
            if (!has_redis) return failed("this world has no Redis");
            adapter::BlockingRedis redis(cluster.redis_endpoint(), std::chrono::seconds(60));
            std::string error;
            const auto start = std::chrono::steady_clock::now();
            auto reply = redis.command(c.words, &error);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            if (!reply) return failed("Redis did not answer: " + error);
            if (reply->type == adapter::RedisValue::Type::kError) return failed(reply->text);
            return ok(redis_outcome(redis, c, *reply, ms));
          },
          [&](const command::FillKeys& c) {
            if (!has_redis) return failed("this world has no Redis");
            adapter::BlockingRedis redis(cluster.redis_endpoint(), std::chrono::seconds(60));
            auto done = fill_keys(
                redis, c, [&](uint64_t keys, uint64_t total) { report_progress(c, keys, total); });
            return done.ok ? ok(done.message) : failed(done.message);
          },
          [&](const command::ScanKeys& c) {
            if (!has_redis) return failed("this world has no Redis");
            adapter::BlockingRedis redis(cluster.redis_endpoint(), std::chrono::seconds(60));
            auto done = scan_keys(
                redis, c, [&](uint64_t keys, uint64_t total) { report_progress(c, keys, total); });
            return done.ok ? ok(done.message) : failed(done.message);
          },
          [&](const command::SetLink& c) {
            std::string error;
            if (!cluster.apply_link_setting(c.setting, &error)) return failed(error);
            return ok("link " + to_string(c.setting));
          },
          [&](const command::Wait& c) {
            hold_until_ = std::chrono::steady_clock::now() + c.duration;
            return ok("the next commands wait " + std::to_string(c.duration.count()) + " ms");
          },
          [&](const command::RunStoreBench& c) {
            StoreBenchRequest request;
            request.store = c.store;
            request.threads = c.threads;
            request.duration = c.duration;
            std::string error;
            if (c.store == StoreKind::kRedis) {
              if (!has_redis) return failed("this world has no Redis");
              request.targets.redis = cluster.redis_endpoint();
            }
            if (c.store == StoreKind::kMemcached) {
              if (!ensure_memcached(&error)) return failed(error);
              request.targets.memcached_host = memcached_->host();
              request.targets.memcached_port = memcached_->port();
            }
            if (!store_bench_->start(std::move(request), &error)) return failed(error);
            std::string where;
            if (c.store == StoreKind::kMemcached) {
              where = " (memcached pid " + std::to_string(memcached_->pid()) + ", port " +
                      std::to_string(memcached_->port()) + ")";
            }
            return ok(std::string("benchmarking ") + to_string(c.store) + where +
                      ": each run's figures follow when it is done");
          },
          [&](const command::Autoscale& c) {
            if (!cluster.balancer())
              return failed("this world has no load balancer to scale behind");
            if (!c.on) {
              autoscaler_->turn_off();
              return ok("autoscaler off (servers draining finish their drain)");
            }
            if (!options_.record_trace) {
              return failed(
                  "the autoscaler reads its metric from the trace, which this world "
                  "does not record");
            }
            autoscaler_->turn_on(c.settings);
            const AutoscaleSettings& s = c.settings;
            return ok("autoscaler on: target " + std::to_string(static_cast<int>(s.target)) +
                      " msg/s per server, " + std::to_string(s.min_servers) + " to " +
                      std::to_string(s.max_servers) + " servers, every " +
                      std::to_string(s.period.count()) + " ms, scale-down window " +
                      std::to_string(s.window.count()) + " ms");
          },
          [&](const command::AskClass& c) {
            using Action = command::AskClass::Action;
            if (c.action == Action::kOpen) {
              class_question_ = c.question;
              class_phase_ = QuestionPhase::kOpen;
            } else if (!class_question_) {
              return failed("no question is asked (question open first)");
            } else if (c.action == Action::kClose) {
              class_phase_ = QuestionPhase::kClosed;
            } else if (c.action == Action::kReveal) {
              class_phase_ = QuestionPhase::kRevealed;
            }
            const std::string id = class_question_->id;
            if (c.action == Action::kClear) class_question_.reset();
            std::string reached;
            for (const auto& name : cluster.server_names()) {
              ServerInstance* server = cluster.server(name);
              if (!server->running()) continue;
              show_question_on(*server);
              reached += (reached.empty() ? "" : ", ") + name;
            }
            const char* done = c.action == Action::kOpen     ? "asked"
                               : c.action == Action::kClose  ? "closed"
                               : c.action == Action::kReveal ? "revealed"
                                                             : "cleared";
            return ok("question " + id + " " + done + " on " +
                      (reached.empty() ? std::string("no server (none is running)") : reached));
          },
          [&](const command::DrainServer& c) {
            if (!cluster.balancer()) return failed("this world has no load balancer to drain from");
            auto refused = autoscaler_->drain(c.server);
            if (refused) return failed(*refused);
            return ok(c.server +
                      " drains: no new sessions; its clients reconnect through the "
                      "balancer, then it is removed");
          },
      },
      command);
}

}  // namespace scaleout::sim
