// DemoApp: the class's question (class_question.hpp, docs/class-questions.md). The world shows a
// question to every server (on_class_question); each server shows it to its own sockets
// ("class_question") and to each socket that connects while it is on; a student's "answer" is
// kept here, passed on to the other servers (serverSideEmit "class_vote") and broadcast to the
// teacher's room ("voted"); a "class_vote" from another server is kept too.
#include "scaleout/adapter/clock.hpp"
#include "scaleout/server/demo_app.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/socket.hpp"
#include "scaleout/web/plain_text.hpp"

namespace scaleout::sim {

using protocol::Json;

namespace {

constexpr const char* kVoteEvent = "class_vote";  // serverSideEmit between servers
constexpr size_t kMaxVoterChars = 63;

Json error_reply(std::string why) {
  return Json::array({Json{{"error", std::move(why)}}});
}

}  // namespace

std::string DemoApp::voter_of(const Socket& socket) {
  auto voter = socket.auth().find("voter");
  if (voter != socket.auth().end() && voter->is_string() &&
      check_plain_text("voter", voter->get_ref<const std::string&>(), kMaxVoterChars).empty()) {
    return voter->get<std::string>();
  }
  return socket.id();
}

// What a page is shown: the question without its answer until it is revealed, and the vote this
// server holds for the socket's voter.
Json DemoApp::question_for(const Socket& socket) const {
  const auto& question = votes_.question();
  if (!question) return Json();
  Json out = to_json(*question, votes_.phase() == QuestionPhase::kRevealed);
  out["state"] = to_string(votes_.phase());
  if (!out.contains("answer")) out["answer"] = nullptr;
  auto yours = votes_.choice_of(voter_of(socket));
  out["yours"] = yours ? Json(*yours) : Json();
  return out;
}

void DemoApp::on_class_question(Namespace& nsp, const ClassQuestion* question,
                                QuestionPhase phase) {
  if (question) {
    votes_.show(*question, phase);
  } else {
    votes_.clear();
  }
  nsp.for_each_socket(
      [&](Socket& socket) { socket.emit("class_question", Json::array({question_for(socket)})); });
}

std::optional<QuestionSnapshot> DemoApp::question_snapshot() const {
  return votes_.snapshot();
}

void DemoApp::answer(Socket& socket, const Json& args, const AckFunction& ack) {
  auto reply = [&](Json answer) {
    if (ack) ack(std::move(answer));
  };
  if (args.empty() || !args[0].is_object()) {
    return reply(error_reply("answer expects {question, choice}"));
  }
  const Json& message = args[0];
  const auto& question = votes_.question();
  if (!question) return reply(error_reply("no question is asked now"));
  if (!message.contains("question") || message["question"] != question->id) {
    return reply(error_reply("that question is over"));
  }
  if (votes_.phase() != QuestionPhase::kOpen) return reply(error_reply("voting is closed"));
  const int count = static_cast<int>(question->choices.size());
  const Json& choice = message.contains("choice") ? message["choice"] : Json();
  if (!choice.is_number_integer() || choice.get<int64_t>() < 0 || choice.get<int64_t>() >= count) {
    return reply(error_reply("choice: one of the " + std::to_string(count) + " choices (0 to " +
                             std::to_string(count - 1) + ")"));
  }
  ClassVote vote;
  vote.voter = voter_of(socket);
  if (socket.data().contains("name")) vote.name = socket.data()["name"].get<std::string>();
  vote.choice = choice.get<int>();
  vote.cast_on = server_name_;
  votes_.record(question->id, vote, adapter::monotonic_ns());

  // To the other servers, through the adapter: each keeps its own tally.
  socket.nsp().adapter().server_side_emit(Json::array({kVoteEvent, to_json(question->id, vote)}),
                                          {});
  // To the teacher's room, as a room broadcast like any other (tag_event gave it its mid).
  Json voted = to_json(question->id, vote);
  voted["mid"] = message.value("mid", "");
  adapter::BroadcastOptions to;
  to.rooms.push_back(kTeacherRoom);
  socket.nsp().emit("voted", Json::array({std::move(voted)}), to);
  reply(Json::array({Json{{"question", question->id}, {"choice", vote.choice}}}));
}

bool DemoApp::hear_vote(const Json& args) {
  if (args.size() != 2 || !args[0].is_string() || args[0] != kVoteEvent) return false;
  std::string question;
  if (auto vote = parse_class_vote(args[1], &question)) {
    votes_.record(question, std::move(*vote), adapter::monotonic_ns());
  }
  return true;
}

}  // namespace scaleout::sim
