// YamlReader and MapFields: typed values and checked keys, each refusal with its position.
#include "parse/yaml_reader.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace scaleout::scenarios::parse {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::optional<double> to_number(std::string_view text) {
  text = trim(text);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// "== 3" -> (kEqual, "3"); a bare number is "==".
std::pair<Comparison::Op, std::string_view> split_operator(std::string_view text) {
  text = trim(text);
  struct Prefix {
    std::string_view text;
    Comparison::Op op;
  };
  static constexpr Prefix kPrefixes[] = {
      {"==", Comparison::Op::kEqual},       {"!=", Comparison::Op::kNotEqual},
      {"<=", Comparison::Op::kLessOrEqual}, {">=", Comparison::Op::kGreaterOrEqual},
      {"<", Comparison::Op::kLess},         {">", Comparison::Op::kGreater},
      {"=", Comparison::Op::kEqual},
  };
  for (const auto& prefix : kPrefixes) {
    if (text.starts_with(prefix.text)) return {prefix.op, text.substr(prefix.text.size())};
  }
  return {Comparison::Op::kEqual, text};
}

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':' || c == '#';
}

}  // namespace

SourceMark YamlReader::mark(const YAML::Mark& mark) const {
  if (mark.is_null()) return SourceMark{file_, 0, 0};
  return SourceMark{file_, mark.line + 1, mark.column + 1};
}

SourceMark YamlReader::mark(const YAML::Node& node) const {
  if (!node.IsDefined()) return SourceMark{file_, 0, 0};
  return mark(node.Mark());
}

void YamlReader::refuse(const YAML::Node& node, std::string expected) const {
  throw Refusal{ParseError{mark(node), std::move(expected), found(node)}};
}

void YamlReader::refuse(const SourceMark& where, std::string expected, std::string found) const {
  throw Refusal{ParseError{where, std::move(expected), std::move(found)}};
}

std::string YamlReader::found(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  std::string text = node.Scalar();
  for (auto& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (text.size() > 60) {
    text.resize(57);
    text += "...";
  }
  return "'" + text + "'";
}

std::string YamlReader::string(const YAML::Node& node, std::string_view expected) const {
  if (!node.IsDefined() || !node.IsScalar() || node.Scalar().empty()) {
    refuse(node, std::string(expected));
  }
  return node.Scalar();
}

std::string YamlReader::name(const YAML::Node& node, std::string_view what) const {
  const std::string expected = std::string(what) + " (letters, digits, - _ . : #)";
  std::string text = string(node, expected);
  if (text.size() > 63) refuse(node, std::string(what) + " of at most 63 characters");
  for (char c : text) {
    if (!is_name_character(c)) refuse(node, expected);
  }
  return text;
}

int YamlReader::integer(const YAML::Node& node, int min, int max) const {
  const std::string expected =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!node.IsDefined() || !node.IsScalar()) refuse(node, expected);
  auto value = to_number(node.Scalar());
  if (!value || *value != std::floor(*value) || *value < min || *value > max) {
    refuse(node, expected);
  }
  return static_cast<int>(*value);
}

double YamlReader::number(const YAML::Node& node, double min, double max) const {
  std::ostringstream expected;
  expected << "a number from " << min << " to " << max;
  if (!node.IsDefined() || !node.IsScalar()) refuse(node, expected.str());
  auto value = to_number(node.Scalar());
  if (!value || *value < min || *value > max) refuse(node, expected.str());
  return *value;
}

bool YamlReader::boolean(const YAML::Node& node) const {
  const bool scalar = node.IsDefined() && node.IsScalar();
  if (!scalar || (node.Scalar() != "true" && node.Scalar() != "false")) {
    refuse(node, "true or false");
  }
  return node.Scalar() == "true";
}

Milliseconds YamlReader::duration(const YAML::Node& node, Milliseconds max) const {
  const std::string expected =
      "a duration like 2s or 500ms (at most " + std::to_string(max.count() / 1000) + "s)";
  if (!node.IsDefined() || !node.IsScalar()) refuse(node, expected);
  auto value = sim::parse_duration(trim(node.Scalar()));
  if (!value || *value < Milliseconds(0) || *value > max) refuse(node, expected);
  return *value;
}

