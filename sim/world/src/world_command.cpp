// WorldCommand: printing commands as one line and parsing them back.
#include "scaleout/world/world_command.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace scaleout::sim {

namespace {

using protocol::ErrorCode;
using protocol::make_error;
using protocol::ProtocolError;
using protocol::Result;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// clang 14 (the fuzz build) does not deduce an aggregate's template arguments by itself.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  std::string word;
  while (in >> word)
    words.push_back(word);
  return words;
}

std::string join_words(const std::vector<std::string>& words, size_t from) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

std::string format_duration(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + "s";
  return std::to_string(duration.count()) + "ms";
}

std::string with_node(const char* verb, const std::string& node) {
  return node.empty() ? std::string(verb) : verb + (" " + node);
}

// The error for a line that does not fit its command's shape.
ProtocolError usage(std::string_view verb, std::string_view shape) {
  return make_error(ErrorCode::kBadPayload,
                    "'" + std::string(verb) + "' expects: " + std::string(shape));
}

std::optional<int> parse_count(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

// A server's size in vCPUs: 0 (no capacity model) up to kMaxVcpus.
std::optional<int> parse_server_size(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxVcpus)
    return std::nullopt;
  return value;
}

Result<WorldCommand> parse_connect(const std::vector<std::string>& words) {
  constexpr std::string_view kShape =
      "connect N [room ROOM] [via SERVER] [name PREFIX] [transport websocket|polling]";
  if (words.size() < 2 || words.size() % 2 != 0) return usage("connect", kShape);
  auto count = parse_count(words[1]);
  if (!count || *count > 100000) {
    return make_error(
        ErrorCode::kBadPayload,
        "'connect' expects a number of clients from 1 to 100000, not '" + words[1] + "'");
  }
  command::ConnectClients connect;
  connect.count = *count;
  for (size_t i = 2; i + 1 < words.size(); i += 2) {
    if (words[i] == "room") {
      connect.room = words[i + 1];
    } else if (words[i] == "via") {
      connect.via = words[i + 1];
    } else if (words[i] == "name") {
      connect.name = words[i + 1];
    } else if (words[i] == "transport" && parse_client_transport(words[i + 1])) {
      connect.transport = *parse_client_transport(words[i + 1]);
    } else {
      return usage("connect", kShape);
    }
  }
  return WorldCommand{connect};
}

// say CLIENT ROOM|* TEXT... [mid ID]
Result<WorldCommand> parse_say(const std::vector<std::string>& words) {
  const size_t n = words.size();
  const bool has_mid = n >= 6 && words[n - 2] == "mid";
  if (n < 4 || (n == 5 && words[3] == "mid")) {
    return usage("say", "say CLIENT ROOM|* TEXT... [mid ID]");
  }
  command::Say say{words[1], words[2] == "*" ? std::string() : words[2], {}, {}};
  std::vector<std::string> text(words.begin() + 3, words.end() - (has_mid ? 2 : 0));
  say.text = join_words(text, 0);
  if (has_mid) say.mid = words[n - 1];
  return WorldCommand{say};
}

// remember CLIENT redis|memory KEY VALUE...   recall CLIENT redis|memory KEY
Result<WorldCommand> parse_shared_state(const std::vector<std::string>& words) {
  const bool remember = words[0] == "remember";
  const std::string_view shape =
      remember ? "remember CLIENT redis|memory KEY VALUE..." : "recall CLIENT redis|memory KEY";
  auto store = words.size() >= 3 ? parse_state_store(words[2]) : std::nullopt;
  if (!store || (remember && words.size() < 5) || (!remember && words.size() != 4)) {
    return usage(words[0], shape);
  }
  if (remember)
    return WorldCommand{command::Remember{words[1], *store, words[3], join_words(words, 4)}};
  return WorldCommand{command::Recall{words[1], *store, words[3]}};
}

