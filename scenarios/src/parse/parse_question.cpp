// A step's `question`: what the class is asked before the step plays. Its texts go to students'
// pages, the teacher's projector and reports, so each must be plain text (sim/plain_text.hpp) of
// a bounded length in both languages; 2 to 5 choices, no two alike; the right one by its number
// (1-based, as a teacher counts them) or none for a question of opinion; an explanation.
#include "parse/parse_parts.hpp"
#include "scaleout/web/plain_text.hpp"

namespace scaleout::scenarios::parse {

namespace {

// One of the question's texts, {en, ko} or English alone, each plain text of at most `max`.
Text plain_text(const YamlReader& reader, const YAML::Node& node, std::string_view what,
                size_t max) {
  Text text = reader.text(node);
  for (const std::string* language : {&text.en, &text.ko}) {
    if (language->empty()) continue;
    const std::string why = sim::check_plain_text(what, *language, max);
    if (why.empty()) continue;
    // Point at the language's own node when it was given as a map.
    YAML::Node at = node;
    if (node.IsMap()) at = node[language == &text.en ? "en" : "ko"];
    reader.refuse(reader.mark(at),
                  std::string(what) + " as plain text of at most " + std::to_string(max) +
                      " characters (one line, no control characters)",
                  why.substr(why.find(':') + 2));
  }
  return text;
}

}  // namespace

Question parse_question(const YamlReader& reader, const YAML::Node& node) {
  MapFields fields(reader, node, "a question", {"text", "choices", "answer", "explain"});
  Question question;
  question.mark = reader.mark(node);
  question.text =
      plain_text(reader, fields.require("text"), "the question", Question::kMaxTextChars);

  const YAML::Node choices = fields.require("choices");
  const std::string how_many = "a list of " + std::to_string(Question::kMinChoices) + " to " +
                               std::to_string(Question::kMaxChoices) + " choices";
  if (!choices.IsSequence()) reader.refuse(choices, how_many);
  if (choices.size() < Question::kMinChoices || choices.size() > Question::kMaxChoices) {
    reader.refuse(reader.mark(choices), how_many, std::to_string(choices.size()));
  }
  for (const auto& choice : choices) {
    Text text = plain_text(reader, choice, "a choice", Question::kMaxChoiceChars);
    for (const Text& earlier : question.choices) {
      if (earlier.en == text.en) {
        reader.refuse(reader.mark(choice), "choices that differ from each other",
                      "'" + text.en + "' twice");
      }
    }
    question.choices.push_back(std::move(text));
  }

  if (fields.has("answer")) {
    const YAML::Node answer = fields.get("answer");
    const int count = static_cast<int>(question.choices.size());
    const std::string expected = "the number of the right choice, 1 to " + std::to_string(count) +
                                 " (leave 'answer' out when no choice is right)";
    if (!answer.IsScalar()) reader.refuse(answer, expected);
    int number = 0;
    try {
      number = reader.integer(answer, 1, count);
    } catch (const Refusal&) {
      reader.refuse(answer, expected);
    }
    question.answer = number - 1;
  }
  question.explanation =
      plain_text(reader, fields.require("explain"), "the explanation", Question::kMaxExplainChars);
  return question;
}

}  // namespace scaleout::scenarios::parse
