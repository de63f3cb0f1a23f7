// LoadBalancer: one URL in front of a cluster. It listens on its own loopback port and forwards
// each HTTP request to one of the backend server instances, chosen per request (not per TCP
// connection: Node's HTTP agent carries requests of different sessions on one kept-alive
// connection). A WebSocket upgrade is routed like any request; after the backend's 101 the
// balancer relays bytes both ways until either side closes.
//
// Policies (what a lesson can switch between at run time):
//   round_robin        every request goes to the next live backend. Long-polling breaks: the
//                      session's next request lands on a server that answers 400
//                      {"code":1,"message":"Session ID unknown"}. This is the classic mistake
//                      and stays broken on purpose.
//   least_connections  the live backend with the fewest open client connections (WebSocket
//                      tunnels plus requests in flight, long-polling GETs included).
//   sticky_sid         a request whose query carries `sid=` goes to the backend whose handshake
//                      reply created that session; other requests fall back to round robin.
//   sticky_cookie      responses set `scaleout_server=<backend name>`; a request carrying it
//                      goes to that backend (what browsers rely on); others fall back to round
//                      robin.
//
// Classroom mode (classroom.hpp): the balancer answers the chat page's requests itself, and
// enforces per-address limits (connections, new sessions per second) with a 429 of its own.
//
// Every response the balancer forwards carries `X-Scaleout-Backend: <name>`, and requests get
// `X-Forwarded-For`. A backend that refuses a connection gets the request a 502 and is skipped
// for `down_ms`. Requests and tunnels to a backend that set_backends() removes are cut.
//
// Links (docs/network-links.md): when the world gives them, every client connection crosses
// `client_link` and every exchange with a backend crosses that backend's `link` too: tunnels
// byte by byte, HTTP requests and responses as whole messages. Without links it is a plain relay.
//
// Threads: everything runs on the balancer's own io_context thread and never blocks.
// set_backends(), set_policy() and stats() may be called from any other thread: they hand the
// work to that thread and wait for it, so the balancer itself never waits on a lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/web/classroom_limits.hpp"

namespace scaleout::sim {

class ClassroomPage;
class Link;

enum class BalancePolicy { kRoundRobin, kLeastConnections, kStickySid, kStickyCookie };

// "round-robin", "least-connections", "sticky-sid", "sticky-cookie" (underscores accepted too).
std::optional<BalancePolicy> parse_balance_policy(std::string_view name);
const char* to_string(BalancePolicy policy);

struct Backend {
  std::string name;  // also the sticky cookie's value: letters, digits, '-', '_' and '.'
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::shared_ptr<Link> link = nullptr;  // the balancer <-> backend hop, if the world has links
  // Draining: no new session goes to it; requests of its sessions (a sid, its cookie) and its
  // open tunnels still do, until the server lets them go (scale-in).
  bool draining = false;
};

struct LoadBalancerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port
  // Listen on 127.0.0.1 as well, on the same port, when bind_address is another single address
  // (a classroom's network address): this machine's bots, GUI and browser keep 127.0.0.1.
  bool also_on_loopback = false;
  BalancePolicy policy = BalancePolicy::kStickySid;
  std::shared_ptr<Link> client_link;  // every client's connection, when the world has links

  uint32_t max_header = 16 * 1024;            // request and response headers
  uint64_t max_body = (1 << 20) + 64 * 1024;  // request bodies: Node's 1 MB maxPayload and a bit
  uint64_t max_response_body = 16 << 20;      // a polling reply holds a session's whole queue
  int connect_timeout_ms = 2000;              // to a backend
  int response_timeout_ms = 120000;           // a long-polling GET is held up to pingInterval
  int idle_timeout_ms = 60000;                // a client connection between requests
  int down_ms = 2000;                         // how long a refusing backend is skipped
  size_t sticky_capacity = 100000;            // sid -> backend entries kept at most
  int sticky_idle_ms = 10 * 60 * 1000;        // an entry unused this long is forgotten

  // Per client address: connections at once, new sessions per second. Over them, the balancer
  // answers 429 itself and the backends never see the request.
  AddressLimits per_address;
  // When set, the balancer answers the classroom page's requests itself (GET /, the script, the
  // stylesheet and /socket.io/socket.io.min.js), so that the page loads whatever the servers do.
  std::shared_ptr<const ClassroomPage> page;
};

struct BackendStats {
  std::string name;
  uint16_t port = 0;
  bool up = true;                 // false while skipped after a refused connection
  uint64_t open_connections = 0;  // tunnels and requests in flight
  uint64_t requests = 0;          // routed to it so far (upgrades included)
  uint64_t failures = 0;          // refused, cut or unanswered requests
  bool draining = false;          // gets no new session (Backend::draining)
};

class LoadBalancer {
 public:
  explicit LoadBalancer(LoadBalancerOptions options = {});
  ~LoadBalancer();
  LoadBalancer(const LoadBalancer&) = delete;
  LoadBalancer& operator=(const LoadBalancer&) = delete;

  // Binds and starts the thread. Throws std::runtime_error saying why it could not listen.
  void start();
  // Closes every client connection and tunnel, then stops the thread. start() may follow.
  void stop();
  bool running() const;

  uint16_t port() const { return port_; }
  std::string url() const;

  // Replaces the backend list. A backend keeps its counters when its name and address stay;
  // connections to a backend that leaves the list (or changes address) are cut.
  void set_backends(std::vector<Backend> backends);
  // Takes effect for the next request; requests already forwarded are not moved.
  void set_policy(BalancePolicy policy);
  BalancePolicy policy() const;
  // One entry per backend, in set_backends() order.
  std::vector<BackendStats> stats() const;

 private:
  class Core;
  template <class Task>
  auto on_balancer_thread(Task task) const;

  LoadBalancerOptions options_;
  std::unique_ptr<Core> core_;
  uint16_t port_ = 0;
};

}  // namespace scaleout::sim