// fill-keys COUNT [size BYTES] [prefix PREFIX]
Result<WorldCommand> parse_fill_keys(const std::vector<std::string>& words) {
  constexpr std::string_view kShape =
      "fill-keys COUNT (1 to 100000000) [size BYTES (1 to 1048576)] [prefix PREFIX]";
  if (words.size() < 2 || words.size() % 2 != 0) return usage("fill-keys", kShape);
  int64_t count = 0;
  auto [end, error] = std::from_chars(words[1].data(), words[1].data() + words[1].size(), count);
  if (error != std::errc() || end != words[1].data() + words[1].size() || count < 1 ||
      count > 100'000'000) {
    return usage("fill-keys", kShape);
  }
  command::FillKeys fill;
  fill.count = count;
  for (size_t i = 2; i + 1 < words.size(); i += 2) {
    if (words[i] == "size") {
      auto size = parse_count(words[i + 1]);
      if (!size || *size > 1024 * 1024) return usage("fill-keys", kShape);
      fill.size = *size;
    } else if (words[i] == "prefix") {
      fill.prefix = words[i + 1];
    } else {
      return usage("fill-keys", kShape);
    }
  }
  return WorldCommand{fill};
}

// autoscale on [target N] [min N] [max N] [window DURATION] [period DURATION] | autoscale off
Result<WorldCommand> parse_autoscale(const std::vector<std::string>& words) {
  constexpr std::string_view kShape =
      "autoscale on [target N] [min N] [max N] [window DURATION] [period DURATION] | autoscale "
      "off (e.g. autoscale on target 10 min 2 max 6 window 20s)";
  if (words.size() == 2 && words[1] == "off") {
    command::Autoscale off;
    off.on = false;
    return WorldCommand{off};
  }
  if (words.size() < 2 || words[1] != "on" || words.size() % 2 != 0) {
    return usage("autoscale", kShape);
  }
  command::Autoscale on;
  AutoscaleSettings& s = on.settings;
  for (size_t i = 2; i + 1 < words.size(); i += 2) {
    const std::string& key = words[i];
    const std::string& value = words[i + 1];
    if (key == "target") {
      double target = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), target);
      if (error != std::errc() || end != value.data() + value.size() || !(target > 0) ||
          target > 1e9) {
        return usage("autoscale", kShape);
      }
      s.target = target;
    } else if (key == "min" || key == "max") {
      auto count = parse_count(value);
      if (!count || *count > 64) return usage("autoscale", "min and max from 1 to 64");
      (key == "min" ? s.min_servers : s.max_servers) = *count;
    } else if (key == "window" || key == "period") {
      auto duration = parse_duration(value);
      if (!duration || duration->count() < (key == "period" ? 100 : 0) ||
          *duration > std::chrono::hours(1)) {
        return usage("autoscale", "a window from 0s and a period from 100ms, up to 1h");
      }
      (key == "window" ? s.window : s.period) = *duration;
    } else {
      return usage("autoscale", kShape);
    }
  }
  if (s.min_servers > s.max_servers) return usage("autoscale", "min no greater than max");
  return WorldCommand{on};
}

std::string describe_autoscale(const command::Autoscale& c) {
  if (!c.on) return "autoscale off";
  const AutoscaleSettings defaults;
  const AutoscaleSettings& s = c.settings;
  std::ostringstream out;
  out << "autoscale on";
  if (s.target != defaults.target) out << " target " << s.target;
  if (s.min_servers != defaults.min_servers) out << " min " << s.min_servers;
  if (s.max_servers != defaults.max_servers) out << " max " << s.max_servers;
  if (s.window != defaults.window) out << " window " << format_duration(s.window);
  if (s.period != defaults.period) out << " period " << format_duration(s.period);
  return out.str();
}

// scan-keys [count HINT] [match PATTERN]
Result<WorldCommand> parse_scan_keys(const std::vector<std::string>& words) {
  constexpr std::string_view kShape = "scan-keys [count HINT (1 to 100000)] [match PATTERN]";
  if (words.size() % 2 != 1) return usage("scan-keys", kShape);
  command::ScanKeys scan;
  for (size_t i = 1; i + 1 < words.size(); i += 2) {
    if (words[i] == "count") {
      auto count = parse_count(words[i + 1]);
      if (!count || *count > 100000) return usage("scan-keys", kShape);
      scan.count = *count;
    } else if (words[i] == "match") {
      scan.match = words[i + 1];
    } else {
      return usage("scan-keys", kShape);
    }
  }
  return WorldCommand{scan};
}

