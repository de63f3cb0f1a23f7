// LinkSnapshot: a plain copy of one link of the network (docs/network-links.md) and the faults
// on each of its directions, for the GUI, scenarios and tests.
#pragma once

#include <cstddef>
#include <string>

#include "scaleout/base/link_faults.hpp"

namespace scaleout::sim {

struct LinkSnapshot {
  std::string name;  // clients, s2, s2-redis
  LinkKind kind = LinkKind::kClients;
  std::string server;  // the server it leads to; empty for clients
  LinkFaults upstream;
  LinkFaults downstream;
  size_t connections = 0;  // connections (and HTTP exchanges) crossing it now
};

}  // namespace scaleout::sim
