// The parts of the scenario parser, one file each: the world section, the steps, a step's
// question, and one expectation. Each throws a Refusal (yaml_reader.hpp) at the first thing wrong.
#pragma once

#include "parse/timeline_names.hpp"
#include "parse/yaml_reader.hpp"

namespace scaleout::scenarios::parse {

WorldSpec parse_world(const YamlReader& reader, const YAML::Node& node);
// The steps, in order; `names` follows the timeline through them.
std::vector<Step> parse_steps(const YamlReader& reader, const YAML::Node& node,
                              TimelineNames& names);
// `final_check`: in the scenario's own `expect` (checked after the last step, over the whole run).
// The `compare` section; its columns name steps of `steps`.
CompareSpec parse_compare(const YamlReader& reader, const YAML::Node& node,
                          const std::vector<Step>& steps);
// A step's `question` (parse_question.cpp).
Question parse_question(const YamlReader& reader, const YAML::Node& node);
Expectation parse_expectation(const YamlReader& reader, const YAML::Node& node,
                              const TimelineNames& names, bool final_check);

}  // namespace scaleout::scenarios::parse
