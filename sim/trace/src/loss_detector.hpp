// LossDetector: turns the world model's messages in flight into `drop` events. A message is owed
// one delivery per member of its room on every server at the moment it arrived; once it is older
// than the settle time (plus what the Redis links' latency adds), each member that got nothing is
// a drop, with the most likely reason:
//   slow consumer   the member was dropped for not reading
//   server down     the member's server went down
//   no adapter      the sender's server has no adapter to reach the member's server
//   partition       a link on its way (the sender's Redis link up, the member's down) was
//                   partitioned while it was in flight
//   network         such a link was down or had a bandwidth limit; or the member was cut off
//                   while its own hop (clients, its server's) was down
//   redis down      the publish could not be sent, or the member's server lost its link to Redis
//                   while the message was on its way
//   disconnected    the member left before the message reached it
//   not delivered   none of the above
#pragma once

#include <chrono>
#include <span>
#include <vector>

#include "scaleout/trace/world_model.hpp"

namespace scaleout::sim {

class LossDetector {
 public:
  explicit LossDetector(std::chrono::nanoseconds settle) : settle_(settle) {}

  // Applies `events` to the model, then appends a drop for each delivery that is overdue at
  // `now_ns` (the clock's time now: a message settles even when nothing else happens).
  void process(std::span<const TraceEvent> events, const ServerNames& names, int64_t now_ns,
               std::vector<TraceEvent>& drops);

  const WorldModel& model() const { return model_; }

 private:
  void settle(int64_t before_ns, int64_t now_ns, const ServerNames& names,
              std::vector<TraceEvent>& drops);
  const char* reason(const WorldModel::Message& message, const WorldModel::Client& member) const;

  std::chrono::nanoseconds settle_;
  WorldModel model_;
};

}  // namespace scaleout::sim
