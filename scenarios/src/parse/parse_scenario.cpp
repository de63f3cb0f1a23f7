// parse_scenario: the top level of a scenario file (title, summary, pace, world, steps, expect,
// compare)
// and the edge where refusals become ParseError values. yaml-cpp's own errors (syntax, nesting
// too deep) are reported the same way, at the position yaml-cpp gives.
#include <fstream>
#include <sstream>

#include "parse/parse_parts.hpp"

namespace scaleout::scenarios {

std::string ParseError::message() const {
  std::string out = mark.to_string();
  out += ": expected " + expected;
  if (!found.empty()) out += ", found " + found;
  return out;
}

namespace {

Scenario read_scenario(const parse::YamlReader& reader, const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull()) {
    reader.refuse(SourceMark{reader.file(), 1, 1}, "a scenario (title, world, steps)",
                  "an empty file");
  }
  parse::MapFields fields(reader, root, "a scenario",
                          {"title", "summary", "pace", "world", "steps", "expect", "compare"});
  Scenario scenario;
  scenario.file = reader.file();
  scenario.title = reader.text(fields.require("title"));
  if (fields.has("summary")) scenario.summary = reader.text(fields.get("summary"));
  if (fields.has("pace")) {
    scenario.pace = reader.duration(fields.get("pace"), std::chrono::minutes(10));
  }
  scenario.world = parse::parse_world(reader, fields.require("world"));
  parse::TimelineNames names(scenario.world);
  scenario.steps = parse::parse_steps(reader, fields.require("steps"), names);
  if (fields.has("expect")) {
    const YAML::Node checks = fields.get("expect");
    if (!checks.IsSequence() || checks.size() == 0) reader.refuse(checks, "a list of expectations");
    for (const auto& check : checks)
      scenario.final_checks.push_back(parse::parse_expectation(reader, check, names, true));
  }
  if (fields.has("compare")) {
    scenario.compare = parse::parse_compare(reader, fields.get("compare"), scenario.steps);
  }
  return scenario;
}

}  // namespace

ParseResult parse_scenario(std::string_view yaml, const std::string& file) {
  parse::YamlReader reader(file);
  if (yaml.size() > kMaxScenarioBytes) {
    return ParseError{SourceMark{file, 0, 0},
                      "a scenario of at most " + std::to_string(kMaxScenarioBytes) + " bytes",
                      std::to_string(yaml.size()) + " bytes"};
  }
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    return read_scenario(reader, root);
  } catch (const parse::Refusal& refusal) {
    return refusal.error;
  } catch (const YAML::Exception& error) {
    return ParseError{reader.mark(error.mark), "well-formed YAML", "a YAML error: " + error.msg};
  } catch (const std::exception& error) {
    return ParseError{SourceMark{file, 0, 0}, "a scenario", error.what()};
  }
}

ParseResult load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ParseError{SourceMark{path, 0, 0}, "a readable file", "none could be opened"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path);
}

}  // namespace scaleout::scenarios
