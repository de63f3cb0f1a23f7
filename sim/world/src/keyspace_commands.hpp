// The world's keyspace commands: filling Redis with many keys quickly (fill-keys) and walking the
// whole keyspace with SCAN's cursor (scan-keys), as the KEYS-vs-SCAN and snapshot lessons need.
// Both run on the world's controller thread over one blocking connection and report progress as
// they go, so that a GUI or `scaleout play` can show how far a million keys have come.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "scaleout/adapter/blocking_redis.hpp"
#include "scaleout/world/world_command.hpp"

namespace scaleout::sim {

struct KeyspaceResult {
  bool ok = false;
  std::string message;  // what was done, with its figures, or why not
};

using KeyspaceProgress = std::function<void(uint64_t done, uint64_t total)>;

// SETs PREFIX1 .. PREFIXcount in batches, each one EVAL of a Lua loop: no round trip per key, and
// Redis is held for a few milliseconds per batch rather than for the whole fill. The values are
// random letters (an RDB snapshot cannot compress them away).
KeyspaceResult fill_keys(adapter::BlockingRedis& redis, const command::FillKeys& fill,
                         const KeyspaceProgress& progress);

// SCAN 0 .. until the cursor comes back to 0; counts calls, keys returned, distinct keys (SCAN
// may return a key twice) and the longest single call.
KeyspaceResult scan_keys(adapter::BlockingRedis& redis, const command::ScanKeys& scan,
                         const KeyspaceProgress& progress);

}  // namespace scaleout::sim
