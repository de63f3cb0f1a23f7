// The cluster-wide requests an adapter waits on, as both the classic and the sharded adapter
// keep them: a request (fetchSockets, allRooms, serverSideEmit with an ack) collects replies
// until it has the count it expects or its timeout fires, then calls its callback once; a
// broadcast with acks forwards each reply as it comes and is forgotten after its timeout (there
// is no telling when the last ack has come). Internal to adapter/; on the adapter's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "scaleout/adapter/adapter.hpp"

namespace scaleout::adapter {

class RequestTable {
 public:
  struct Request {
    int type = 0;         // the protocol's number for it
    size_t expected = 0;  // replies that complete it
    size_t received = 0;
    std::vector<SocketDescription> sockets;
    std::set<Room> rooms;
    std::vector<Json> replies;
    FetchSocketsCallback fetch_done;
    AllRoomsCallback rooms_done;
    ServerSideAckCallback emit_done;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  // The error a timed-out request finishes with.
  using TimeoutMessage = std::function<std::string(const Request& request)>;

  RequestTable(boost::asio::io_context& io, TimeoutMessage timeout_message)
      : io_(io), timeout_message_(std::move(timeout_message)) {}
  ~RequestTable() { *alive_ = false; }

  Request& start(const std::string& id, int type, size_t expected,
                 std::chrono::milliseconds timeout);
  Request* find(const std::string& id);
  bool contains(const std::string& id) const { return requests_.contains(id); }
  // Finishes it when it has every reply it expects.
  void count_reply(const std::string& id);
  void finish(const std::string& id, const std::string& error);
  void clear() { requests_.clear(); }

 private:
  boost::asio::io_context& io_;
  TimeoutMessage timeout_message_;
  std::unordered_map<std::string, Request> requests_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

class AckTable {
 public:
  explicit AckTable(boost::asio::io_context& io) : io_(io) {}
  ~AckTable() { *alive_ = false; }

  void start(const std::string& id, ClientCountCallback client_count, AckCallback ack,
             std::chrono::milliseconds timeout);
  bool contains(const std::string& id) const { return acks_.contains(id); }
  void client_count(const std::string& id, size_t count);
  void ack(const std::string& id, Json first_argument);
  void clear() { acks_.clear(); }

 private:
  struct Entry {
    ClientCountCallback client_count;
    AckCallback ack;
    std::unique_ptr<boost::asio::steady_timer> expiry;
  };
  boost::asio::io_context& io_;
  std::unordered_map<std::string, Entry> acks_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace scaleout::adapter