// store-bench STORE [threads N[,N...]] [for DURATION]
Result<WorldCommand> parse_store_bench(const std::vector<std::string>& words) {
  constexpr std::string_view kShape =
      "store-bench redis|memcached|global-lock|bucket-locks|event-loop [threads N[,N...] (1 to "
      "64)] [for DURATION (100ms to 60s)]";
  auto store = words.size() >= 2 ? parse_store_kind(words[1]) : std::nullopt;
  if (!store || words.size() % 2 != 0) return usage("store-bench", kShape);
  command::RunStoreBench bench;
  bench.store = *store;
  for (size_t i = 2; i + 1 < words.size(); i += 2) {
    if (words[i] == "threads") {
      bench.threads.clear();
      std::istringstream list(words[i + 1]);
      std::string item;
      while (std::getline(list, item, ',')) {
        auto count = parse_count(item);
        if (!count || *count > 64 || bench.threads.size() >= 16)
          return usage("store-bench", kShape);
        bench.threads.push_back(*count);
      }
      if (bench.threads.empty()) return usage("store-bench", kShape);
    } else if (words[i] == "for") {
      auto duration = parse_duration(words[i + 1]);
      if (!duration || duration->count() < 100 || duration->count() > 60000) {
        return usage("store-bench", kShape);
      }
      bench.duration = *duration;
    } else {
      return usage("store-bench", kShape);
    }
  }
  return WorldCommand{bench};
}

// question open JSON   question close|reveal|clear
Result<WorldCommand> parse_question(std::string_view line, const std::vector<std::string>& words) {
  constexpr std::string_view kShape =
      "question open {\"id\": ..., \"text\": ..., \"choices\": [...], \"answer\": N, "
      "\"explain\": ...} | question close | question reveal | question clear";
  command::AskClass ask;
  const std::string action = words.size() >= 2 ? words[1] : std::string();
  if (action == "close" || action == "reveal" || action == "clear") {
    if (words.size() != 2) return usage("question", kShape);
    ask.action = action == "close"    ? command::AskClass::Action::kClose
                 : action == "reveal" ? command::AskClass::Action::kReveal
                                      : command::AskClass::Action::kClear;
    return WorldCommand{ask};
  }
  if (action != "open" || words.size() < 3) return usage("question", kShape);
  // The JSON is the rest of the line, spaces and all.
  const size_t open = line.find("open");
  auto json = protocol::parse_json(line.substr(open + 4));
  if (!json) return make_error(ErrorCode::kBadPayload, "question open: " + json.error().message);
  auto question = parse_class_question(*json);
  if (!question) return question.error();
  ask.question = std::move(*question);
  return WorldCommand{ask};
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  size_t unit = text.find_first_not_of("0123456789.");
  if (unit == 0 || unit == std::string_view::npos) return std::nullopt;
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + unit, value);
  if (error != std::errc() || end != text.data() + unit || !std::isfinite(value)) {
    return std::nullopt;
  }
  const std::string_view suffix = text.substr(unit);
  double ms = 0;
  if (suffix == "ms") {
    ms = value;
  } else if (suffix == "s") {
    ms = value * 1000;
  } else if (suffix == "m") {
    ms = value * 60000;
  } else {
    return std::nullopt;
  }
  if (ms > 1e12) return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(ms)));
}

