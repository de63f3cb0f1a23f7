// A step's `question` in the scenario format: its texts in both languages, its 2 to 5 choices,
// the right one by its number or none, the explanation; and every way to get one wrong refused
// with file:line:column, what was expected and what was found. The lessons that carry questions
// are checked with the rest of the library in scenario_parse_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>

#include "scaleout/scenarios/parse.hpp"

namespace scaleout::scenarios {
namespace {

// A two-server scenario whose one step (line 6) carries `question` (from line 9 on).
std::string with_question(const std::string& question) {
  return "title: test\n"
         "world:\n"
         "  servers: 2\n"
         "steps:\n"
         "  - id: say\n"
         "    caption: c1 says hello\n"
         "    do: [connect 2 room lobby, say c1 lobby hi mid m1]\n"
         "    question:\n" +
         question;
}

ParseResult parse(const std::string& yaml) {
  return parse_scenario(yaml, "test.yaml");
}

TEST(ScenarioQuestion, AQuestionHasItsTextsChoicesAnswerAndExplanation) {
  auto parsed = parse(with_question(
      "      text: {en: \"How many members receive m1?\", ko: \"m1을 몇 명이 받을까요?\"}\n"
      "      choices: [1, {en: two, ko: 둘}, 4]\n"
      "      answer: 2\n"
      "      explain: {en: Only s1's members., ko: s1의 멤버만 받습니다.}\n"));
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_TRUE(parsed->steps[0].question);
  const Question& question = *parsed->steps[0].question;
  EXPECT_EQ(question.text.en, "How many members receive m1?");
  EXPECT_EQ(question.text.in(Language::kKorean), "m1을 몇 명이 받을까요?");
  ASSERT_EQ(question.choices.size(), 3u);
  EXPECT_EQ(question.choices[0].en, "1");
  EXPECT_EQ(question.choices[0].in(Language::kKorean), "1");  // falls back to English
  EXPECT_EQ(question.choices[1].ko, "둘");
  EXPECT_EQ(question.answer, 1);  // 0-based: the second choice
  EXPECT_EQ(question.explanation.ko, "s1의 멤버만 받습니다.");
  EXPECT_EQ(question.mark.line, 9);
  EXPECT_EQ(question.mark.column, 7);
}

TEST(ScenarioQuestion, AQuestionOfOpinionHasNoAnswer) {
  auto parsed =
      parse(with_question("      text: Which would you deploy?\n"
                          "      choices: [scale-up, scale-out]\n"
                          "      explain: Both have their price.\n"));
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_FALSE(parsed->steps[0].question->answer.has_value());
}

TEST(ScenarioQuestion, AStepWithoutAQuestionHasNone) {
  auto parsed =
      parse("title: test\nworld: {servers: 1}\nsteps:\n  - {id: a, caption: a, wait: 1s}\n");
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_FALSE(parsed->steps[0].question.has_value());
}

struct BadQuestion {
  const char* what;
  std::string question;
  const char* where;     // "test.yaml:line:column"
  const char* expected;  // a part of what was expected
  const char* found;     // a part of what was found
};

void PrintTo(const BadQuestion& bad, std::ostream* out) {
  *out << bad.what;
}

class BadQuestions : public ::testing::TestWithParam<BadQuestion> {};

TEST_P(BadQuestions, AreRefusedWithWhereWhatWasExpectedAndWhatWasFound) {
  const BadQuestion& bad = GetParam();
  auto parsed = parse(with_question(bad.question));
  ASSERT_FALSE(parsed) << bad.what << " was accepted";
  const std::string message = parsed.error().message();
  EXPECT_EQ(message.rfind(std::string(bad.where) + ": expected ", 0), 0u) << message;
  EXPECT_NE(parsed.error().expected.find(bad.expected), std::string::npos) << message;
  EXPECT_NE(parsed.error().found.find(bad.found), std::string::npos) << message;
}

const std::string kText = "      text: How many?\n";
const std::string kChoices = "      choices: [1, 2, 4]\n";
const std::string kExplain = "      explain: Because.\n";

INSTANTIATE_TEST_SUITE_P(
    Refusals, BadQuestions,
    ::testing::Values(
        BadQuestion{"a question that is not a map", "      - How many?\n", "test.yaml:9:7",
                    "a map for a question", "a list"},
        BadQuestion{"an unknown key", kText + kChoices + kExplain + "      hint: think\n",
                    "test.yaml:12:7", "a key of a question (text, choices, answer, explain)",
                    "'hint'"},
        BadQuestion{"no text", kChoices + kExplain, "test.yaml:9:7", "'text' in a question",
                    "no 'text'"},
        BadQuestion{"no explanation", kText + kChoices, "test.yaml:9:7", "'explain' in a question",
                    "no 'explain'"},
        BadQuestion{"one choice", kText + "      choices: [4]\n" + kExplain, "test.yaml:10:16",
                    "a list of 2 to 5 choices", "1"},
        BadQuestion{"six choices", kText + "      choices: [1, 2, 3, 4, 5, 6]\n" + kExplain,
                    "test.yaml:10:16", "a list of 2 to 5 choices", "6"},
        BadQuestion{"choices that are not a list", kText + "      choices: 4\n" + kExplain,
                    "test.yaml:10:16", "a list of 2 to 5 choices", "'4'"},
        BadQuestion{"the same choice twice", kText + "      choices: [2, 4, 2]\n" + kExplain,
                    "test.yaml:10:23", "choices that differ", "'2' twice"},
        BadQuestion{"an answer past the last choice",
                    kText + kChoices + "      answer: 4\n" + kExplain, "test.yaml:11:15",
                    "the number of the right choice, 1 to 3", "'4'"},
        BadQuestion{"an answer counted from 0", kText + kChoices + "      answer: 0\n" + kExplain,
                    "test.yaml:11:15", "the number of the right choice, 1 to 3", "'0'"},
        BadQuestion{"an answer given as the choice's text",
                    kText + "      choices: [one, two]\n      answer: two\n" + kExplain,
                    "test.yaml:11:15", "the number of the right choice, 1 to 2", "'two'"},
        BadQuestion{"a text over the limit",
                    "      text: " + std::string(201, 'x') + "\n" + kChoices + kExplain,
                    "test.yaml:9:13", "the question as plain text of at most 200 characters",
                    "at most 200 characters"},
        BadQuestion{"a choice over the limit",
                    kText + "      choices: [a, " + std::string(61, 'b') + "]\n" + kExplain,
                    "test.yaml:10:20", "a choice as plain text of at most 60 characters",
                    "at most 60 characters"},
        BadQuestion{
            "a Korean text with a control character",
            "      text: {en: \"How many?\", ko: \"몇 명\\u0007?\"}\n" + kChoices + kExplain,
            "test.yaml:9:35", "the question as plain text", "control characters"},
        BadQuestion{"an explanation on two lines",
                    kText + kChoices + "      explain: \"one\\ntwo\"\n", "test.yaml:11:16",
                    "the explanation as plain text", "control characters"},
        BadQuestion{"a text in an unknown language",
                    "      text: {en: \"How many?\", fr: \"Combien?\"}\n" + kChoices + kExplain,
                    "test.yaml:9:31", "a key of a text (en, ko)", "'fr'"}));

// The lesson library asks the class at least six questions, each in both languages.
TEST(LessonQuestions, AtLeastSixLessonsAskAQuestionInEnglishAndKorean) {
  int lessons_asking = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SCALEOUT_LESSONS_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    auto parsed = load_scenario(entry.path().string());
    ASSERT_TRUE(parsed) << parsed.error().message();
    bool asks = false;
    for (const auto& step : parsed->steps) {
      if (!step.question) continue;
      asks = true;
      const Question& question = *step.question;
      const std::string where = entry.path().filename().string() + " step " + step.id;
      EXPECT_FALSE(question.text.ko.empty()) << where;
      EXPECT_FALSE(question.explanation.ko.empty()) << where;
      for (const auto& choice : question.choices)
        EXPECT_FALSE(choice.ko.empty()) << where << " choice " << choice.en;
    }
    lessons_asking += asks;
  }
  EXPECT_GE(lessons_asking, 6);
}

}  // namespace
}  // namespace scaleout::scenarios
