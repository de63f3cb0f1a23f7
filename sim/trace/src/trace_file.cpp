// Writing and reading JSONL trace files.
#include "scaleout/trace/trace_file.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <stdexcept>

#include "scaleout/protocol/json.hpp"

namespace scaleout::sim {
namespace {

// Appends `text` as a JSON string; bytes that are not valid UTF-8 become U+FFFD.
void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    // Plain ASCII with nothing to escape, the usual case, is copied in one piece.
    size_t plain = i;
    while (plain < text.size()) {
      const auto c = static_cast<unsigned char>(text[plain]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++plain;
    }
    out.append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
      ++i;
    } else {
      size_t length = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
      if (c >= 0xF5) length = 0;
      bool valid = length > 0 && i + length <= text.size();
      for (size_t k = 1; valid && k < length; ++k) {
        valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
      }
      if (valid) {
        out.append(text.substr(i, length));
        i += length;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
    }
  }
  out += '"';
}

void append_number(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void field(std::string& out, const char* name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  append_string(out, value);
}

void optional_field(std::string& out, const char* name, std::string_view value) {
  if (!value.empty()) field(out, name, value);
}

void number_field(std::string& out, const char* name, int64_t value) {
  out += ",\"";
  out += name;
  out += "\":";
  append_number(out, value);
}

}  // namespace

void append_trace_line(std::string& out, const TraceEvent& e, const ServerNames& names) {
  out += "{\"t\":";
  append_number(out, e.t_ns);
  field(out, "kind", to_string(e.kind));
  if (e.server < names.size()) {
    field(out, "server", names[e.server]);
  } else {
    field(out, "server", "#" + std::to_string(e.server));
  }
  switch (e.kind) {
    case TraceKind::kServerUp:
      number_field(out, "port", e.number);
      field(out, "adapter", e.name.view());
      break;
    case TraceKind::kServerDown:
    case TraceKind::kRedisDown:
      field(out, "reason", e.detail.view());
      break;
    case TraceKind::kRedisUp:
      field(out, "detail", e.detail.view());
      break;
    case TraceKind::kClientConnect:
    case TraceKind::kClientUpgrade:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "transport", e.name.view());
      optional_field(out, "name", e.detail.view());
      break;
    case TraceKind::kClientDisconnect:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "reason", e.detail.view());
      break;
    case TraceKind::kJoin:
    case TraceKind::kLeave:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "room", e.name.view());
      break;
    case TraceKind::kRecv:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "event", e.name.view());
      number_field(out, "bytes", e.bytes);
      optional_field(out, "mid", e.mid.view());
      optional_field(out, "room", e.detail.view());
      break;
    case TraceKind::kPublish:
      field(out, "nsp", e.nsp.view());
      field(out, "channel", e.name.view());
      number_field(out, "bytes", e.bytes);
      optional_field(out, "mid", e.mid.view());
      out += e.number ? ",\"sent\":true" : ",\"sent\":false";
      break;
    case TraceKind::kRedisRecv:
      field(out, "nsp", e.nsp.view());
      field(out, "channel", e.name.view());
      number_field(out, "bytes", e.bytes);
      field(out, "origin", e.origin.view());
      optional_field(out, "mid", e.mid.view());
      break;
    case TraceKind::kDeliver:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      optional_field(out, "mid", e.mid.view());
      break;
    case TraceKind::kDrop:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "mid", e.mid.view());
      field(out, "room", e.name.view());
      field(out, "reason", e.detail.view());
      break;
    case TraceKind::kRedisCmd:
      field(out, "command", e.name.view());
      number_field(out, "latency_ns", e.number);
      break;
    case TraceKind::kAdapterError:
      field(out, "nsp", e.nsp.view());
      field(out, "message", e.detail.view());
      break;
    case TraceKind::kAck:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "mid", e.mid.view());
      break;
    case TraceKind::kCommand:
      field(out, "command", e.name.view());
      out += e.number ? ",\"done\":true" : ",\"done\":false";
      field(out, "outcome", e.detail.view());
      break;
    case TraceKind::kFlow:
      field(out, "nsp", e.nsp.view());
      field(out, "socket", e.socket.view());
      field(out, "state", e.name.view());
      number_field(out, "bytes", e.bytes);
      break;
    case TraceKind::kLink:
      field(out, "link", e.socket.view());
      field(out, "direction", e.nsp.view());
      field(out, "faults", e.detail.view());
      field(out, "change", e.name.view());
      break;
  }
  out += '}';
}

