// ClientFleet: named clients that connect, rejoin their rooms after a lost connection, and act
// on command.
#include "scaleout/world/client_fleet.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <future>
#include <random>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/client/client.hpp"
#include "scaleout/client/polling_client.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using protocol::Json;

namespace {

// A member's current connection: a WebSocket client or a long-polling one, which have the same
// controls.
struct Connection {
  std::shared_ptr<Client> websocket;
  std::shared_ptr<PollingClient> polling;

  template <class Act>
  void with(Act act) const {
    if (websocket) act(*websocket);
    if (polling) act(*polling);
  }
  bool connected() const {
    return (websocket && websocket->connected()) || (polling && polling->connected());
  }
  std::string id() const {
    return websocket ? websocket->id() : polling ? polling->id() : std::string();
  }
};

}  // namespace

struct ClientFleet::Member {
  explicit Member(asio::io_context& io) : retry(io) {}

  std::string name;
  std::string via;
  ClientTransport transport = ClientTransport::kWebSocket;
  std::vector<std::string> rooms;  // what it wants to be in, joined again after a reconnect
  Connection connection;
  uint64_t generation = 0;  // counts connections, so that an old one's handlers stay quiet
  asio::steady_timer retry;
  FleetClientStatus status;
  bool gone = false;  // disconnected on purpose: never reconnects
};

ClientFleet::ClientFleet() = default;

ClientFleet::~ClientFleet() {
  stop();
}

void ClientFleet::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this] { io_.run(); });
}

void ClientFleet::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  std::promise<void> closed;
  asio::post(io_, [this, &closed] {
    std::vector<std::shared_ptr<Member>> members;
    {
      std::lock_guard lock(mutex_);
      for (auto& [name, member] : members_)
        members.push_back(member);
    }
    for (auto& member : members) {
      member->gone = true;
      member->retry.cancel();
      member->connection.with([](auto& client) { client.close(); });
    }
    closed.set_value();
  });
  closed.get_future().wait();
  work_.reset();
  // Closing clients wait a moment for the servers' close frames, then the loop runs dry.
  thread_.join();
  std::lock_guard lock(mutex_);
  members_.clear();
  published_.clear();
}

std::vector<std::string> ClientFleet::connect(int count, const std::string& prefix,
                                              const std::string& room, uint16_t port,
                                              const std::string& via, ClientTransport transport) {
  std::vector<std::shared_ptr<Member>> made;
  std::vector<std::string> names;
  {
    std::lock_guard lock(mutex_);
    ports_[via] = port;
    for (int i = 0; i < count; ++i) {
      auto member = std::make_shared<Member>(io_);
      member->name = prefix + std::to_string(++next_number_[prefix]);
      member->via = via;
      member->transport = transport;
      if (!room.empty()) member->rooms.push_back(room);
      member->status.name = member->name;
      member->status.via = via;
      member->status.transport = transport;
      members_[member->name] = member;
      published_[member->name] = member->status;
      names.push_back(member->name);
      made.push_back(std::move(member));
    }
  }
  asio::post(io_, [this, made = std::move(made)] {
    for (const auto& member : made)
      open(member);
  });
  return names;
}

void ClientFleet::set_port(const std::string& server, uint16_t port) {
  std::lock_guard lock(mutex_);
  ports_[server] = port;
}

