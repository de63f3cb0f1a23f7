// self_command: how to type this program again, for the commands it prints. A fresh clone does
// not put `scaleout` on the PATH, so unless the PATH leads to this very file, the full path is
// what works when pasted.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "commands.hpp"

namespace scaleout::cli {

std::string self_command() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "scaleout";
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const auto candidate = std::filesystem::path(dir) / "scaleout";
      if (std::filesystem::equivalent(candidate, self, error)) return "scaleout";
    }
  }
  return self.string();
}

}  // namespace scaleout::cli