std::string describe(const WorldCommand& command) {
  return std::visit(
      Overloaded{
          [](const command::AddServer& c) {
            std::string line = "add-server";
            if (c.adapter) line += std::string(" ") + to_string(*c.adapter);
            if (c.size) line += " size " + std::to_string(*c.size);
            return line;
          },
          [](const command::StopServer& c) { return "stop " + c.server; },
          [](const command::KillServer& c) { return "kill " + c.server; },
          [](const command::RestartServer& c) { return "restart " + c.server; },
          [](const command::RemoveServer& c) { return "remove " + c.server; },
          [](const command::SwitchAdapter& c) {
            return "adapter " + c.server + " " + to_string(c.adapter);
          },
          [](const command::KillRedis& c) { return with_node("kill-redis", c.node); },
          [](const command::RestartRedis& c) { return with_node("restart-redis", c.node); },
          [](const command::FailoverRedis& c) { return with_node("failover", c.node); },
          [](const command::PauseRedis& c) {
            return c.duration.count() ? "pause-redis " + format_duration(c.duration)
                                      : std::string("pause-redis");
          },
          [](const command::ResumeRedis&) { return std::string("resume-redis"); },
          [](const command::SetPolicy& c) { return std::string("policy ") + to_string(c.policy); },
          [](const command::SetBotRate& c) {
            std::ostringstream out;
            out << "bot-rate " << c.says_per_second;
            return out.str();
          },
          [](const command::ConnectClients& c) {
            std::string out = "connect " + std::to_string(c.count);
            if (!c.room.empty()) out += " room " + c.room;
            if (!c.via.empty()) out += " via " + c.via;
            if (c.name != "c") out += " name " + c.name;
            if (c.transport != ClientTransport::kWebSocket) {
              out += std::string(" transport ") + to_string(c.transport);
            }
            return out;
          },
          [](const command::DisconnectClient& c) { return "disconnect " + c.client; },
          [](const command::ReconnectClient& c) {
            return "reconnect " + c.client + (c.via.empty() ? "" : " via " + c.via);
          },
          [](const command::Join& c) { return "join " + c.client + " " + c.room; },
          [](const command::Leave& c) { return "leave " + c.client + " " + c.room; },
          [](const command::Say& c) {
            return "say " + c.client + " " + (c.room.empty() ? "*" : c.room) + " " + c.text +
                   (c.mid.empty() ? "" : " mid " + c.mid);
          },
          [](const command::Remember& c) {
            return "remember " + c.client + " " + to_string(c.store) + " " + c.key + " " + c.value;
          },
          [](const command::Recall& c) {
            return "recall " + c.client + " " + to_string(c.store) + " " + c.key;
          },
          [](const command::Emit& c) {
            std::string out = "emit " + (c.to.empty() ? std::string("*") : c.to) + " " + c.event;
            if (!c.text.empty()) out += " " + c.text;
            return out;
          },
          [](const command::RedisCommand& c) { return "redis " + join_words(c.words, 0); },
          [](const command::FillKeys& c) {
            std::string out = "fill-keys " + std::to_string(c.count);
            if (c.size != 16) out += " size " + std::to_string(c.size);
            if (c.prefix != "key:") out += " prefix " + c.prefix;
            return out;
          },
          [](const command::ScanKeys& c) {
            std::string out = "scan-keys";
            if (c.count != 10) out += " count " + std::to_string(c.count);
            if (!c.match.empty()) out += " match " + c.match;
            return out;
          },
          [](const command::SetLink& c) { return "link " + to_string(c.setting); },
          [](const command::Wait& c) { return "wait " + format_duration(c.duration); },
          [](const command::RunStoreBench& c) {
            std::string out = std::string("store-bench ") + to_string(c.store) + " threads ";
            for (size_t i = 0; i < c.threads.size(); ++i)
              out += (i ? "," : "") + std::to_string(c.threads[i]);
            return out + " for " + format_duration(c.duration);
          },
          [](const command::Autoscale& c) { return describe_autoscale(c); },
          [](const command::DrainServer& c) { return "drain " + c.server; },
          [](const command::AskClass& c) {
            switch (c.action) {
              case command::AskClass::Action::kOpen:
                return "question open " + protocol::dump_json(to_json(c.question, true));
              case command::AskClass::Action::kClose:
                return std::string("question close");
              case command::AskClass::Action::kReveal:
                return std::string("question reveal");
              case command::AskClass::Action::kClear:
                return std::string("question clear");
            }
            return std::string("question clear");
          },
      },
      command);
}

