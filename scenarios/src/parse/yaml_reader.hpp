// YamlReader: typed reading of yaml-cpp nodes for the scenario parser. Each helper either returns
// the value or throws a Refusal naming the node's position, what was expected and what was found;
// parse_scenario() catches it at the edge and hands out a ParseError value. MapFields checks a
// map's keys once (no unknown key, no key twice) and then gives its fields by name.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/scenarios/parse.hpp"

namespace scaleout::scenarios::parse {

// Thrown inside the parser only.
struct Refusal {
  ParseError error;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  SourceMark mark(const YAML::Node& node) const;
  SourceMark mark(const YAML::Mark& mark) const;
  [[noreturn]] void refuse(const YAML::Node& node, std::string expected) const;
  [[noreturn]] void refuse(const SourceMark& where, std::string expected, std::string found) const;

  // What a node is, for "found ...": 'text', a list, a map, nothing.
  static std::string found(const YAML::Node& node);

  std::string string(const YAML::Node& node, std::string_view expected = "a text") const;
  // A name: letters, digits, '-', '_', '.', ':' and '#' (ids, clients, servers, mids, rooms).
  std::string name(const YAML::Node& node, std::string_view what) const;
  int integer(const YAML::Node& node, int min, int max) const;
  double number(const YAML::Node& node, double min, double max) const;
  bool boolean(const YAML::Node& node) const;
  // "2s", "500ms", "1.5s", "1m", from 0 to `max`.
  Milliseconds duration(const YAML::Node& node, Milliseconds max = std::chrono::hours(1)) const;
  // A string (English only) or a map {en, ko}.
  Text text(const YAML::Node& node) const;
  // A list of names, or one name.
  std::vector<std::string> names(const YAML::Node& node, std::string_view what) const;
  // 3, "3", "== 3", ">= 1", "< 2", ... with the number from `min` to `max`.
  Comparison comparison(const YAML::Node& node, double min = 0, double max = 1e9) const;
  // "p(99) < 50ms"
  LatencyBound latency(const YAML::Node& node) const;

 private:
  std::string file_;
};

// A map's fields, checked against the keys it may have.
class MapFields {
 public:
  // Refuses a node that is not a map, a key that is not one of `allowed`, a key given twice.
  MapFields(const YamlReader& reader, const YAML::Node& node, std::string_view what,
            const std::vector<std::string_view>& allowed);

  bool has(std::string_view key) const { return fields_.count(std::string(key)) > 0; }
  // The field's value (an undefined node when absent).
  YAML::Node get(std::string_view key) const;
  // The field's value; refused when absent.
  YAML::Node require(std::string_view key) const;
  // Where the key itself was written.
  SourceMark key_mark(std::string_view key) const;
  const YAML::Node& node() const { return node_; }

 private:
  struct Field {
    YAML::Node key;
    YAML::Node value;
  };
  const YamlReader& reader_;
  YAML::Node node_;
  std::string what_;
  std::map<std::string, Field> fields_;
};

}  // namespace scaleout::scenarios::parse
