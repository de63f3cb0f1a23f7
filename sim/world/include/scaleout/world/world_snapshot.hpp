// WorldSnapshot: the whole world at one moment, put together by the cluster from the servers'
// and the network's own snapshots (server_snapshot.hpp, link_snapshot.hpp), for the GUI,
// scenarios, tests and --stats. Nothing in it points into a server.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "scaleout/links/link_snapshot.hpp"
#include "scaleout/server/server_snapshot.hpp"

namespace scaleout::sim {

struct WorldSnapshot {
  std::vector<ServerSnapshot> servers;
  std::string redis_url;  // password hidden
  bool redis_running = false;
  std::vector<LinkSnapshot> links;  // empty when the world runs without links

  // nsp -> room -> server -> sockets
  std::map<std::string, std::map<std::string, std::map<std::string, std::set<std::string>>>> rooms()
      const;
  // channel or pattern -> servers subscribed to it
  std::map<std::string, std::set<std::string>> subscribers() const;
};

}  // namespace scaleout::sim
