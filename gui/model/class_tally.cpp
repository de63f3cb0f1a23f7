// class_tally: the servers' vote books compared, voter by voter.
#include "model/class_tally.hpp"

#include <algorithm>
#include <map>

namespace scaleout::gui {

ClassTally class_tally(const sim::WorldStatus& status, const std::string& question, size_t latest) {
  ClassTally tally;
  // voter -> the vote as the server it was cast on holds it (else as any server heard it)
  std::map<std::string, sim::ClassVote> cast;
  std::vector<std::map<std::string, int>> books;  // per server: voter -> choice
  for (const sim::ServerSnapshot& server : status.world.servers) {
    if (!server.running || !server.question || server.question->id != question) continue;
    const sim::QuestionSnapshot& held = *server.question;
    tally.present = true;
    tally.phase = sim::to_string(held.phase);
    tally.choices = std::max(tally.choices, held.choices);
    ServerTally counted{server.name, std::vector<int>(static_cast<size_t>(held.choices), 0), 0};
    std::map<std::string, int> book;
    for (const sim::ClassVote& vote : held.votes) {
      if (vote.choice < 0 || vote.choice >= held.choices) continue;
      ++counted.counts[static_cast<size_t>(vote.choice)];
      ++counted.votes;
      book[vote.voter] = vote.choice;
      auto known = cast.find(vote.voter);
      if (known == cast.end() || vote.cast_on == server.name) cast[vote.voter] = vote;
    }
    tally.servers.push_back(std::move(counted));
    books.push_back(std::move(book));
  }
  if (!tally.present) return tally;
  tally.split =
      std::any_of(books.begin(), books.end(),
                  [&](const std::map<std::string, int>& book) { return book != books[0]; });
  tally.counts.assign(static_cast<size_t>(tally.choices), 0);
  std::vector<const sim::ClassVote*> by_time;
  for (const auto& [voter, vote] : cast) {
    ++tally.counts[static_cast<size_t>(vote.choice)];
    ++tally.votes;
    by_time.push_back(&vote);
  }
  // Newest first (the servers share this machine's monotonic clock).
  std::sort(by_time.begin(), by_time.end(), [](const sim::ClassVote* a, const sim::ClassVote* b) {
    return a->heard_ns > b->heard_ns;
  });
  for (size_t i = 0; i < by_time.size() && i < latest; ++i)
    tally.latest.push_back(TallyVote{by_time[i]->name, by_time[i]->choice, by_time[i]->cast_on});
  return tally;
}

}  // namespace scaleout::gui
