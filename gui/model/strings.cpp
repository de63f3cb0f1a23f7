// Strings: the table behind tr().
#include "model/strings.hpp"

#include <atomic>
#include <iterator>

namespace scaleout::gui {

namespace {

struct Entry {
  const char* english;
  const char* korean;
};

constexpr Entry kTable[] = {
#define SCALEOUT_GUI_STRING_ENTRY(id, en, ko) {en, ko},
    SCALEOUT_GUI_STRINGS(SCALEOUT_GUI_STRING_ENTRY)
#undef SCALEOUT_GUI_STRING_ENTRY
};

std::atomic<Language> current{Language::kEnglish};

}  // namespace

void set_language(Language language) {
  current = language;
}

Language language() {
  return current;
}

const char* tr(T id) {
  const Entry& entry = kTable[static_cast<size_t>(id)];
  return current == Language::kKorean ? entry.korean : entry.english;
}

std::vector<std::string_view> all_texts() {
  std::vector<std::string_view> texts;
  for (const Entry& entry : kTable) {
    texts.emplace_back(entry.english);
    texts.emplace_back(entry.korean);
  }
  return texts;
}

}  // namespace scaleout::gui
