// StdinLines: poll(2) on descriptor 0 with a short timeout, whole lines handed out.
#include "stdin_lines.hpp"

#include <poll.h>
#include <unistd.h>

#include <utility>

namespace scaleout::cli {

StdinLines::StdinLines(std::function<void()> on_line)
    : on_line_(std::move(on_line)), reader_([this] { read_loop(); }) {}

StdinLines::~StdinLines() {
  stopping_ = true;
  reader_.join();
}

std::vector<std::string> StdinLines::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(lines_, {});
}

void StdinLines::read_loop() {
  std::string partial;
  char buffer[4096];
  while (!stopping_) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    if (poll(&input, 1, 100) <= 0) continue;
    const ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);
    if (got <= 0) return;  // end of input (or an error): nothing more will come
    partial.append(buffer, static_cast<size_t>(got));
    size_t end = 0;
    bool any = false;
    while ((end = partial.find('\n')) != std::string::npos) {
      std::string line = partial.substr(0, end);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      partial.erase(0, end + 1);
      std::lock_guard lock(mutex_);
      lines_.push_back(std::move(line));
      any = true;
    }
    if (any && on_line_) on_line_();
  }
}

}  // namespace scaleout::cli
