// StoreClient: what one bench thread uses to talk to a store. For the real stores it owns its
// own connection (a blocking hiredis context, a memcached_st), as a server process would; for the
// in-process stores it calls the store directly, with the thread's meter.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scaleout/stores/store_bench.hpp"

namespace scaleout::sim {

class StoreClient {
 public:
  virtual ~StoreClient() = default;
  // False when the store did not answer (a miss is an answer).
  virtual bool get(std::string_view key, std::string* value) = 0;
  virtual bool set(std::string_view key, std::string_view value) = 0;
  // Why the last call failed.
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

// A client of `kind`; `store` is the in-process store (null for the real ones), `meter` the
// calling thread's. Throws std::runtime_error when a real store cannot be reached.
std::unique_ptr<StoreClient> make_store_client(StoreKind kind, const StoreTargets& targets,
                                               InProcessStore* store, StoreThreadMeter* meter);

}  // namespace scaleout::sim
