// Classroom mode: students' browsers join the cluster over the network. What `scaleout cluster
// --classroom` and `scaleout gui --classroom` share:
//   - which address of this machine students can reach (the first non-loopback IPv4 address of
//     an interface that is up, or the one the teacher names);
//   - the QR code of the page's URL, as plain data (a square of dark and light modules) that a
//     terminal prints with half blocks and the GUI draws with rectangles;
//   - apply_classroom(): the cluster's options for a classroom: the balancer on that address,
//     the servers on loopback behind it, the classroom's limits (classroom_limits.hpp) and the
//     chat page (classroom_page.hpp);
//   - the notice that says plainly that anyone on the network can join, and under which limits.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/web/classroom_limits.hpp"
#include "scaleout/web/classroom_page.hpp"
#include "scaleout/world/cluster.hpp"

namespace scaleout::sim {

struct NetworkAddress {
  std::string interface_name;  // "eth0", "wlan0"
  std::string address;         // "192.168.1.23"
};

// IPv4 addresses of the interfaces that are up, loopback left out; physical-looking interfaces
// first (container and VM bridges such as docker0 or virbr0 last).
std::vector<NetworkAddress> network_addresses();

// `wanted`: empty for the first of network_addresses(), or an address or interface name of this
// machine (127.0.0.1 included, for a try on one machine). nullopt, with `error` saying what to
// do, when there is no such address.
std::optional<NetworkAddress> choose_classroom_address(std::string_view wanted, std::string* error);

struct QrCode {
  // Light modules a reader needs around the code (not included in `modules`).
  static constexpr int kQuietZone = 4;

  int size = 0;                  // modules per side
  std::vector<uint8_t> modules;  // size * size, row by row from the top; 1 is dark

  bool dark(int x, int y) const { return modules[static_cast<size_t>(y) * size + x] != 0; }
};

// The QR code (error correction level M) of `text`; nullopt with `error` when it cannot be made.
std::optional<QrCode> make_qr_code(std::string_view text, std::string* error);
// The code as text lines, two modules per character cell (half blocks), quiet zone included.
// With `ansi`, black on white colours make it scan on dark and light terminals alike; without,
// dark characters are dark modules.
std::string qr_code_for_terminal(const QrCode& code, bool ansi);

// What classroom mode changes beyond the limits: smaller payloads and fewer rooms per socket.
struct ClassroomSettings {
  ChatLimits chat;
  AddressLimits per_address;
  int64_t max_payload = 16 * 1024;  // a chat message is a few hundred bytes
  size_t max_rooms_per_socket = 4;
};
ClassroomSettings classroom_settings();

// Sets `cluster` up for a classroom: the balancer listens on `address` (on the port the options
// already give, 0 for any) and on 127.0.0.1 at the same port, for this machine's bots, GUI and
// browser; the servers on 127.0.0.1 only; the limits of `settings` (a smaller max_payload or
// rooms-per-socket already there is kept); the page on the balancer and the servers.
void apply_classroom(ClusterOptions& cluster, const std::string& address,
                     std::shared_ptr<const ClassroomPage> page, const ClassroomSettings& settings);

// "http://192.168.1.23:8080/"
std::string classroom_url(const std::string& address, uint16_t port);
// What the teacher should read before students join: the URL, who can reach it, and the limits
// `cluster` (set up by apply_classroom) enforces.
std::vector<std::string> classroom_notice(const std::string& url, const ClusterOptions& cluster);

}  // namespace scaleout::sim
