// LogFilter: the event log's filter language. Terms are separated by commas or spaces; a term is
// `field:value` (the field must match, case-insensitively; a value ending in `*` matches as a
// prefix), `-field:value` (must not match), or plain text (found anywhere in the event's line).
// All terms must hold. Fields: kind, server, room, socket (its id or its client's name), event,
// mid, channel, reason, nsp.
//
//   room:lobby, server:s2, -kind:deliver      mid:s1-42      kind:drop reason:redis*
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scaleout/protocol/result.hpp"
#include "scaleout/trace/trace_event.hpp"

namespace scaleout::gui {

// One event as the log shows it, with the names it refers to resolved.
struct LogEntry {
  sim::TraceEvent event;
  std::string server;
  std::string client_name;  // the socket's client name, if it gave one
};

class LogFilter {
 public:
  struct Term {
    std::string field;  // empty for plain text
    std::string value;  // lower case
    bool negate = false;
    bool prefix = false;
  };

  // An empty text is the filter that keeps everything.
  static protocol::Result<LogFilter> parse(std::string_view text);

  bool matches(const LogEntry& entry) const;
  bool empty() const { return terms_.empty(); }
  const std::vector<Term>& terms() const { return terms_; }

 private:
  std::vector<Term> terms_;
};

// The event's fields as one line of text ("deliver s2 socket=... mid=s1-4 ..."), as the log shows
// it and plain-text terms search it.
std::string describe_event(const LogEntry& entry);

}  // namespace scaleout::gui
