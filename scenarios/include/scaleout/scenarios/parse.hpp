// Reading a scenario file. Anything wrong with it — YAML syntax, an unknown key, a wrong type, an
// impossible value, a command that does not parse, a name no earlier step made — is refused with
// where it is (file:line:column), what was expected there and what was found:
//
//   lessons/03.yaml:14:11: expected a duration like 2s or 500ms, found 'soon'
//
// Nothing in a file can crash the reader; errors are values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scaleout/scenarios/scenario.hpp"

namespace scaleout::scenarios {

struct ParseError {
  SourceMark mark;
  std::string expected;
  std::string found;

  // "file:line:column: expected ..., found ..."
  std::string message() const;
};

// A scenario, or why the file is not one.
class ParseResult {
 public:
  ParseResult(Scenario scenario) : scenario_(std::move(scenario)) {}
  ParseResult(ParseError error) : error_(std::move(error)) {}

  explicit operator bool() const { return scenario_.has_value(); }
  Scenario& operator*() { return *scenario_; }
  const Scenario& operator*() const { return *scenario_; }
  Scenario* operator->() { return &*scenario_; }
  const Scenario* operator->() const { return &*scenario_; }
  const ParseError& error() const { return *error_; }

 private:
  std::optional<Scenario> scenario_;
  std::optional<ParseError> error_;
};

// `file` is only used in marks and messages.
ParseResult parse_scenario(std::string_view yaml, const std::string& file);
// Reads the file first; an unreadable file is an error at line 0.
ParseResult load_scenario(const std::string& path);

// Files larger than this are refused before parsing.
inline constexpr size_t kMaxScenarioBytes = 1 << 20;

}  // namespace scaleout::scenarios
