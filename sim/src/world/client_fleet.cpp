// ClientFleet: named clients that connect, rejoin their rooms after a lost connection, and act
// on command.
#include "scaleout/sim/client_fleet.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <future>
#include <random>

#include "scaleout/sim/client.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using protocol::Json;

struct ClientFleet::Member {
  explicit Member(asio::io_context& io) : retry(io) {}

  std::string name;
  std::string via;
  std::vector<std::string> rooms;  // what it wants to be in, joined again after a reconnect
  std::shared_ptr<Client> client;
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
      if (member->client) member->client->close();
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
                                              const std::string& via) {
  std::vector<std::shared_ptr<Member>> made;
  std::vector<std::string> names;
  {
    std::lock_guard lock(mutex_);
    ports_[via] = port;
    for (int i = 0; i < count; ++i) {
      auto member = std::make_shared<Member>(io_);
      member->name = prefix + std::to_string(++next_number_[prefix]);
      member->via = via;
      if (!room.empty()) member->rooms.push_back(room);
      member->status.name = member->name;
      member->status.via = via;
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
  auto client = Client::create(io_, options);
  member->client = client;
  std::weak_ptr<Member> weak = member;
  client->on_event([this, weak](const std::string& event, Json& args, const Client::AckReply&) {
    auto member = weak.lock();
    if (!member) return;
    if (event == "welcome" && !args.empty() && args[0].is_object()) {
      member->status.server = args[0].value("server", "");
      publish(*member);
    } else if (event == "said") {
      ++member->status.heard;
      publish(*member);
    }
  });
  client->on_disconnect([this, weak, client](const std::string& reason) {
    auto member = weak.lock();
    if (!member || member->client != client) return;
    member->status.connected = false;
    member->status.socket.clear();
    member->status.last_error = reason;
    publish(*member);
    schedule_reconnect(member);
  });
  client->connect([this, weak, client](const std::string& error) {
    auto member = weak.lock();
    if (!member || member->client != client) return;
    if (!error.empty()) {
      member->status.last_error = error;
      publish(*member);
      schedule_reconnect(member);
      return;
    }
    member->status.connected = true;
    member->status.socket = client->id();
    member->status.rooms.clear();
    publish(*member);
    for (const auto& room : member->rooms) {
      client->emit("join", Json::array({room}), [this, weak, room](Json) {
        auto member = weak.lock();
        if (!member) return;
        if (std::find(member->status.rooms.begin(), member->status.rooms.end(), room) ==
            member->status.rooms.end()) {
          member->status.rooms.push_back(room);
        }
        publish(*member);
      });
    }
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
    if (!member->client || !member->client->connected()) return;
    std::weak_ptr<Member> weak = member;
    member->client->emit("join", Json::array({room}), [this, weak, room](Json) {
      auto member = weak.lock();
      if (!member) return;
      if (std::find(member->status.rooms.begin(), member->status.rooms.end(), room) ==
          member->status.rooms.end()) {
        member->status.rooms.push_back(room);
      }
      publish(*member);
    });
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
    if (member->client && member->client->connected()) {
      member->client->emit("leave", Json::array({room}));
    }
  });
  return true;
}

bool ClientFleet::say(const std::string& name, const std::string& room, const std::string& text) {
  auto member = find(name);
  if (!member) return false;
  asio::post(io_, [member, room, text] {
    if (!member->client || !member->client->connected()) return;
    Json message{{"room", room.empty() ? Json() : Json(room)}, {"text", text}};
    // With an ack, as apps usually send it: the server's answer (its message id) is traced.
    member->client->emit("say", Json::array({std::move(message)}), [](Json) {});
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
    if (member->client) member->client->close();
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
