// AddressGuard: the balancer's per-address limits (AddressLimits in classroom_limits.hpp). It
// counts the connections each client address holds open, a ConnectionTicket for each (held by
// the connection's ProxySession, then by its Tunnel through the backend lease), and keeps a token
// bucket of new Engine.IO sessions per address. An address over a limit is answered 429 by the
// balancer itself; other addresses have their own counts and buckets and never notice. Exempt
// addresses (this machine's own) and limits of 0 count nothing. Touched only on the balancer's
// thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "scaleout/web/address_rate.hpp"
#include "scaleout/web/classroom_limits.hpp"

namespace scaleout::sim {

class AddressGuard;

// One open connection of one address; gives its place back when the last holder lets go.
class ConnectionTicket {
 public:
  ConnectionTicket(AddressGuard* guard, std::string address);
  ~ConnectionTicket();
  ConnectionTicket(const ConnectionTicket&) = delete;
  ConnectionTicket& operator=(const ConnectionTicket&) = delete;

 private:
  AddressGuard* guard_;  // null: counts nothing
  std::string address_;
};

class AddressGuard {
 public:
  explicit AddressGuard(const AddressLimits& limits);

  const AddressLimits& limits() const { return limits_; }
  // A ticket for one more connection, or null when the address already holds max_connections.
  std::shared_ptr<ConnectionTicket> admit_connection(const std::string& address);
  // Takes one new session from the address's bucket; false when it has none left.
  bool admit_session(std::string_view address, std::chrono::steady_clock::time_point now);
  size_t open_connections(const std::string& address) const;

 private:
  friend class ConnectionTicket;
  void release(const std::string& address);

  AddressLimits limits_;
  std::unordered_map<std::string, size_t> open_;
  AddressRate sessions_;
};

// Answers a connection over the limit with a 429 and closes it, after reading (and dropping)
// what the client sends for a moment, so that it gets the answer rather than a reset.
void refuse_connection(boost::asio::ip::tcp::socket socket, size_t limit);

}  // namespace scaleout::sim
