// Trace files: one JSON object per line, {"t": ns, "kind": "...", ...}, with the fields of each
// kind documented in docs/trace-format.md. JsonlTraceWriter is a collector sink that writes them
// (flushed at least every second and at the end); read_trace_file() reads them back, several
// files merged by time, for replay.
#pragma once

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "scaleout/trace/trace_collector.hpp"

namespace scaleout::sim {

// One event as a line of JSON (without the newline).
void append_trace_line(std::string& out, const TraceEvent& event, const ServerNames& names);

class JsonlTraceWriter : public TraceSink {
 public:
  // Throws std::runtime_error when the file cannot be opened.
  explicit JsonlTraceWriter(const std::string& path);
  ~JsonlTraceWriter() override;

  void on_events(std::span<const TraceEvent> events, const ServerNames& names) override;
  void flush() override;
  uint64_t lines() const { return lines_; }

 private:
  std::FILE* file_;
  std::string buffer_;
  uint64_t lines_ = 0;
};

struct TraceFileContents {
  std::vector<TraceEvent> events;  // in time order
  ServerNames names;
};

// Reads and merges trace files. Throws std::runtime_error naming the file and line of anything
// that is not a trace event.
TraceFileContents read_trace_files(const std::vector<std::string>& paths);

}  // namespace scaleout::sim