Text YamlReader::text(const YAML::Node& node) const {
  constexpr std::string_view kExpected = "a text, or a map {en: ..., ko: ...}";
  if (node.IsDefined() && node.IsScalar() && !node.Scalar().empty()) {
    return Text{node.Scalar(), {}};
  }
  if (!node.IsDefined() || !node.IsMap()) refuse(node, std::string(kExpected));
  MapFields fields(*this, node, "a text", {"en", "ko"});
  Text out;
  out.en = string(fields.require("en"), "the English text");
  if (fields.has("ko")) out.ko = string(fields.get("ko"), "the Korean text");
  return out;
}

std::vector<std::string> YamlReader::names(const YAML::Node& node, std::string_view what) const {
  if (node.IsDefined() && node.IsScalar()) return {name(node, what)};
  if (!node.IsDefined() || !node.IsSequence() || node.size() == 0) {
    refuse(node, std::string(what) + ", or a list of them");
  }
  std::vector<std::string> out;
  for (const auto& item : node)
    out.push_back(name(item, what));
  return out;
}

Comparison YamlReader::comparison(const YAML::Node& node, double min, double max) const {
  std::ostringstream expected;
  expected << "a number from " << min << " to " << max
           << ", or a comparison like \">= 1\" or \"< 3\"";
  if (!node.IsDefined() || !node.IsScalar()) refuse(node, expected.str());
  auto [op, rest] = split_operator(node.Scalar());
  auto value = to_number(rest);
  if (!value || *value < min || *value > max) refuse(node, expected.str());
  return Comparison{op, *value};
}

LatencyBound YamlReader::latency(const YAML::Node& node) const {
  constexpr std::string_view kExpected =
      "a latency bound like \"p(99) < 50ms\" (a percentile above 0 and at most 100)";
  if (!node.IsDefined() || !node.IsScalar()) refuse(node, std::string(kExpected));
  std::string_view text = trim(node.Scalar());
  if (!text.starts_with("p(")) refuse(node, std::string(kExpected));
  const size_t close = text.find(')');
  if (close == std::string_view::npos) refuse(node, std::string(kExpected));
  auto percentile = to_number(text.substr(2, close - 2));
  if (!percentile || *percentile <= 0 || *percentile > 100) refuse(node, std::string(kExpected));
  auto [op, rest] = split_operator(text.substr(close + 1));
  auto bound = sim::parse_duration(trim(rest));
  if (!bound || op == Comparison::Op::kEqual || op == Comparison::Op::kNotEqual) {
    refuse(node, std::string(kExpected));
  }
  return LatencyBound{*percentile, Comparison{op, static_cast<double>(bound->count())}};
}

// ---- MapFields ------------------------------------------------------------------------------

MapFields::MapFields(const YamlReader& reader, const YAML::Node& node, std::string_view what,
                     const std::vector<std::string_view>& allowed)
    : reader_(reader), node_(node), what_(what) {
  if (!node.IsDefined() || !node.IsMap()) reader.refuse(node, "a map for " + what_);
  for (const auto& pair : node) {
    const YAML::Node& key = pair.first;
    if (!key.IsScalar()) reader.refuse(key, "a key of " + what_);
    const std::string name = key.Scalar();
    bool known = false;
    for (auto candidate : allowed)
      known |= candidate == name;
    if (!known) {
      std::string keys;
      for (auto candidate : allowed)
        keys += (keys.empty() ? "" : ", ") + std::string(candidate);
      reader.refuse(reader.mark(key), "a key of " + what_ + " (" + keys + ")", "'" + name + "'");
    }
    if (fields_.count(name)) {
      reader.refuse(reader.mark(key), "each key of " + what_ + " once",
                    "'" + name + "' again (first at line " +
                        std::to_string(reader.mark(fields_[name].key).line) + ")");
    }
    fields_[name] = Field{key, pair.second};
  }
}

YAML::Node MapFields::get(std::string_view key) const {
  auto found = fields_.find(std::string(key));
  return found == fields_.end() ? YAML::Node(YAML::NodeType::Undefined) : found->second.value;
}

YAML::Node MapFields::require(std::string_view key) const {
  auto found = fields_.find(std::string(key));
  if (found == fields_.end()) {
    reader_.refuse(reader_.mark(node_), "'" + std::string(key) + "' in " + what_,
                   "no '" + std::string(key) + "'");
  }
  return found->second.value;
}

SourceMark MapFields::key_mark(std::string_view key) const {
  auto found = fields_.find(std::string(key));
  return found == fields_.end() ? reader_.mark(node_) : reader_.mark(found->second.key);
}

}  // namespace scaleout::scenarios::parse