void ClientFleet::open(const std::shared_ptr<Member>& member) {
  if (member->gone || stopping_) return;
  ClientOptions options;
  {
    std::lock_guard lock(mutex_);
    options.port = ports_[member->via];
  }
  options.auth = Json{{"name", member->name}};
  member->connection = {};
  if (member->transport == ClientTransport::kPolling) {
    member->connection.polling = PollingClient::create(io_, options);
  } else {
    member->connection.websocket = Client::create(io_, options);
  }
  const uint64_t generation = ++member->generation;
  std::weak_ptr<Member> weak = member;
  // The member as it is now, or null when it is gone or has moved on to another connection.
  auto current = [weak, generation]() -> std::shared_ptr<Member> {
    auto member = weak.lock();
    return member && member->generation == generation ? member : nullptr;
  };
  member->connection.with([&](auto& client) {
    client.on_event([this, current](const std::string& event, Json& args, const auto&) {
      auto member = current();
      if (!member) return;
      if (event == "welcome" && !args.empty() && args[0].is_object()) {
        member->status.server = args[0].value("server", "");
        publish(*member);
      } else if (event == "said") {
        ++member->status.heard;
        publish(*member);
      }
    });
    client.on_disconnect([this, current](const std::string& reason) {
      auto member = current();
      if (!member) return;
      member->status.connected = false;
      member->status.socket.clear();
      member->status.last_error = reason;
      publish(*member);
      schedule_reconnect(member);
    });
    client.connect([this, current](const std::string& error) {
      auto member = current();
      if (!member) return;
      if (!error.empty()) {
        member->status.last_error = error;
        ++member->status.failed_connects;
        publish(*member);
        schedule_reconnect(member);
        return;
      }
      member->status.connected = true;
      member->status.socket = member->connection.id();
      member->status.rooms.clear();
      publish(*member);
      for (const auto& room : member->rooms)
        send_join(member, room);
    });
  });
}

void ClientFleet::send_join(const std::shared_ptr<Member>& member, const std::string& room) {
  std::weak_ptr<Member> weak = member;
  member->connection.with([&](auto& client) {
    client.emit("join", Json::array({room}), [this, weak, room](Json) {
      auto member = weak.lock();
      if (!member) return;
      if (std::find(member->status.rooms.begin(), member->status.rooms.end(), room) ==
          member->status.rooms.end()) {
        member->status.rooms.push_back(room);
      }
      publish(*member);
    });
  });
}

void ClientFleet::schedule_reconnect(const std::shared_ptr<Member>& member) {
  if (member->gone || stopping_) return;
  // Like socket.io-client: about a second, with jitter so that a killed server's clients
  // spread out over the others.
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<int> jitter(500, 1500);
  ++member->status.reconnects;
  member->retry.expires_after(std::chrono::milliseconds(jitter(random)));
  std::weak_ptr<Member> weak = member;
  member->retry.async_wait([this, weak](boost::system::error_code error) {
    auto member = weak.lock();
    if (!error && member) open(member);
  });
}

void ClientFleet::publish(const Member& member) {
  std::lock_guard lock(mutex_);
  if (members_.count(member.name)) published_[member.name] = member.status;
}

std::shared_ptr<ClientFleet::Member> ClientFleet::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto found = members_.find(name);
  return found == members_.end() ? nullptr : found->second;
}

bool ClientFleet::has(const std::string& name) const {
  return find(name) != nullptr;
}

std::string ClientFleet::name_of_socket(const std::string& socket) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, status] : published_) {
    if (!socket.empty() && status.socket == socket) return name;
  }
  return {};
}

bool ClientFleet::join(const std::string& name, const std::string& room) {
  auto member = find(name);
  if (!member) return false;
  asio::post(io_, [this, member, room] {
    if (std::find(member->rooms.begin(), member->rooms.end(), room) == member->rooms.end()) {
      member->rooms.push_back(room);
    }
    if (member->connection.connected()) send_join(member, room);
  });
  return true;
}

bool ClientFleet::leave(const std::string& name, const std::string& room) {
  auto member = find(name);
  if (!member) return false;
  asio::post(io_, [this, member, room] {
    std::erase(member->rooms, room);
    std::erase(member->status.rooms, room);
    publish(*member);
    if (member->connection.connected()) {
      member->connection.with([&](auto& client) { client.emit("leave", Json::array({room})); });
    }
  });
  return true;
}

