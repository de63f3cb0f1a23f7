// WorldModel: the world as the trace tells it, rebuilt by applying events one by one: servers and
// whether they (and their link to Redis) are up, clients (where, how, in which rooms), rooms
// across servers, the faults on the network's links, and messages in flight with the deliveries
// they are owed. The collector keeps
// one live (for loss detection); `scaleout replay` builds one from a file up to any moment.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "scaleout/base/link_faults.hpp"
#include "scaleout/trace/trace_event.hpp"

namespace scaleout::sim {

using ServerNames = std::vector<std::string>;

class WorldModel {
 public:
  struct Server {
    std::string name;
    uint16_t port = 0;
    std::string adapter;
    bool up = false;
    std::string down_reason;
    bool redis_known = false;  // a redis adapter reported its link at least once
    bool redis_up = false;
    int64_t redis_up_ns = -1;  // when its link to Redis last came up
  };
  struct Client {
    std::string socket;
    std::string server;
    std::string nsp;
    std::string transport;
    std::string name;                // what the client called itself (auth.name), if anything
    std::vector<std::string> rooms;  // joined rooms, without the socket's own
    bool connected = true;
    std::string disconnect_reason;
  };
  // A message received from a client and the deliveries it is owed: every member of its room
  // (every socket of the namespace when no room) on every server at the moment it arrived.
  struct Message {
    std::string mid;
    std::string server;
    std::string nsp;
    std::string room;
    int64_t recv_ns = 0;
    std::vector<uint32_t> owed;  // client indices
    std::vector<bool> delivered;
    size_t delivered_count = 0;
    bool publish_failed = false;
    bool origin_redis_down = false;
    // The most the Redis links' latency (and jitter) could add between its recv and a deliver,
    // over its time in flight.
    int64_t link_delay_ns = 0;
    // Per direction, link name -> the fault kinds other than latency it had while the message was
    // in flight (bit 1 << LinkFaultKind).
    std::map<std::string, uint8_t> link_faults_seen[2];

    uint8_t faults_seen(const std::string& link, LinkDirection direction) const;
  };
  // A link of the network with the faults the trace last gave it; links never changed are not
  // here.
  struct Link {
    std::string name;
    LinkFaults faults[2];  // by LinkDirection
  };

  // Without message tracking, recv/deliver/drop only keep clients and rooms up to date: what a
  // view needs, for less work per event.
  explicit WorldModel(bool track_messages = true) : track_messages_(track_messages) {}

  void apply(const TraceEvent& event, const ServerNames& names);

  const std::map<std::string, Server>& servers() const { return servers_; }
  // Connected clients, in the order they connected.
  std::vector<const Client*> clients() const;
  const Client& client(uint32_t index) const { return clients_[index]; }
  // Every client ever seen, connected or not; indices never change.
  size_t client_count() const { return clients_.size(); }
  std::optional<uint32_t> find_client(const std::string& socket) const;
  // Grows by one whenever a server, a client, a room membership or a channel changes.
  uint64_t version() const { return version_; }
  // nsp -> room -> server -> sockets, for rooms with members.
  std::map<std::string, std::map<std::string, std::map<std::string, std::set<std::string>>>> rooms()
      const;
  // Redis channels each server has published or received on.
  std::map<std::string, std::set<std::string>> channels() const;
  const std::unordered_map<std::string, Message>& in_flight() const { return in_flight_; }
  const std::map<std::string, Link>& links() const { return links_; }

  // Removes a finished message (all owed deliveries made or dropped).
  Message take_message(const std::string& mid);
  int64_t last_time() const { return last_time_; }

 private:
  uint32_t client_index(const std::string& socket);
  std::vector<uint32_t> members(const std::string& nsp, const std::string& room) const;
  static std::string room_key(std::string_view nsp, std::string_view room);
  void apply_link(const TraceEvent& event);
  void note_link_faults(Message& message) const;
  // Upstream latency + jitter of the slowest `-redis` link plus the same downstream.
  int64_t redis_path_delay_ns() const;

  std::map<std::string, Server> servers_;
  std::vector<Client> clients_;
  std::unordered_map<std::string, uint32_t> by_socket_;
  std::unordered_map<std::string, std::set<uint32_t>> room_members_;  // nsp\0room -> clients
  std::unordered_map<std::string, std::set<uint32_t>> nsp_members_;   // nsp -> clients
  std::map<std::string, std::set<std::string>> channels_;             // server -> channels
  std::unordered_map<std::string, Message> in_flight_;
  std::map<std::string, Link> links_;
  int64_t last_time_ = 0;
  uint64_t version_ = 0;
  bool track_messages_ = true;
};

}  // namespace scaleout::sim
