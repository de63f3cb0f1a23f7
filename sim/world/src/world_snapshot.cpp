// WorldSnapshot: views derived from the servers' own snapshots.
#include "scaleout/world/world_snapshot.hpp"

namespace scaleout::sim {

std::map<std::string, std::map<std::string, std::map<std::string, std::set<std::string>>>>
WorldSnapshot::rooms() const {
  std::map<std::string, std::map<std::string, std::map<std::string, std::set<std::string>>>> out;
  for (const auto& server : servers) {
    for (const auto& client : server.clients) {
      for (const auto& room : client.rooms)
        out[client.nsp][room][server.name].insert(client.socket);
    }
  }
  return out;
}

std::map<std::string, std::set<std::string>> WorldSnapshot::subscribers() const {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& server : servers) {
    for (const auto& channel : server.subscriptions)
      out[channel].insert(server.name);
  }
  return out;
}

}  // namespace scaleout::sim