Result<WorldCommand> parse_world_command(std::string_view line) {
  const std::vector<std::string> words = split_words(line);
  if (words.empty()) return make_error(ErrorCode::kEmpty, "an empty command");
  const std::string& verb = words[0];
  const size_t n = words.size();
  auto server_verb = [&](auto made, std::string_view shape) -> Result<WorldCommand> {
    if (n != 2) return usage(verb, shape);
    made.server = words[1];
    return WorldCommand{made};
  };

  if (verb == "add-server") {
    constexpr std::string_view shape = "add-server [memory|redis|sharded] [size VCPUS]";
    command::AddServer add;
    size_t at = 1;
    if (at < n && words[at] != "size") {
      add.adapter = parse_adapter(words[at++]);
      if (!add.adapter) return usage(verb, shape);
    }
    if (at < n) {
      if (at + 2 != n || words[at] != "size") return usage(verb, shape);
      const auto size = parse_server_size(words[at + 1]);
      if (!size) return usage(verb, shape);
      add.size = *size;
    }
    return WorldCommand{add};
  }
  if (verb == "stop") return server_verb(command::StopServer{}, "stop SERVER");
  if (verb == "kill") return server_verb(command::KillServer{}, "kill SERVER");
  if (verb == "restart") return server_verb(command::RestartServer{}, "restart SERVER");
  if (verb == "remove") return server_verb(command::RemoveServer{}, "remove SERVER");
  if (verb == "adapter") {
    auto adapter = n == 3 ? parse_adapter(words[2]) : std::nullopt;
    if (!adapter) return usage(verb, "adapter SERVER memory|redis|sharded");
    return WorldCommand{command::SwitchAdapter{words[1], *adapter}};
  }
  if (verb == "kill-redis" && n <= 2) {
    return WorldCommand{command::KillRedis{n == 2 ? words[1] : std::string()}};
  }
  if (verb == "restart-redis" && n <= 2) {
    return WorldCommand{command::RestartRedis{n == 2 ? words[1] : std::string()}};
  }
  if (verb == "failover") {
    if (n != 2) return usage(verb, "failover NODE (a Redis Cluster's n1.., Sentinel's r1|r2)");
    return WorldCommand{command::FailoverRedis{words[1]}};
  }
  if (verb == "resume-redis" && n == 1) return WorldCommand{command::ResumeRedis{}};
  if (verb == "pause-redis") {
    command::PauseRedis pause;
    if (n == 2) {
      auto duration = parse_duration(words[1]);
      if (!duration) return usage(verb, "pause-redis [DURATION, e.g. 3s or 500ms]");
      pause.duration = *duration;
    } else if (n > 2) {
      return usage(verb, "pause-redis [DURATION, e.g. 3s or 500ms]");
    }
    return WorldCommand{pause};
  }
  if (verb == "policy") {
    auto policy = n == 2 ? parse_balance_policy(words[1]) : std::nullopt;
    if (!policy) {
      return usage(verb, "policy round-robin|least-connections|sticky-sid|sticky-cookie");
    }
    return WorldCommand{command::SetPolicy{*policy}};
  }
  if (verb == "bot-rate") {
    double rate = -1;
    if (n == 2) {
      auto [end, error] = std::from_chars(words[1].data(), words[1].data() + words[1].size(), rate);
      if (error != std::errc() || end != words[1].data() + words[1].size()) rate = -1;
    }
    if (!(rate >= 0 && rate <= 1e6)) return usage(verb, "bot-rate SAYS_PER_SECOND (0 to 1000000)");
    return WorldCommand{command::SetBotRate{rate}};
  }
  if (verb == "connect") return parse_connect(words);
  if (verb == "disconnect") {
    if (n != 2) return usage(verb, "disconnect CLIENT");
    return WorldCommand{command::DisconnectClient{words[1]}};
  }
  if (verb == "reconnect") {
    if (n != 2 && !(n == 4 && words[2] == "via"))
      return usage(verb, "reconnect CLIENT [via SERVER]");
    return WorldCommand{command::ReconnectClient{words[1], n == 4 ? words[3] : std::string()}};
  }
  if (verb == "remember" || verb == "recall") return parse_shared_state(words);
  if (verb == "join" || verb == "leave") {
    if (n != 3) return usage(verb, verb + " CLIENT ROOM");
    if (verb == "join") return WorldCommand{command::Join{words[1], words[2]}};
    return WorldCommand{command::Leave{words[1], words[2]}};
  }
  if (verb == "say") return parse_say(words);
  if (verb == "emit") {
    if (n < 3) return usage(verb, "emit ROOM|SOCKET|* EVENT [TEXT...]");
    command::Emit emit;
    emit.to = words[1] == "*" ? std::string() : words[1];
    emit.event = words[2];
    emit.text = join_words(words, 3);
    return WorldCommand{emit};
  }
  if (verb == "redis") {
    if (n < 2) return usage(verb, "redis WORD... (a Redis command, e.g. redis KEYS *)");
    return WorldCommand{command::RedisCommand{{words.begin() + 1, words.end()}}};
  }
  if (verb == "fill-keys") return parse_fill_keys(words);
  if (verb == "scan-keys") return parse_scan_keys(words);
  if (verb == "link") {
    if (n != 2) {
      return usage(verb, "link TARGET[:DIRECTION]=FAULT[,FAULT...], e.g. link s2-redis=partition");
    }
    std::string error;
    auto setting = parse_link_setting(words[1], &error);
    if (!setting) return make_error(ErrorCode::kBadPayload, error);
    return WorldCommand{command::SetLink{std::move(*setting)}};
  }
  if (verb == "wait") {
    auto duration = n == 2 ? parse_duration(words[1]) : std::nullopt;
    if (!duration) return usage(verb, "wait DURATION (e.g. 3s or 500ms)");
    return WorldCommand{command::Wait{*duration}};
  }
  if (verb == "store-bench") return parse_store_bench(words);
  if (verb == "autoscale") return parse_autoscale(words);
  if (verb == "drain") return server_verb(command::DrainServer{}, "drain SERVER");
  if (verb == "question") return parse_question(line, words);
  if (verb == "kill-redis" || verb == "restart-redis") {
    return usage(verb, verb + " [NODE]");
  }
  if (verb == "resume-redis") return usage(verb, verb + " (no arguments)");
  return make_error(ErrorCode::kUnknownType,
                    "unknown command '" + verb + "'; commands are:\n" + world_command_syntax());
}

