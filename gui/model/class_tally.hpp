// ClassTally: the class's votes on the question on show, as the window draws them, from the
// servers' snapshots in the world's status. Each server counts the votes that reached it (cast
// on it, or passed on by another server through the adapter): with the Redis adapter up every
// server counts the same votes and the window draws one bar per choice; when the servers' counts
// differ (no adapter, Redis down, a partition) the tally is split, and the window draws one bar
// per server for each choice, so that the class sees the cluster's split in its own votes.
#pragma once

#include <string>
#include <vector>

#include "scaleout/world/world_status.hpp"

namespace scaleout::gui {

struct ServerTally {
  std::string server;
  std::vector<int> counts;  // per choice
  int votes = 0;
};

struct TallyVote {   // one vote as the window lists it (newest first)
  std::string name;  // the student's name; empty: none given
  int choice = 0;
  std::string cast_on;
};

struct ClassTally {
  bool present = false;  // some running server holds the question
  std::string phase;     // "open", "closed", "revealed" (the servers' own word)
  int choices = 0;
  std::vector<ServerTally> servers;  // each running server that holds the question, by name
  // The votes cast, each counted once (by its voter, as the server it was cast on holds it):
  // what a tally across the whole cluster would say.
  std::vector<int> counts;
  int votes = 0;
  // The servers counted different votes: each holds only what reached it.
  bool split = false;
  std::vector<TallyVote> latest;  // the newest few votes
};

// The tally of `question` (its id) in `status`; absent when no running server holds it.
ClassTally class_tally(const sim::WorldStatus& status, const std::string& question,
                       size_t latest = 6);

}  // namespace scaleout::gui
