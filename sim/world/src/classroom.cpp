// Classroom mode: the machine's network addresses, the classroom's settings, and the notice.
#include "scaleout/world/classroom.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdio>

namespace scaleout::sim {

namespace {

// Bridges of containers and virtual machines: students are rarely on those networks.
bool looks_virtual(std::string_view name) {
  for (std::string_view prefix : {"docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc"})
    if (name.starts_with(prefix)) return true;
  return false;
}

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::vector<NetworkAddress> ipv4_addresses(bool with_loopback) {
  std::vector<NetworkAddress> addresses;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return addresses;
  for (ifaddrs* entry = list; entry; entry = entry->ifa_next) {
    if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET) continue;
    if (!(entry->ifa_flags & IFF_UP)) continue;
    if ((entry->ifa_flags & IFF_LOOPBACK) && !with_loopback) continue;
    char text[INET_ADDRSTRLEN];
    const auto* ipv4 = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
    if (!inet_ntop(AF_INET, &ipv4->sin_addr, text, sizeof text)) continue;
    addresses.push_back({entry->ifa_name, text});
  }
  freeifaddrs(list);
  std::stable_partition(addresses.begin(), addresses.end(),
                        [](const NetworkAddress& a) { return !looks_virtual(a.interface_name); });
  return addresses;
}

}  // namespace

std::vector<NetworkAddress> network_addresses() {
  return ipv4_addresses(/*with_loopback=*/false);
}

std::optional<NetworkAddress> choose_classroom_address(std::string_view wanted,
                                                       std::string* error) {
  const auto candidates = ipv4_addresses(/*with_loopback=*/true);
  for (const auto& candidate : candidates) {
    if (wanted.empty() ? candidate.address.starts_with("127.")
                       : candidate.address != wanted && candidate.interface_name != wanted) {
      continue;
    }
    return candidate;
  }
  if (error) {
    std::string known;
    for (const auto& candidate : candidates)
      known += (known.empty() ? "" : ", ") + candidate.interface_name + " " + candidate.address;
    *error = wanted.empty()
                 ? "this machine has no network address but loopback (" + known +
                       "): connect it to the students' network, or try it alone with "
                       "--classroom-address 127.0.0.1"
                 : "'" + std::string(wanted) +
                       "' is not an address or interface of this machine (" + known + ")";
  }
  return std::nullopt;
}

ClassroomSettings classroom_settings() {
  ClassroomSettings settings;
  settings.chat.max_name_chars = 32;
  settings.chat.max_room_chars = 32;
  settings.chat.max_text_chars = 300;
  settings.chat.max_rooms = 50;
  settings.chat.messages_per_second = 5;
  settings.chat.message_burst = 15;
  // A browser tab opens up to six HTTP connections to load the page, then holds one or two.
  settings.per_address.max_connections = 16;
  settings.per_address.sessions_per_second = 0.5;
  settings.per_address.session_burst = 10;
  return settings;
}

void apply_classroom(ClusterOptions& cluster, const std::string& address,
                     std::shared_ptr<const ClassroomPage> page, const ClassroomSettings& settings) {
  cluster.balancer = true;
  cluster.balancer_bind_address = address;
  cluster.balancer_limits = settings.per_address;
  ServerOptions& server = cluster.server;
  server.bind_address = "127.0.0.1";
  server.chat = settings.chat;
  server.max_payload = std::min(server.max_payload, settings.max_payload);
  server.max_rooms_per_socket =
      std::min(server.max_rooms_per_socket, settings.max_rooms_per_socket);
  server.page = std::move(page);
}

std::string classroom_url(const std::string& address, uint16_t port) {
  const bool ipv6 = address.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port) + "/";
}

std::vector<std::string> classroom_notice(const std::string& url, const ClusterOptions& cluster) {
  const ChatLimits& chat = cluster.server.chat;
  const AddressLimits& per_address = cluster.balancer_limits;
  auto rate = [](double per_second, double burst, const char* what) {
    if (per_second <= 0) return std::string("any ") + what;
    return format_number(per_second) + " " + what + "/s (burst " +
           format_number(std::max(burst, 1.0)) + ")";
  };
  auto count = [](size_t limit, const char* what) {
    return limit == 0 ? std::string("any ") + what : std::to_string(limit) + " " + what;
  };
  auto longest = [](size_t limit) {
    return limit == 0 ? std::string("any") : std::to_string(limit);
  };
  return {
      "CLASSROOM MODE: anyone on this network can open " + url + " and join the cluster.",
      "The servers stay on 127.0.0.1 behind the load balancer; the page has no teacher controls.",
      "Per student address: " + count(per_address.max_connections, "connections") + ", " +
          rate(per_address.sessions_per_second, per_address.session_burst, "new sessions") + ", " +
          rate(chat.messages_per_second, chat.message_burst, "messages") + ".",
      "Longest name " + longest(chat.max_name_chars) + ", room " + longest(chat.max_room_chars) +
          ", message " + longest(chat.max_text_chars) + " characters; " +
          count(chat.max_rooms, "rooms") + " per server.",
      "This machine's own addresses (bots, the GUI) are not limited.",
  };
}

}  // namespace scaleout::sim
