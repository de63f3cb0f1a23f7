// The lesson library: listing and finding the lesson files.
#include "scaleout/scenarios/lesson_library.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "scaleout/scenarios/parse.hpp"

namespace scaleout::scenarios {

namespace fs = std::filesystem;

std::string lessons_dir() {
  if (const char* dir = std::getenv("SCALEOUT_LESSONS"); dir && *dir) return dir;
  return SCALEOUT_LESSONS_DIR;
}

std::vector<LessonEntry> list_lessons(const std::string& dir) {
  std::vector<LessonEntry> lessons;
  std::error_code error;
  for (const auto& file : fs::directory_iterator(dir, error)) {
    if (file.path().extension() != ".yaml") continue;
    LessonEntry entry;
    entry.path = file.path().string();
    entry.name = file.path().stem().string();
    auto parsed = load_scenario(entry.path);
    if (parsed) {
      entry.title = parsed->title;
      entry.summary = parsed->summary;
    } else {
      entry.title = Text{entry.name, {}};
      entry.error = parsed.error().message();
    }
    lessons.push_back(std::move(entry));
  }
  std::sort(lessons.begin(), lessons.end(),
            [](const LessonEntry& a, const LessonEntry& b) { return a.name < b.name; });
  return lessons;
}

std::string find_lesson(const std::string& name, const std::string& dir) {
  if (name.empty()) return {};
  std::string wanted = name;
  // "3" -> "03-": lessons are numbered with two digits.
  if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    wanted = (name.size() == 1 ? "0" + name : name) + "-";
  }
  std::string found;
  for (const auto& lesson : list_lessons(dir)) {
    if (lesson.name.rfind(wanted, 0) != 0) continue;
    if (!found.empty()) return {};
    found = lesson.path;
  }
  return found;
}

}  // namespace scaleout::scenarios
