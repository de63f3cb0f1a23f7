// Plain text checks, on Boost.Locale's UTF-8 decoder.
#include "scaleout/web/plain_text.hpp"

#include <boost/locale/utf.hpp>

namespace scaleout::sim {

namespace {

namespace utf = boost::locale::utf;

// Characters that change how the text around them is shown, or that no label should hold.
bool disturbs_layout(utf::code_point c) {
  if (c < 0x20 || c == 0x7F) return true;       // C0 controls (tab, newline, ...), DEL
  if (c >= 0x80 && c <= 0x9F) return true;      // C1 controls
  if (c >= 0x202A && c <= 0x202E) return true;  // bidi embeddings and overrides
  if (c >= 0x2066 && c <= 0x2069) return true;  // bidi isolates
  if (c == 0x200E || c == 0x200F || c == 0x061C) return true;  // bidi marks
  return c == 0x2028 || c == 0x2029;                           // line and paragraph separators
}

}  // namespace

std::optional<size_t> count_characters(std::string_view utf8) {
  size_t count = 0;
  for (auto p = utf8.begin(); p != utf8.end(); ++count) {
    const utf::code_point c = utf::utf_traits<char>::decode(p, utf8.end());
    if (c == utf::illegal || c == utf::incomplete) return std::nullopt;
  }
  return count;
}

std::string check_plain_text(std::string_view what, std::string_view text, size_t max_chars) {
  const std::string prefix = std::string(what) + ": ";
  if (text.empty()) return prefix + "empty";
  size_t count = 0;
  for (auto p = text.begin(); p != text.end(); ++count) {
    const utf::code_point c = utf::utf_traits<char>::decode(p, text.end());
    if (c == utf::illegal || c == utf::incomplete) return prefix + "not valid UTF-8";
    if (disturbs_layout(c)) return prefix + "control characters are not allowed";
  }
  if (count > max_chars) return prefix + "at most " + std::to_string(max_chars) + " characters";
  return {};
}

}  // namespace scaleout::sim
