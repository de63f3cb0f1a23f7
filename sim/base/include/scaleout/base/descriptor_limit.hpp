// A process with thousands of sockets (a server, a load generator) needs a file descriptor for
// each: raise_descriptor_limit lifts the soft limit to the hard one.
#pragma once

namespace scaleout::sim {

void raise_descriptor_limit();

}  // namespace scaleout::sim