bool ClientFleet::say(const std::string& name, const std::string& room, const std::string& text,
                      const std::string& mid) {
  auto member = find(name);
  if (!member) return false;
  asio::post(io_, [member, room, text, mid] {
    if (!member->connection.connected()) return;
    Json message{{"room", room.empty() ? Json() : Json(room)}, {"text", text}};
    if (!mid.empty()) message["mid"] = mid;
    // With an ack, as apps usually send it: the server's answer (its message id) is traced.
    member->connection.with(
        [&](auto& client) { client.emit("say", Json::array({message}), [](Json) {}); });
  });
  return true;
}

bool ClientFleet::remember(const std::string& name, StateStore store, const std::string& key,
                           const std::string& value) {
  auto member = find(name);
  if (!member) return false;
  asio::post(io_, [member, store, key, value] {
    if (!member->connection.connected()) return;
    Json message{{"store", to_string(store)}, {"key", key}, {"value", value}};
    member->connection.with(
        [&](auto& client) { client.emit("remember", Json::array({message}), [](Json) {}); });
  });
  return true;
}

bool ClientFleet::recall(const std::string& name, StateStore store, const std::string& key) {
  auto member = find(name);
  if (!member) return false;
  asio::post(io_, [this, member, store, key] {
    const std::string slot = std::string(to_string(store)) + ":" + key;
    if (!member->connection.connected()) {
      member->status.recalls[slot] =
          RecallAnswer{std::nullopt, "", "not connected", adapter::monotonic_ns()};
      publish(*member);
      return;
    }
    Json message{{"store", to_string(store)}, {"key", key}};
    std::weak_ptr<Member> weak = member;
    member->connection.with([&](auto& client) {
      client.emit("recall", Json::array({message}), [this, weak, slot](Json args) {
        auto member = weak.lock();
        if (!member) return;
        RecallAnswer answer;
        answer.t_ns = adapter::monotonic_ns();
        const Json reply = args.is_array() && !args.empty() ? args[0] : Json();
        if (reply.is_object()) {
          answer.server = reply.value("server", "");
          answer.error = reply.value("error", "");
          if (reply.contains("value") && reply["value"].is_string()) {
            answer.value = reply["value"].get<std::string>();
          }
        } else {
          answer.error = "unexpected answer " + protocol::dump_json(reply);
        }
        member->status.recalls[slot] = std::move(answer);
        publish(*member);
      });
    });
  });
  return true;
}

bool ClientFleet::reconnect(const std::string& name, const std::string& via, uint16_t port) {
  auto member = find(name);
  if (!member) return false;
  {
    std::lock_guard lock(mutex_);
    ports_[via] = port;
  }
  asio::post(io_, [this, member, via] {
    if (member->gone) return;
    member->retry.cancel();
    member->connection.with([](auto& client) { client.close(); });
    member->via = via;
    member->status.via = via;
    member->status.connected = false;
    member->status.socket.clear();
    member->status.last_error = "reconnect asked";
    ++member->status.reconnects;
    publish(*member);
    open(member);
  });
  return true;
}

bool ClientFleet::disconnect(const std::string& name) {
  std::shared_ptr<Member> member;
  {
    std::lock_guard lock(mutex_);
    auto found = members_.find(name);
    if (found == members_.end()) return false;
    member = found->second;
    members_.erase(found);
    published_.erase(name);
  }
  asio::post(io_, [member] {
    member->gone = true;
    member->retry.cancel();
    member->connection.with([](auto& client) { client.close(); });
  });
  return true;
}

std::vector<FleetClientStatus> ClientFleet::status() const {
  std::lock_guard lock(mutex_);
  std::vector<FleetClientStatus> out;
  out.reserve(published_.size());
  for (const auto& [name, status] : published_)
    out.push_back(status);
  return out;
}

size_t ClientFleet::size() const {
  std::lock_guard lock(mutex_);
  return members_.size();
}

}  // namespace scaleout::sim
