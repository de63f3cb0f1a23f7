// ClassQuestion: a question the teacher asks the class (a lesson step's `question`, or the world
// command `question open` typed by hand), as every server's demo app holds it, and the votes
// that server has heard for it (docs/class-questions.md).
//
// The world hands the question to every running server, and each shows it to its own sockets:
// no adapter is needed to ask. A student's vote is cast on the student's own server, which keeps
// it and passes it on through the adapter: to the other servers (serverSideEmit, so that each
// keeps a tally) and to the teacher's room (a room broadcast, for a teacher's client to watch).
// Each server's tally therefore holds the votes that reached it: every vote with the Redis
// adapter up, only its own students' without one (or while Redis is down, or cut off).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/result.hpp"

namespace scaleout::sim {

// The room every vote is broadcast to: a teacher's client (a stock socket.io-client, a Node
// dashboard) joins it to see each vote as it arrives.
inline constexpr const char* kTeacherRoom = "teacher";

struct ClassText {
  std::string en;
  std::string ko;  // empty: the English text
};

struct ClassQuestion {
  static constexpr int kMinChoices = 2;
  static constexpr int kMaxChoices = 5;
  static constexpr size_t kMaxTextChars = 600;  // any of its texts

  std::string id;  // a name: letters, digits, - _ . : # (at most 63)
  ClassText text;
  std::vector<ClassText> choices;
  std::optional<int> answer;  // the right choice, 0-based; none: no choice is right
  ClassText explanation;
};

// Where a question is: students vote (open), the step plays and votes are refused (closed),
// the answer is shown (revealed).
enum class QuestionPhase { kOpen, kClosed, kRevealed };
const char* to_string(QuestionPhase phase);  // "open", "closed", "revealed"

// {id, text: {en, ko}, choices: [{en, ko}, ...]} and, `with_answer`, {answer, explain}.
protocol::Json to_json(const ClassQuestion& question, bool with_answer);
// The same back; a text may be a plain string (English). Refused, with what is wrong: a bad id,
// 2 to 5 choices not given, an answer out of range, a text that is not plain text of at most
// kMaxTextChars characters.
protocol::Result<ClassQuestion> parse_class_question(const protocol::Json& json);

// One student's vote as a server holds it: the latest from that voter.
struct ClassVote {
  std::string voter;     // the page's voter id (from its CONNECT auth), else the socket id
  std::string name;      // the name the student connected with; may be empty
  int choice = 0;        // 0-based
  std::string cast_on;   // the server the student voted on
  int64_t heard_ns = 0;  // when this server heard it (monotonic clock, as the trace's times)
};

// {question, voter, name, choice, server}: a vote as it travels between servers; and back, with
// every field checked (another server, ours or not, may send anything).
protocol::Json to_json(const std::string& question, const ClassVote& vote);
std::optional<ClassVote> parse_class_vote(const protocol::Json& json, std::string* question);

// What one server holds for the question on show (in its snapshot).
struct QuestionSnapshot {
  std::string id;
  QuestionPhase phase = QuestionPhase::kOpen;
  int choices = 0;
  std::vector<ClassVote> votes;  // one per voter, in the order heard
};

// The votes one server has heard for the question on show: one per voter, a later vote
// replacing the voter's earlier one.
class ClassVotes {
 public:
  // A new question (its votes start empty) or the same one in another phase (its votes kept).
  void show(const ClassQuestion& question, QuestionPhase phase);
  void clear();

  const std::optional<ClassQuestion>& question() const { return question_; }
  QuestionPhase phase() const { return phase_; }
  // Keeps `vote` for the question `id`, heard at `now_ns`: false (nothing kept) when no question
  // with that id is on show or the choice is not one of its choices.
  bool record(const std::string& id, ClassVote vote, int64_t now_ns);
  // The voter's vote, if this server heard one.
  std::optional<int> choice_of(const std::string& voter) const;
  std::optional<QuestionSnapshot> snapshot() const;

 private:
  std::optional<ClassQuestion> question_;
  QuestionPhase phase_ = QuestionPhase::kOpen;
  std::map<std::string, ClassVote> votes_;  // by voter
};

}  // namespace scaleout::sim
