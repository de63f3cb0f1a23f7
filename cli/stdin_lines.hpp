// StdinLines: the lines piped or typed on standard input, read on a thread of its own so that
// nobody waits for them (`scaleout gui --control-stdin`). take() hands out the lines read since
// the last call. The reader looks at stdin every tenth of a second, so it stops promptly with
// the program; at end of input it stops reading.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace scaleout::cli {

class StdinLines {
 public:
  // `on_line` runs on the reader thread after each line (to wake whoever takes them).
  explicit StdinLines(std::function<void()> on_line);
  ~StdinLines();
  StdinLines(const StdinLines&) = delete;
  StdinLines& operator=(const StdinLines&) = delete;

  std::vector<std::string> take();

 private:
  void read_loop();

  std::function<void()> on_line_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::string> lines_;
  std::thread reader_;
};

}  // namespace scaleout::cli
