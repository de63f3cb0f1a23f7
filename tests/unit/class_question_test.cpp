// The class's question as data (scaleout/server/class_question.hpp): its JSON both ways with every
// field checked, a vote as servers pass it on, one server's book of votes (one per voter, a later
// vote replacing the first, a new question starting empty), and the world commands that carry
// it (`question open JSON`, close, reveal, clear) printed and parsed back.
#include <gtest/gtest.h>

#include "scaleout/server/class_question.hpp"
#include "scaleout/world/world_command.hpp"

namespace scaleout::sim {
namespace {

using protocol::Json;

Json question_json() {
  return Json{{"id", "q1"},
              {"text", {{"en", "Who hears it?"}, {"ko", "누가 들을까요?"}}},
              {"choices", Json::array({"s1", "s2", Json{{"en", "both"}, {"ko", "둘 다"}}})},
              {"answer", 2},
              {"explain", "Every server subscribes."}};
}

TEST(ClassQuestion, ItsJsonParsesBackWithTheAnswerKeptApart) {
  auto parsed = parse_class_question(question_json());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->id, "q1");
  EXPECT_EQ(parsed->text.ko, "누가 들을까요?");
  ASSERT_EQ(parsed->choices.size(), 3u);
  EXPECT_EQ(parsed->choices[0].en, "s1");
  EXPECT_EQ(parsed->choices[2].ko, "둘 다");
  EXPECT_EQ(parsed->answer, 2);
  EXPECT_EQ(parsed->explanation.en, "Every server subscribes.");
  // What a page is sent before the answer is revealed has neither answer nor explanation.
  const Json hidden = to_json(*parsed, false);
  EXPECT_FALSE(hidden.contains("answer"));
  EXPECT_FALSE(hidden.contains("explain"));
  auto again = parse_class_question(to_json(*parsed, true));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(to_json(*again, true), to_json(*parsed, true));
}

TEST(ClassQuestion, AQuestionThatIsNotPlainOrNotWholeIsRefusedSayingWhy) {
  auto refused = [](const char* field, Json value) {
    Json json = question_json();
    json[field] = std::move(value);
    auto parsed = parse_class_question(json);
    return parsed ? std::string() : parsed.error().message;
  };
  EXPECT_NE(refused("id", "two words").find("id: a name"), std::string::npos);
  EXPECT_NE(refused("choices", Json::array({"only one"})).find("2 to 5"), std::string::npos);
  EXPECT_NE(refused("answer", 3).find("answer: the right choice's index, 0 to 2"),
            std::string::npos);
  EXPECT_NE(refused("text", "line\nbreak").find("control characters"), std::string::npos);
  EXPECT_NE(refused("text", std::string(601, 'x')).find("at most 600"), std::string::npos);
  EXPECT_NE(refused("hint", "x").find("unknown field 'hint'"), std::string::npos);
  EXPECT_FALSE(parse_class_question(Json::array()));
}

TEST(ClassVotes, OneVotePerVoterTheLaterReplacingTheFirst) {
  ClassVotes votes;
  EXPECT_FALSE(votes.record("q1", ClassVote{"ada", "Ada", 0, "s1"}, 1)) << "no question yet";
  votes.show(*parse_class_question(question_json()), QuestionPhase::kOpen);
  EXPECT_TRUE(votes.record("q1", ClassVote{"ada", "Ada", 0, "s1"}, 10));
  EXPECT_TRUE(votes.record("q1", ClassVote{"bora", "Bora", 2, "s2"}, 20));
  EXPECT_TRUE(votes.record("q1", ClassVote{"ada", "Ada", 1, "s1"}, 30));
  EXPECT_FALSE(votes.record("q1", ClassVote{"chidi", "Chidi", 3, "s1"}, 40)) << "no choice 3";
  EXPECT_FALSE(votes.record("q0", ClassVote{"chidi", "Chidi", 0, "s1"}, 50)) << "another question";
  auto snapshot = votes.snapshot();
  ASSERT_TRUE(snapshot);
  ASSERT_EQ(snapshot->votes.size(), 2u);
  EXPECT_EQ(snapshot->votes[0].voter, "bora");  // in the order heard: Ada's vote is the later
  EXPECT_EQ(snapshot->votes[1].voter, "ada");
  EXPECT_EQ(snapshot->votes[1].choice, 1);
  EXPECT_EQ(votes.choice_of("ada"), 1);
  // The same question in another phase keeps its votes; another question starts afresh.
  votes.show(*parse_class_question(question_json()), QuestionPhase::kClosed);
  EXPECT_EQ(votes.snapshot()->votes.size(), 2u);
  EXPECT_EQ(votes.snapshot()->phase, QuestionPhase::kClosed);
  Json other = question_json();
  other["id"] = "q2";
  votes.show(*parse_class_question(other), QuestionPhase::kOpen);
  EXPECT_TRUE(votes.snapshot()->votes.empty());
  votes.clear();
  EXPECT_FALSE(votes.snapshot());
}

TEST(ClassVotes, AVotePassedOnByAnotherServerIsCheckedFieldByField) {
  const ClassVote vote{"ada", "Ada", 1, "s1"};
  std::string question;
  auto back = parse_class_vote(to_json("q1", vote), &question);
  ASSERT_TRUE(back);
  EXPECT_EQ(question, "q1");
  EXPECT_EQ(back->voter, "ada");
  EXPECT_EQ(back->cast_on, "s1");
  Json bad = to_json("q1", vote);
  bad["name"] = "\u202eevil";  // a bidirectional override
  EXPECT_FALSE(parse_class_vote(bad, &question));
  bad = to_json("q1", vote);
  bad["choice"] = 9;
  EXPECT_FALSE(parse_class_vote(bad, &question));
  bad = to_json("q1", vote);
  bad.erase("server");
  EXPECT_FALSE(parse_class_vote(bad, &question));
}

TEST(ClassQuestionCommand, OpenCloseRevealAndClearPrintAndParseBack) {
  const std::string open = "question open " + protocol::dump_json(question_json());
  auto parsed = parse_world_command(open);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& ask = std::get<command::AskClass>(*parsed);
  EXPECT_EQ(ask.action, command::AskClass::Action::kOpen);
  EXPECT_EQ(ask.question.choices.size(), 3u);
  auto again = parse_world_command(describe(*parsed));
  ASSERT_TRUE(again) << describe(*parsed);
  EXPECT_EQ(describe(*again), describe(*parsed));
  for (const char* line : {"question close", "question reveal", "question clear"}) {
    auto command = parse_world_command(line);
    ASSERT_TRUE(command) << line;
    EXPECT_EQ(describe(*command), line);
  }
  for (const char* line :
       {"question", "question open", "question open {not json", "question close now",
        R"(question open {"id":"q1","text":"t","choices":["a"]})", "question ask"}) {
    EXPECT_FALSE(parse_world_command(line)) << line;
  }
}

}  // namespace
}  // namespace scaleout::sim
