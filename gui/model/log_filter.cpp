// LogFilter: parsing the filter language and matching events.
#include "model/log_filter.hpp"

#include <algorithm>
#include <array>

namespace scaleout::gui {

namespace {

using protocol::ErrorCode;
using protocol::make_error;

constexpr std::array<std::string_view, 9> kFields = {"kind", "server",  "room",   "socket", "event",
                                                     "mid",  "channel", "reason", "nsp"};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool same(std::string_view field_value, const LogFilter::Term& term) {
  const std::string value = lower(field_value);
  if (term.prefix) return value.rfind(term.value, 0) == 0;
  return value == term.value;
}

// The event's values for a field (a socket also answers to its client's name).
bool field_matches(const LogEntry& entry, const LogFilter::Term& term) {
  using sim::TraceKind;
  const sim::TraceEvent& e = entry.event;
  const std::string& f = term.field;
  if (f == "kind") return same(sim::to_string(e.kind), term);
  if (f == "server") return same(entry.server, term);
  if (f == "socket") {
    return (!e.socket.empty() && same(e.socket.view(), term)) ||
           (!entry.client_name.empty() && same(entry.client_name, term));
  }
  if (f == "mid") return !e.mid.empty() && same(e.mid.view(), term);
  if (f == "nsp") return !e.nsp.empty() && same(e.nsp.view(), term);
  if (f == "room") {
    switch (e.kind) {
      case TraceKind::kJoin:
      case TraceKind::kLeave:
      case TraceKind::kDrop:
        return same(e.name.view(), term);
      case TraceKind::kRecv:
        return same(e.detail.view(), term);
      case TraceKind::kPublish:
      case TraceKind::kRedisRecv: {
        // The room is the channel's last part: socket.io#/#room#
        std::string_view channel = e.name.view();
        if (channel.size() > 1 && channel.back() == '#') {
          channel.remove_suffix(1);
          auto hash = channel.rfind('#');
          if (hash != std::string_view::npos) return same(channel.substr(hash + 1), term);
        }
        return false;
      }
      default:
        return false;
    }
  }
  if (f == "event") return e.kind == TraceKind::kRecv && same(e.name.view(), term);
  if (f == "channel") {
    return (e.kind == TraceKind::kPublish || e.kind == TraceKind::kRedisRecv) &&
           same(e.name.view(), term);
  }
  if (f == "reason") {
    switch (e.kind) {
      case TraceKind::kDrop:
      case TraceKind::kClientDisconnect:
      case TraceKind::kServerDown:
      case TraceKind::kRedisDown:
        return same(e.detail.view(), term);
      default:
        return false;
    }
  }
  return false;
}

}  // namespace

protocol::Result<LogFilter> LogFilter::parse(std::string_view text) {
  LogFilter filter;
  std::string word;
  auto finish = [&]() -> std::optional<protocol::ProtocolError> {
    if (word.empty()) return std::nullopt;
    Term term;
    std::string_view body = word;
    auto colon = body.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      if (body[0] == '-') {
        term.negate = true;
        body.remove_prefix(1);
        --colon;
      }
      term.field = lower(body.substr(0, colon));
      if (std::find(kFields.begin(), kFields.end(), term.field) == kFields.end()) {
        std::string known;
        for (auto field : kFields)
          known += (known.empty() ? "" : ", ") + std::string(field);
        return make_error(ErrorCode::kBadPayload,
                          "unknown field '" + term.field + "' (fields: " + known + ")");
      }
      body.remove_prefix(colon + 1);
      if (body.empty()) {
        return make_error(ErrorCode::kBadPayload, "'" + word + "' has no value after ':'");
      }
    }
    if (!term.field.empty() && body.size() > 1 && body.back() == '*') {
      term.prefix = true;
      body.remove_suffix(1);
    }
    term.value = lower(body);
    filter.terms_.push_back(std::move(term));
    word.clear();
    return std::nullopt;
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (auto error = finish()) return *error;
    } else {
      word += c;
    }
  }
  if (auto error = finish()) return *error;
  return filter;
}

bool LogFilter::matches(const LogEntry& entry) const {
  std::string line;  // made only when a plain-text term needs it
  for (const Term& term : terms_) {
    bool hit;
    if (term.field.empty()) {
      if (line.empty()) line = lower(describe_event(entry));
      hit = line.find(term.value) != std::string::npos;
    } else {
      hit = field_matches(entry, term);
    }
    if (hit == term.negate) return false;
  }
  return true;
}

std::string describe_event(const LogEntry& entry) {
  using sim::TraceKind;
  const sim::TraceEvent& e = entry.event;
  std::string out = sim::to_string(e.kind);
  out += ' ';
  out += entry.server;
  auto add = [&](const char* name, std::string_view value) {
    if (value.empty()) return;
    out += ' ';
    out += name;
    out += '=';
    out += value;
  };
  if (!e.socket.empty() && e.kind != TraceKind::kLink) {
    // A client's name reads better than its 20-character id; both stay searchable.
    if (entry.client_name.empty()) {
      add("socket", e.socket.view());
    } else {
      out += ' ';
      out += entry.client_name;
      out += " [";
      out += e.socket.view().substr(0, 8);
      out += "…]";
    }
  }
  switch (e.kind) {
    case TraceKind::kServerUp:
      add("adapter", e.name.view());
      add("port", std::to_string(e.number));
      break;
    case TraceKind::kClientConnect:
    case TraceKind::kClientUpgrade:
      add("transport", e.name.view());
      break;
    case TraceKind::kJoin:
    case TraceKind::kLeave:
      add("room", e.name.view());
      break;
    case TraceKind::kRecv:
      add("event", e.name.view());
      add("room", e.detail.view());
      break;
    case TraceKind::kPublish:
      add("channel", e.name.view());
      if (e.number == 0) out += " NOT SENT";
      if (!e.detail.empty()) {
        out += ' ';
        out += e.detail.view();
      }
      break;
    case TraceKind::kRedisRecv:
      add("channel", e.name.view());
      add("origin", e.origin.view());
      break;
    case TraceKind::kDrop:
      add("room", e.name.view());
      add("reason", e.detail.view());
      break;
    case TraceKind::kRedisCmd:
      add("command", e.name.view());
      add("latency_us", std::to_string(e.number / 1000));
      break;
    case TraceKind::kFlow:
      add("state", e.name.view());
      break;
    case TraceKind::kCommand:
      add("command", e.name.view());
      out += e.number ? " done" : " FAILED";
      add("outcome", e.detail.view());
      break;
    case TraceKind::kLink:  // the link's name travels in the socket slot
      add("link", e.socket.view());
      add("direction", e.nsp.view());
      add("faults", e.detail.empty() ? std::string_view("none") : e.detail.view());
      add("change", e.name.view());
      break;
    default:
      add("reason", e.detail.view());
      break;
  }
  add("mid", e.mid.view());
  if (e.bytes) add("bytes", std::to_string(e.bytes));
  return out;
}

}  // namespace scaleout::gui
