// AddressGuard: connection counts and session buckets by client address, and the 429 for a
// connection over the limit.
#include "address_guard.hpp"

#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

namespace scaleout::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

ConnectionTicket::ConnectionTicket(AddressGuard* guard, std::string address)
    : guard_(guard), address_(std::move(address)) {}

ConnectionTicket::~ConnectionTicket() {
  if (guard_) guard_->release(address_);
}

AddressGuard::AddressGuard(const AddressLimits& limits)
    : limits_(limits), sessions_(limits.sessions_per_second, limits.session_burst) {}

std::shared_ptr<ConnectionTicket> AddressGuard::admit_connection(const std::string& address) {
  if (limits_.max_connections == 0 || exempt_from_limits(address)) {
    return std::make_shared<ConnectionTicket>(nullptr, address);
  }
  size_t& open = open_[address];
  if (open >= limits_.max_connections) return nullptr;
  ++open;
  return std::make_shared<ConnectionTicket>(this, address);
}

bool AddressGuard::admit_session(std::string_view address,
                                 std::chrono::steady_clock::time_point now) {
  return sessions_.allow(address, now);
}

size_t AddressGuard::open_connections(const std::string& address) const {
  auto found = open_.find(address);
  return found == open_.end() ? 0 : found->second;
}

void AddressGuard::release(const std::string& address) {
  auto found = open_.find(address);
  if (found == open_.end()) return;
  if (--found->second == 0) open_.erase(found);
}

namespace {

// How long a refused client may go on sending before its connection is closed anyway.
constexpr auto kRefusalLinger = std::chrono::seconds(2);

class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket socket, size_t limit)
      : socket_(std::move(socket)), timer_(socket_.get_executor()) {
    const std::string body = "too many connections from your address (at most " +
                             std::to_string(limit) + " at once): close some and try again\n";
    answer_ =
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        "Cache-Control: no-store\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  void start() {
    timer_.expires_after(kRefusalLinger);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->close();
    });
    asio::async_write(socket_, asio::buffer(answer_),
                      [self = shared_from_this()](boost::system::error_code error, size_t) {
                        boost::system::error_code ignored;
                        if (error) return self->close();
                        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        self->drain();
                      });
  }

 private:
  void drain() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](boost::system::error_code error, size_t) {
                              if (error) return self->close();
                              self->drain();
                            });
  }

  void close() {
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  std::string answer_;
  std::array<char, 1024> scratch_;
};

}  // namespace

void refuse_connection(tcp::socket socket, size_t limit) {
  std::make_shared<Refusal>(std::move(socket), limit)->start();
}

}  // namespace scaleout::sim
