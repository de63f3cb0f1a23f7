// save_trace: the store's events, one line each, through the trace file writer's formatting.
#include "app/save_trace.hpp"

#include <cstdio>
#include <memory>

#include "scaleout/trace/trace_file.hpp"

namespace scaleout::gui {

bool save_trace(const EventStore& store, const std::string& path, std::string* error) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), std::fclose);
  if (!file) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  std::string line;
  for (uint64_t sequence = store.first(); sequence < store.end(); ++sequence) {
    line.clear();
    sim::append_trace_line(line, store.event(sequence), store.names());
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), file.get()) != line.size()) {
      if (error) *error = "cannot write " + path;
      return false;
    }
  }
  return true;
}

}  // namespace scaleout::gui
