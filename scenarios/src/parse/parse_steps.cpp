// The steps: each an id, a place on the timeline (`at` or `after`), the world commands it runs
// (`do`, in the one-line syntax of sim/world_command.hpp), how long it lasts at least (`wait`),
// a caption, expectations, and the question the class is asked before it plays. Commands are
// applied to the timeline's names in order, so a step may only name what exists by then.
#include <map>

#include "parse/parse_parts.hpp"

namespace scaleout::scenarios::parse {

namespace {

constexpr Milliseconds kMaxTime = std::chrono::hours(1);

// A message that may span lines (the list of commands), as one line.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == '\n' || c == ' ' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

void parse_commands(const YamlReader& reader, const YAML::Node& node, Step& step,
                    TimelineNames& names) {
  std::vector<YAML::Node> lines;
  if (node.IsSequence()) {
    if (node.size() == 0) reader.refuse(node, "a command, or a list of commands");
    for (const auto& line : node)
      lines.push_back(line);
  } else {
    lines.push_back(node);
  }
  for (const auto& line : lines) {
    const std::string text = reader.string(line, "a command, e.g. 'kill s2' or 'say c1 lobby hi'");
    auto command = sim::parse_world_command(text);
    if (!command)
      reader.refuse(line, "a world command (" + one_line(command.error().message) + ")");
    const SourceMark where = reader.mark(line);
    names.apply(*command, reader, where);
    step.commands.push_back(std::move(*command));
    step.command_marks.push_back(where);
  }
}

}  // namespace

std::vector<Step> parse_steps(const YamlReader& reader, const YAML::Node& node,
                              TimelineNames& names) {
  if (!node.IsSequence() || node.size() == 0) reader.refuse(node, "a list of steps");
  std::vector<Step> steps;
  std::map<std::string, int> ids;  // id -> line
  std::optional<Milliseconds> latest_at;
  for (const auto& item : node) {
    MapFields fields(reader, item, "a step",
                     {"id", "at", "after", "wait", "do", "caption", "expect", "question"});
    Step step;
    step.mark = reader.mark(item);
    const YAML::Node id = fields.require("id");
    step.id = reader.name(id, "a step id");
    if (auto seen = ids.find(step.id); seen != ids.end()) {
      reader.refuse(reader.mark(id), "a step id used once",
                    "'" + step.id + "' again (first at line " + std::to_string(seen->second) + ")");
    }
    ids[step.id] = step.mark.line;
    names.add_step(step.id);
    if (fields.has("at") && fields.has("after")) {
      reader.refuse(fields.key_mark("after"), "either 'at' or 'after', not both", "both");
    }
    if (fields.has("at")) {
      step.at = reader.duration(fields.get("at"), kMaxTime);
      if (latest_at && *step.at < *latest_at) {
        reader.refuse(fields.get("at"), "a time no earlier than the previous 'at' (" +
                                            std::to_string(latest_at->count()) +
                                            "ms): steps run in order");
      }
      latest_at = step.at;
    }
    if (fields.has("after")) step.after = reader.duration(fields.get("after"), kMaxTime);
    if (fields.has("wait")) step.wait = reader.duration(fields.get("wait"), kMaxTime);
    step.caption = reader.text(fields.require("caption"));
    if (fields.has("question")) step.question = parse_question(reader, fields.get("question"));
    if (fields.has("do")) parse_commands(reader, fields.get("do"), step, names);
    if (step.commands.empty() && step.wait.count() == 0 && !fields.has("expect")) {
      reader.refuse(fields.key_mark("id"), "a step that does something: 'do', 'wait' or 'expect'",
                    "none of them");
    }
    if (fields.has("expect")) {
      const YAML::Node expectations = fields.get("expect");
      if (!expectations.IsSequence() || expectations.size() == 0) {
        reader.refuse(expectations, "a list of expectations");
      }
      for (const auto& expectation : expectations)
        step.expectations.push_back(parse_expectation(reader, expectation, names, false));
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace scaleout::scenarios::parse