const char* world_command_syntax() {
  return "  add-server [memory|redis|sharded] [size VCPUS]   stop|kill|restart|remove SERVER\n"
         "  adapter SERVER memory|redis|sharded   policy round-robin|least-connections|sticky-sid|"
         "sticky-cookie\n"
         "  kill-redis [NODE]   restart-redis [NODE]   failover NODE   (NODE: a Redis Cluster's "
         "n1.., Sentinel's r1|r2)\n"
         "  pause-redis [DURATION]   resume-redis\n"
         "  bot-rate SAYS_PER_SECOND\n"
         "  connect N [room ROOM] [via SERVER] [name PREFIX] [transport websocket|polling]\n"
         "  disconnect CLIENT   reconnect CLIENT [via SERVER]\n"
         "  join CLIENT ROOM   leave CLIENT ROOM   say CLIENT ROOM|* TEXT... [mid ID]\n"
         "  remember CLIENT redis|memory KEY VALUE...   recall CLIENT redis|memory KEY\n"
         "  emit ROOM|SOCKET|* EVENT [TEXT...]   redis WORD...\n"
         "  fill-keys COUNT [size BYTES] [prefix PREFIX]   scan-keys [count HINT] [match PATTERN]\n"
         "  link TARGET[:DIRECTION]=FAULT[,FAULT...]   (network faults, docs/network-links.md)\n"
         "  wait DURATION   (holds the commands after it)\n"
         "  store-bench redis|memcached|global-lock|bucket-locks|event-loop [threads N[,N...]] "
         "[for DURATION]\n"
         "  autoscale on [target N] [min N] [max N] [window DURATION] [period DURATION]   "
         "autoscale off\n"
         "  drain SERVER   (no new sessions, its clients move, then it is removed)\n"
         "  question open {\"id\":\"q1\",\"text\":\"...\",\"choices\":[\"...\",\"...\"],"
         "\"answer\":0,\"explain\":\"...\"}   question close|reveal|clear\n";
}

}  // namespace scaleout::sim
