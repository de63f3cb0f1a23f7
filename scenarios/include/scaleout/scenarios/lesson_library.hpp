// The lesson library: the scenario files of scenarios/lessons/ in teaching order (their file names
// sort that way: 01-..., 02-...), for the GUI's lesson menu and for `scaleout play 3`.
#pragma once

#include <string>
#include <vector>

#include "scaleout/scenarios/scenario.hpp"

namespace scaleout::scenarios {

struct LessonEntry {
  std::string path;
  std::string name;  // the file name without .yaml: "03-redis-adapter"
  Text title;
  Text summary;
  std::string error;  // the parse error, when the file is not a valid scenario
};

// $SCALEOUT_LESSONS when set, else the source tree's scenarios/lessons.
std::string lessons_dir();

// Every .yaml file of `dir`, in file name order.
std::vector<LessonEntry> list_lessons(const std::string& dir = lessons_dir());

// A lesson named by its number ("3"), its name ("03-redis-adapter") or the start of it; "" when
// no lesson or more than one matches.
std::string find_lesson(const std::string& name, const std::string& dir = lessons_dir());

}  // namespace scaleout::scenarios
