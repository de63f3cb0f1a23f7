// pick_free_port and exchange_lines: plain POSIX sockets with poll() for the deadline.
#include "scaleout/base/loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace scaleout::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

std::optional<Address> parse_address(const std::string& host, uint16_t port) {
  Address address;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address.storage);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    address.length = sizeof(sockaddr_in);
    return address;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address.storage);
  if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    address.length = sizeof(sockaddr_in6);
    return address;
  }
  return std::nullopt;
}

// Waits for `events` on `fd` until `deadline`. False on timeout or error.
bool wait_for(int fd, short events, steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<milliseconds>(deadline - steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd entry{fd, events, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
    if (ready > 0) return (entry.revents & events) != 0 || (entry.revents & POLLHUP) != 0;
    if (ready < 0 && errno != EINTR) return false;
  }
}

bool connect_before(int fd, const Address& address, steady_clock::time_point deadline) {
  if (::connect(fd, address.get(), address.length) == 0) return true;
  if (errno != EINPROGRESS) return false;
  if (!wait_for(fd, POLLOUT, deadline)) return false;
  int error = 0;
  socklen_t length = sizeof error;
  return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
}

bool send_before(int fd, std::string_view data, steady_clock::time_point deadline) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<size_t>(sent));
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!wait_for(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

uint16_t pick_free_port(const std::string& host) {
  const std::optional<Address> address = parse_address(host, 0);
  if (!address) throw std::runtime_error("pick_free_port: not an IP address: " + host);
  Socket socket(::socket(address->family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (socket.get() < 0 || ::bind(socket.get(), address->get(), address->length) != 0 ||
      ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
    throw std::runtime_error("pick_free_port: cannot bind a socket to " + host + ": " +
                             std::generic_category().message(errno));
  }
  const uint16_t port = bound.ss_family == AF_INET
                            ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                            : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port;
  return ntohs(port);
}

std::optional<std::vector<std::string>> exchange_lines(const std::string& host, uint16_t port,
                                                       std::string_view request, size_t lines,
                                                       milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  const std::optional<Address> address = parse_address(host, port);
  if (!address) return std::nullopt;
  Socket socket(::socket(address->family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (socket.get() < 0 || !connect_before(socket.get(), *address, deadline) ||
      !send_before(socket.get(), request, deadline))
    return std::nullopt;

  std::string received;
  size_t complete = 0;
  while (complete < lines) {
    char buffer[4096];
    const ssize_t got = ::recv(socket.get(), buffer, sizeof buffer, 0);
    if (got > 0) {
      const size_t searched_from = !received.empty() ? received.size() - 1 : 0;
      received.append(buffer, static_cast<size_t>(got));
      for (size_t at = received.find("\r\n", searched_from); at != std::string::npos;
           at = received.find("\r\n", at + 2))
        ++complete;
    } else if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(socket.get(), POLLIN, deadline)) return std::nullopt;
    } else {
      return std::nullopt;  // closed early, or failed
    }
  }

  std::vector<std::string> result;
  size_t begin = 0;
  while (result.size() < lines) {
    const size_t end = received.find("\r\n", begin);
    result.push_back(received.substr(begin, end - begin));
    begin = end + 2;
  }
  return result;
}

std::string resp_command(const std::vector<std::string>& words) {
  std::string command = "*" + std::to_string(words.size()) + "\r\n";
  for (const std::string& word : words)
    command += "$" + std::to_string(word.size()) + "\r\n" + word + "\r\n";
  return command;
}

}  // namespace scaleout::sim