JsonlTraceWriter::JsonlTraceWriter(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {
  if (!file_) throw std::runtime_error("cannot write the trace file " + path);
}

JsonlTraceWriter::~JsonlTraceWriter() {
  flush();
  std::fclose(file_);
}

void JsonlTraceWriter::on_events(std::span<const TraceEvent> events, const ServerNames& names) {
  for (const auto& event : events) {
    append_trace_line(buffer_, event, names);
    buffer_ += '\n';
  }
  lines_ += events.size();
  if (buffer_.size() > (1 << 20)) flush();
}

void JsonlTraceWriter::flush() {
  if (!buffer_.empty()) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
  std::fflush(file_);
}

namespace {

// The inverse of append_trace_line for one parsed line.
TraceEvent event_from_json(const protocol::Json& line, ServerNames& names, std::string& error) {
  TraceEvent e;
  auto text = [&](const char* name) -> std::string {
    auto found = line.find(name);
    return found != line.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  auto number = [&](const char* name) -> int64_t {
    auto found = line.find(name);
    return found != line.end() && found->is_number() ? found->get<int64_t>() : 0;
  };
  if (!line.is_object() || !line.contains("t") || !line["t"].is_number_integer()) {
    error = "expected an object with an integer \"t\"";
    return e;
  }
  auto kind = parse_trace_kind(text("kind"));
  if (!kind) {
    error = "unknown or missing \"kind\" '" + text("kind") + "'";
    return e;
  }
  const std::string server = text("server");
  auto at = std::find(names.begin(), names.end(), server);
  if (at == names.end()) {
    names.push_back(server);
    at = names.end() - 1;
  }
  e.t_ns = line["t"].get<int64_t>();
  e.kind = *kind;
  e.server = static_cast<uint16_t>(at - names.begin());
  e.nsp.assign(text("nsp"));
  e.socket.assign(text("socket"));
  e.mid.assign(text("mid"));
  e.origin.assign(text("origin"));
  e.bytes = static_cast<uint32_t>(number("bytes"));
  switch (e.kind) {
    case TraceKind::kServerUp:
      e.number = number("port");
      e.name.assign(text("adapter"));
      break;
    case TraceKind::kClientConnect:
    case TraceKind::kClientUpgrade:
      e.name.assign(text("transport"));
      e.detail.assign(text("name"));
      break;
    case TraceKind::kCommand:
      e.name.assign(text("command"));
      e.number = line.value("done", false) ? 1 : 0;
      e.detail.assign(text("outcome"));
      break;
    case TraceKind::kJoin:
    case TraceKind::kLeave:
    case TraceKind::kDrop:
      e.name.assign(text("room"));
      e.detail.assign(text("reason"));
      break;
    case TraceKind::kRecv:
      e.name.assign(text("event"));
      e.detail.assign(text("room"));
      break;
    case TraceKind::kPublish:
      e.name.assign(text("channel"));
      e.number = line.value("sent", false) ? 1 : 0;
      break;
    case TraceKind::kRedisRecv:
      e.name.assign(text("channel"));
      break;
    case TraceKind::kRedisCmd:
      e.name.assign(text("command"));
      e.number = number("latency_ns");
      break;
    case TraceKind::kAdapterError:
      e.detail.assign(text("message"));
      break;
    case TraceKind::kRedisUp:
      e.detail.assign(text("detail"));
      break;
    case TraceKind::kFlow:
      e.name.assign(text("state"));
      break;
    case TraceKind::kLink:
      e.socket.assign(text("link"));
      e.nsp.assign(text("direction"));
      e.detail.assign(text("faults"));
      e.name.assign(text("change"));
      break;
    default:
      e.detail.assign(text("reason"));
  }
  return e;
}

}  // namespace

TraceFileContents read_trace_files(const std::vector<std::string>& paths) {
  TraceFileContents contents;
  for (const auto& path : paths) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot read the trace file " + path);
    std::string text;
    size_t number = 0;
    while (std::getline(file, text)) {
      ++number;
      if (text.empty()) continue;
      auto parsed = protocol::parse_json(text);
      std::string error;
      TraceEvent event;
      if (!parsed) {
        error = "not JSON (" + parsed.error().message + ")";
      } else {
        event = event_from_json(*parsed, contents.names, error);
      }
      if (!error.empty()) {
        throw std::runtime_error(path + ":" + std::to_string(number) + ": " + error);
      }
      contents.events.push_back(event);
    }
  }
  std::stable_sort(contents.events.begin(), contents.events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
  return contents;
}

}  // namespace scaleout::sim
