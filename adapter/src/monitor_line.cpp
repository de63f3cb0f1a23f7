// parse_monitor_line: the timestamp and client skipped, each quoted word unescaped.
#include "scaleout/adapter/monitor_line.hpp"

namespace scaleout::adapter {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::vector<std::string>> parse_monitor_line(std::string_view line) {
  // "<seconds>.<micros> [<db> <client>] " then the words.
  const auto close = line.find("] ");
  if (line.empty() || line.front() < '0' || line.front() > '9' || close == std::string_view::npos)
    return std::nullopt;
  std::vector<std::string> words;
  size_t at = close + 2;
  while (at < line.size()) {
    if (line[at] == ' ') {
      ++at;
      continue;
    }
    if (line[at] != '"') return std::nullopt;
    std::string word;
    bool closed = false;
    for (++at; at < line.size(); ++at) {
      const char c = line[at];
      if (c == '"') {
        closed = true;
        ++at;
        break;
      }
      if (c != '\\') {
        word += c;
        continue;
      }
      if (++at >= line.size()) return std::nullopt;
      switch (line[at]) {
        case 'n':
          word += '\n';
          break;
        case 'r':
          word += '\r';
          break;
        case 't':
          word += '\t';
          break;
        case 'a':
          word += '\a';
          break;
        case 'b':
          word += '\b';
          break;
        case 'x': {
          if (at + 2 >= line.size()) return std::nullopt;
          const int high = hex_digit(line[at + 1]);
          const int low = hex_digit(line[at + 2]);
          if (high < 0 || low < 0) return std::nullopt;
          word += static_cast<char>(high * 16 + low);
          at += 2;
          break;
        }
        default:  // \\ and \"
          word += line[at];
      }
    }
    if (!closed) return std::nullopt;
    words.push_back(std::move(word));
  }
  if (words.empty()) return std::nullopt;
  return words;
}

}  // namespace scaleout::adapter
