// ClassQuestion and ClassVotes: the question as JSON and back (every field checked), and one
// server's book of votes.
#include "scaleout/server/class_question.hpp"

#include <algorithm>

#include "scaleout/web/plain_text.hpp"

namespace scaleout::sim {

namespace {

using protocol::ErrorCode;
using protocol::Json;
using protocol::make_error;

constexpr size_t kMaxNameChars = 63;  // ids, voters, server names

bool is_name(const std::string& text) {
  return !text.empty() && text.size() <= kMaxNameChars &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':' || c == '#';
         });
}

Json text_json(const ClassText& text) {
  Json out{{"en", text.en}};
  if (!text.ko.empty()) out["ko"] = text.ko;
  return out;
}

// A text: "..." (English) or {en, ko}; empty with `why` set when it is not plain text.
std::optional<ClassText> parse_text(const Json& json, const std::string& what, std::string* why) {
  ClassText text;
  if (json.is_string()) {
    text.en = json.get<std::string>();
  } else if (json.is_object() && json.contains("en") && json["en"].is_string()) {
    text.en = json["en"].get<std::string>();
    if (json.contains("ko")) {
      if (!json["ko"].is_string()) {
        *why = what + ": ko must be text";
        return std::nullopt;
      }
      text.ko = json["ko"].get<std::string>();
    }
  } else {
    *why = what + ": a text, or {en, ko}";
    return std::nullopt;
  }
  for (const std::string* language : {&text.en, &text.ko}) {
    if (language == &text.ko && text.ko.empty()) continue;
    if (std::string problem = check_plain_text(what, *language, ClassQuestion::kMaxTextChars);
        !problem.empty()) {
      *why = problem;
      return std::nullopt;
    }
  }
  return text;
}

protocol::ProtocolError refused(std::string why) {
  return make_error(ErrorCode::kBadPayload, "question: " + why);
}

}  // namespace

const char* to_string(QuestionPhase phase) {
  switch (phase) {
    case QuestionPhase::kOpen:
      return "open";
    case QuestionPhase::kClosed:
      return "closed";
    case QuestionPhase::kRevealed:
      return "revealed";
  }
  return "open";
}

Json to_json(const ClassQuestion& question, bool with_answer) {
  Json choices = Json::array();
  for (const ClassText& choice : question.choices)
    choices.push_back(text_json(choice));
  Json out{{"id", question.id}, {"text", text_json(question.text)}, {"choices", choices}};
  if (with_answer) {
    if (question.answer) out["answer"] = *question.answer;
    if (!question.explanation.en.empty()) out["explain"] = text_json(question.explanation);
  }
  return out;
}

protocol::Result<ClassQuestion> parse_class_question(const Json& json) {
  if (!json.is_object()) return refused("an object {id, text, choices, answer?, explain?}");
  for (const auto& [key, value] : json.items()) {
    if (key != "id" && key != "text" && key != "choices" && key != "answer" && key != "explain")
      return refused("unknown field '" + key + "' (id, text, choices, answer, explain)");
  }
  ClassQuestion question;
  if (!json.contains("id") || !json["id"].is_string() || !is_name(json["id"].get<std::string>()))
    return refused("id: a name of letters, digits, - _ . : # (at most 63)");
  question.id = json["id"].get<std::string>();
  std::string why;
  if (!json.contains("text")) return refused("text: missing");
  auto text = parse_text(json["text"], "text", &why);
  if (!text) return refused(why);
  question.text = std::move(*text);
  const Json& choices = json.contains("choices") ? json["choices"] : Json();
  if (!choices.is_array() || choices.size() < ClassQuestion::kMinChoices ||
      choices.size() > ClassQuestion::kMaxChoices) {
    return refused("choices: a list of 2 to 5 texts");
  }
  for (const Json& choice : choices) {
    auto parsed = parse_text(choice, "choice", &why);
    if (!parsed) return refused(why);
    question.choices.push_back(std::move(*parsed));
  }
  const int count = static_cast<int>(question.choices.size());
  if (json.contains("answer") && !json["answer"].is_null()) {
    const Json& answer = json["answer"];
    if (!answer.is_number_integer() || answer.get<int64_t>() < 0 || answer.get<int64_t>() >= count)
      return refused("answer: the right choice's index, 0 to " + std::to_string(count - 1));
    question.answer = answer.get<int>();
  }
  if (json.contains("explain")) {
    auto explanation = parse_text(json["explain"], "explain", &why);
    if (!explanation) return refused(why);
    question.explanation = std::move(*explanation);
  }
  return question;
}

Json to_json(const std::string& question, const ClassVote& vote) {
  return Json{{"question", question},
              {"voter", vote.voter},
              {"name", vote.name},
              {"choice", vote.choice},
              {"server", vote.cast_on}};
}

std::optional<ClassVote> parse_class_vote(const Json& json, std::string* question) {
  if (!json.is_object()) return std::nullopt;
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto found = json.find(key);
    if (found == json.end() || !found->is_string()) return std::nullopt;
    return found->get<std::string>();
  };
  auto id = text("question");
  auto voter = text("voter");
  auto name = text("name");
  auto server = text("server");
  auto choice = json.find("choice");
  if (!id || !voter || !name || !server || choice == json.end() || !choice->is_number_integer())
    return std::nullopt;
  if (!is_name(*id) || !is_name(*server)) return std::nullopt;
  if (!check_plain_text("voter", *voter, kMaxNameChars).empty()) return std::nullopt;
  if (!name->empty() && !check_plain_text("name", *name, kMaxNameChars).empty())
    return std::nullopt;
  const int64_t index = choice->get<int64_t>();
  if (index < 0 || index >= ClassQuestion::kMaxChoices) return std::nullopt;
  *question = *id;
  return ClassVote{*voter, *name, static_cast<int>(index), *server, 0};
}

void ClassVotes::show(const ClassQuestion& question, QuestionPhase phase) {
  if (!question_ || question_->id != question.id) votes_.clear();
  question_ = question;
  phase_ = phase;
}

void ClassVotes::clear() {
  question_.reset();
  votes_.clear();
}

bool ClassVotes::record(const std::string& id, ClassVote vote, int64_t now_ns) {
  if (!question_ || question_->id != id) return false;
  if (vote.choice < 0 || vote.choice >= static_cast<int>(question_->choices.size())) return false;
  vote.heard_ns = now_ns;
  votes_[vote.voter] = std::move(vote);
  return true;
}

std::optional<int> ClassVotes::choice_of(const std::string& voter) const {
  auto found = votes_.find(voter);
  if (found == votes_.end()) return std::nullopt;
  return found->second.choice;
}

std::optional<QuestionSnapshot> ClassVotes::snapshot() const {
  if (!question_) return std::nullopt;
  QuestionSnapshot out;
  out.id = question_->id;
  out.phase = phase_;
  out.choices = static_cast<int>(question_->choices.size());
  for (const auto& [voter, vote] : votes_)
    out.votes.push_back(vote);
  std::sort(out.votes.begin(), out.votes.end(),
            [](const ClassVote& a, const ClassVote& b) { return a.heard_ns < b.heard_ns; });
  return out;
}

}  // namespace scaleout::sim
