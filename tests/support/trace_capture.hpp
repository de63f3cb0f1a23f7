// TraceCapture: a trace sink that keeps every event, for tests that check what the trace says.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "scaleout/trace/trace_collector.hpp"

namespace scaleout::test {

class TraceCapture : public sim::TraceSink {
 public:
  void on_events(std::span<const sim::TraceEvent> events, const sim::ServerNames& names) override {
    std::lock_guard lock(mutex_);
    events_.insert(events_.end(), events.begin(), events.end());
    names_ = names;
  }

  struct Seen {
    sim::TraceKind kind;
    std::string server;
    std::string socket;
    std::string name;
    std::string detail;
    std::string origin;
    int64_t t_ns = 0;
  };
  // Every event about message `mid`, with server names resolved.
  std::vector<Seen> about(const std::string& mid) const {
    std::lock_guard lock(mutex_);
    std::vector<Seen> out;
    for (const auto& event : events_) {
      if (event.mid.view() != mid) continue;
      out.push_back({event.kind, event.server < names_.size() ? names_[event.server] : "?",
                     std::string(event.socket.view()), std::string(event.name.view()),
                     std::string(event.detail.view()), std::string(event.origin.view()),
                     event.t_ns});
    }
    return out;
  }
  // Every event of `kind`.
  std::vector<Seen> of_kind(sim::TraceKind kind) const {
    std::lock_guard lock(mutex_);
    std::vector<Seen> out;
    for (const auto& event : events_) {
      if (event.kind != kind) continue;
      out.push_back({event.kind, event.server < names_.size() ? names_[event.server] : "?",
                     std::string(event.socket.view()), std::string(event.name.view()),
                     std::string(event.detail.view()), std::string(event.origin.view()),
                     event.t_ns});
    }
    return out;
  }
  // Events of `kind` whose detail (reason) is `detail`.
  size_t count_kind(sim::TraceKind kind, const std::string& detail = {}) const {
    size_t n = 0;
    for (const auto& seen : of_kind(kind))
      n += detail.empty() || seen.detail == detail;
    return n;
  }
  size_t count(const std::string& mid, sim::TraceKind kind) const {
    size_t n = 0;
    for (const auto& seen : about(mid))
      n += seen.kind == kind;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<sim::TraceEvent> events_;
  sim::ServerNames names_;
};

}  // namespace scaleout::test
