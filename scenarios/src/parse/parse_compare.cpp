// parse_compare: a scenario's `compare` section (scenarios/README.md, "Comparisons"): a title,
// the columns (each a step, or a [first, last] span of steps, in the timeline's order) and the
// rows (built-in figures by name, or gauges with how to take them over a span).
#include <algorithm>

#include "parse/parse_parts.hpp"

namespace scaleout::scenarios::parse {

namespace {

int step_index(const YamlReader& reader, const YAML::Node& node, const std::vector<Step>& steps,
               const std::string& id) {
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i].id == id) return static_cast<int>(i);
  reader.refuse(reader.mark(node), "the id of one of the scenario's steps", "'" + id + "'");
}

CompareColumn parse_column(const YamlReader& reader, const YAML::Node& node,
                           const std::vector<Step>& steps) {
  MapFields fields(reader, node, "a column", {"name", "steps", "key"});
  CompareColumn column;
  column.mark = reader.mark(node);
  column.name = reader.text(fields.require("name"));
  if (fields.has("key")) column.key = reader.string(fields.get("key"), "a key");
  const YAML::Node span = fields.require("steps");
  const std::vector<std::string> ids = reader.names(span, "a step id or [first, last]");
  if (ids.empty() || ids.size() > 2) reader.refuse(span, "a step id or [first, last]");
  column.first_step = ids.front();
  column.last_step = ids.back();
  if (step_index(reader, span, steps, column.first_step) >
      step_index(reader, span, steps, column.last_step)) {
    reader.refuse(span, "[first, last] with the first step before the last");
  }
  return column;
}

CompareRow::Take parse_take(const YamlReader& reader, const YAML::Node& node) {
  const std::string take = reader.string(node, "max, mean, min or last");
  if (take == "max") return CompareRow::Take::kMax;
  if (take == "mean") return CompareRow::Take::kMean;
  if (take == "min") return CompareRow::Take::kMin;
  if (take == "last") return CompareRow::Take::kLast;
  reader.refuse(node, "max, mean, min or last");
}

CompareRow parse_row(const YamlReader& reader, const YAML::Node& node) {
  CompareRow row;
  row.mark = reader.mark(node);
  if (node.IsScalar()) {
    row.metric = reader.string(node);
    const auto& known = compare_metrics();
    if (std::find(known.begin(), known.end(), row.metric) == known.end()) {
      std::string names;
      for (const auto& name : known)
        names += (names.empty() ? "" : ", ") + name;
      reader.refuse(node, "a figure (" + names + ") or {gauge: NAME}");
    }
    return row;
  }
  MapFields fields(reader, node, "a gauge row", {"gauge", "take", "across", "label"});
  row.gauge = reader.string(fields.require("gauge"), "a gauge's name");
  if (fields.has("take")) row.take = parse_take(reader, fields.get("take"));
  if (fields.has("across")) {
    const YAML::Node across = fields.get("across");
    if (reader.string(across, "sum, mean or max") == "sum") {
      row.across = CompareRow::Take::kLast;
    } else {
      row.across = parse_take(reader, across);
      if (row.across != CompareRow::Take::kMean && row.across != CompareRow::Take::kMax)
        reader.refuse(across, "sum, mean or max");
    }
  }
  row.label = fields.has("label") ? reader.text(fields.get("label")) : Text{row.gauge, ""};
  return row;
}

}  // namespace

CompareSpec parse_compare(const YamlReader& reader, const YAML::Node& node,
                          const std::vector<Step>& steps) {
  MapFields fields(reader, node, "a comparison", {"title", "cross_server", "columns", "rows"});
  CompareSpec spec;
  if (fields.has("title")) spec.title = reader.text(fields.get("title"));
  if (fields.has("cross_server")) spec.cross_server = reader.boolean(fields.get("cross_server"));
  const YAML::Node columns = fields.require("columns");
  if (!columns.IsSequence() || columns.size() < 2 || columns.size() > 8) {
    reader.refuse(columns, "a list of 2 to 8 columns");
  }
  for (const auto& column : columns)
    spec.columns.push_back(parse_column(reader, column, steps));
  const YAML::Node rows = fields.require("rows");
  if (!rows.IsSequence() || rows.size() == 0 || rows.size() > 30) {
    reader.refuse(rows, "a list of 1 to 30 rows");
  }
  for (const auto& row : rows)
    spec.rows.push_back(parse_row(reader, row));
  return spec;
}

}  // namespace scaleout::scenarios::parse
