// Link faults: parsing and printing the `TARGET[:DIRECTION]=FAULT[,FAULT...]` syntax.
#include "scaleout/base/link_faults.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace scaleout::sim {

const char* const kLinkSyntaxHelp =
    "Links (docs/network-links.md): TARGET[:DIRECTION]=FAULT[,FAULT...]\n"
    "  TARGET     clients (every client's connection to the balancer), sN (the balancer <-> sN\n"
    "             hop), sN-redis (sN's link to Redis), servers (every sN), redis (every\n"
    "             sN-redis), all (every link)\n"
    "  DIRECTION  upstream (from the clients toward Redis) or downstream; both when left out\n"
    "  FAULT      latency:DELAY[:JITTER]  each chunk waits DELAY, +- up to JITTER (us, ms, s)\n"
    "             bandwidth:RATE          at most RATE bytes/s (b, kb, mb, gb, kib, mib, gib)\n"
    "             down                    new connections refused, open ones reset (no DIRECTION)\n"
    "             partition               bytes accepted and held, nothing delivered, until "
    "healed\n"
    "             clear[:KIND]            remove every fault, or one kind\n"
    "             any fault but clear may end in @P% to hit each connection with probability P\n"
    "  A setting changes only the kinds it names.\n"
    "  Examples: s2-redis=partition  s2-redis=clear:partition  clients=latency:200ms:50ms\n"
    "            all=latency:300ms  s1-redis=down  s3=bandwidth:64kb  clients=down@10%\n"
    "            s2-redis:upstream=latency:1s";

namespace {

constexpr std::array<const char*, kLinkFaultKinds> kKindNames = {"latency", "bandwidth", "down",
                                                                 "partition"};
constexpr auto kMaxDelay = std::chrono::seconds(60);
constexpr const char* kFaultExpected =
    "expected latency:DELAY[:JITTER], bandwidth:RATE, down, partition or clear[:KIND]";

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A non-negative decimal number at the start of `text` ("300", "1.5"); the rest is its unit.
std::optional<double> leading_number(std::string_view text, std::string_view* unit) {
  size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
    ++end;
  }
  if (end == 0) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, value);
  if (ec != std::errc() || ptr != text.data() + end || !std::isfinite(value)) return std::nullopt;
  *unit = text.substr(end);
  return value;
}

std::optional<std::chrono::microseconds> parse_duration(std::string_view text, const char* what,
                                                        std::string* error) {
  std::string_view unit;
  auto number = leading_number(text, &unit);
  const std::string unit_name = lower(unit);
  double scale = 0;
  if (unit_name == "us") scale = 1;
  if (unit_name == "ms") scale = 1e3;
  if (unit_name == "s") scale = 1e6;
  if (!number || scale == 0) {
    *error = std::string("bad ") + what + " " + quoted(text) +
             ": expected a duration such as 300ms, 1.5s or 500us";
    return std::nullopt;
  }
  const double micros = std::round(*number * scale);
  if (micros > static_cast<double>(std::chrono::microseconds(kMaxDelay).count())) {
    *error = std::string("bad ") + what + " " + quoted(text) + ": at most 60s";
    return std::nullopt;
  }
  return std::chrono::microseconds(static_cast<int64_t>(micros));
}

std::optional<uint64_t> parse_rate(std::string_view text, std::string* error) {
  std::string_view unit;
  auto number = leading_number(text, &unit);
  std::string unit_name = lower(unit);
  if (unit_name.ends_with("/s")) unit_name.resize(unit_name.size() - 2);
  double scale = 0;
  if (unit_name == "b") scale = 1;
  if (unit_name == "kb") scale = 1e3;
  if (unit_name == "mb") scale = 1e6;
  if (unit_name == "gb") scale = 1e9;
  if (unit_name == "kib") scale = 1024;
  if (unit_name == "mib") scale = 1024.0 * 1024;
  if (unit_name == "gib") scale = 1024.0 * 1024 * 1024;
  if (!number || scale == 0) {
    *error = "bad rate " + quoted(text) +
             ": expected bytes per second such as 64kb, 1.5mb or 500b "
             "(units b, kb, mb, gb, kib, mib, gib)";
    return std::nullopt;
  }
  const double bytes = std::round(*number * scale);
  if (bytes < 1 || bytes > 1e12) {
    *error = "bad rate " + quoted(text) + ": expected 1b to 1000gb per second";
    return std::nullopt;
  }
  return static_cast<uint64_t>(bytes);
}

// Splits "latency:300ms@25%" into the fault and its probability.
std::optional<double> split_probability(std::string_view& fault, std::string* error) {
  const size_t at = fault.find('@');
  if (at == std::string_view::npos) return 1.0;
  std::string_view text = fault.substr(at + 1);
  fault = fault.substr(0, at);
  std::string_view unit;
  auto number = leading_number(text, &unit);
  if (!number || unit != "%" || *number <= 0 || *number > 100) {
    *error = "bad probability " + quoted(text) + ": expected a percentage above 0 and at most " +
             "100, such as 25%";
    return std::nullopt;
  }
  return *number / 100.0;
}

std::optional<LinkFaultKind> parse_kind(std::string_view text) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (text == kKindNames[i]) return static_cast<LinkFaultKind>(i);
  }
  return std::nullopt;
}

// One FAULT into `change`; false with `error` set when it is not one.
bool parse_fault(std::string_view text, LinkFaultChange& change, std::string* error) {
  std::string_view fault = trim(text);
  if (fault.empty()) {
    *error = std::string("empty fault: ") + kFaultExpected;
    return false;
  }
  const std::string original(fault);
  auto probability = split_probability(fault, error);
  if (!probability) return false;
  const size_t colon = fault.find(':');
  const std::string_view name = fault.substr(0, colon);
  const std::string_view argument =
      colon == std::string_view::npos ? std::string_view() : fault.substr(colon + 1);
  const bool has_argument = colon != std::string_view::npos;

  auto once = [&](bool already) {
    if (already) *error = "fault " + std::string(name) + " given twice";
    return !already;
  };
  if (name == "clear") {
    if (*probability != 1.0) {
      *error = "clear takes no probability (" + quoted(original) + ")";
      return false;
    }
    if (!has_argument) {
      change.clear.set();
      return true;
    }
    auto kind = parse_kind(argument);
    if (!kind) {
      *error = "bad kind " + quoted(argument) +
               " after clear: expected latency, bandwidth, down or partition";
      return false;
    }
    change.clear.set(static_cast<size_t>(*kind));
    return true;
  }
  if (name == "latency") {
    if (!has_argument) {
      *error = "latency needs a delay: expected latency:DELAY[:JITTER], such as latency:300ms";
      return false;
    }
    if (!once(change.set.latency.has_value())) return false;
    const size_t second = argument.find(':');
    auto delay = parse_duration(argument.substr(0, second), "delay", error);
    if (!delay) return false;
    std::chrono::microseconds jitter{0};
    if (second != std::string_view::npos) {
      auto parsed = parse_duration(argument.substr(second + 1), "jitter", error);
      if (!parsed) return false;
      jitter = *parsed;
    }
    change.set.latency = LatencyFault{*delay, jitter, *probability};
    return true;
  }
  if (name == "bandwidth") {
    if (!has_argument) {
      *error = "bandwidth needs a rate: expected bandwidth:RATE, such as bandwidth:64kb";
      return false;
    }
    if (!once(change.set.bandwidth.has_value())) return false;
    auto rate = parse_rate(argument, error);
    if (!rate) return false;
    change.set.bandwidth = BandwidthFault{*rate, *probability};
    return true;
  }
  if (name == "down" || name == "partition") {
    if (has_argument) {
      *error = std::string(name) + " takes no argument (" + quoted(original) + ")";
      return false;
    }
    auto& slot = name == "down" ? change.set.down : change.set.partition;
    if (!once(slot.has_value())) return false;
    slot = CutFault{*probability};
    return true;
  }
  *error = "unknown fault " + quoted(original) + ": " + kFaultExpected;
  return false;
}

bool valid_target(std::string_view target) {
  if (target.empty()) return false;
  return std::all_of(target.begin(), target.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string duration_text(std::chrono::microseconds value) {
  const int64_t us = value.count();
  if (us != 0 && us % 1000000 == 0) return std::to_string(us / 1000000) + "s";
  if (us % 1000 == 0) return std::to_string(us / 1000) + "ms";
  return std::to_string(us) + "us";
}

std::string rate_text(uint64_t bytes) {
  if (bytes % 1000000000 == 0) return std::to_string(bytes / 1000000000) + "gb";
  if (bytes % 1000000 == 0) return std::to_string(bytes / 1000000) + "mb";
  if (bytes % 1000 == 0) return std::to_string(bytes / 1000) + "kb";
  return std::to_string(bytes) + "b";
}

std::string probability_text(double probability) {
  if (probability >= 1.0) return {};
  char text[32];
  std::snprintf(text, sizeof text, "@%g%%", probability * 100);
  return text;
}

}  // namespace

const char* to_string(LinkDirection direction) {
  return direction == LinkDirection::kUpstream ? "upstream" : "downstream";
}

bool includes(LinkDirections directions, LinkDirection direction) {
  switch (directions) {
    case LinkDirections::kBoth:
      return true;
    case LinkDirections::kUpstream:
      return direction == LinkDirection::kUpstream;
    case LinkDirections::kDownstream:
      return direction == LinkDirection::kDownstream;
  }
  return false;
}

const char* to_string(LinkKind kind) {
  switch (kind) {
    case LinkKind::kClients:
      return "clients";
    case LinkKind::kServer:
      return "server";
    case LinkKind::kRedis:
      return "redis";
  }
  return "?";
}

const char* to_string(LinkFaultKind kind) {
  return kKindNames[static_cast<size_t>(kind)];
}

bool LinkFaults::has(LinkFaultKind kind) const {
  switch (kind) {
    case LinkFaultKind::kLatency:
      return latency.has_value();
    case LinkFaultKind::kBandwidth:
      return bandwidth.has_value();
    case LinkFaultKind::kDown:
      return down.has_value();
    case LinkFaultKind::kPartition:
      return partition.has_value();
  }
  return false;
}

void LinkFaultChange::apply_to(LinkFaults& faults) const {
  if (clears(LinkFaultKind::kLatency)) faults.latency.reset();
  if (clears(LinkFaultKind::kBandwidth)) faults.bandwidth.reset();
  if (clears(LinkFaultKind::kDown)) faults.down.reset();
  if (clears(LinkFaultKind::kPartition)) faults.partition.reset();
  if (set.latency) faults.latency = set.latency;
  if (set.bandwidth) faults.bandwidth = set.bandwidth;
  if (set.down) faults.down = set.down;
  if (set.partition) faults.partition = set.partition;
}

std::optional<LinkFaultChange> parse_link_faults(std::string_view text, std::string* error) {
  std::string ignored;
  if (!error) error = &ignored;
  LinkFaultChange change;
  if (trim(text).empty()) {
    *error = std::string("no fault given: ") + kFaultExpected;
    return std::nullopt;
  }
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    if (!parse_fault(text.substr(start, comma - start), change, error)) return std::nullopt;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return change;
}

std::optional<LinkSetting> parse_link_setting(std::string_view text, std::string* error) {
  std::string ignored;
  if (!error) error = &ignored;
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    *error = "bad link setting " + quoted(text) +
             ": expected TARGET[:DIRECTION]=FAULT[,FAULT...], such as s2-redis=partition";
    return std::nullopt;
  }
  std::string_view left = trim(text.substr(0, equals));
  LinkSetting setting;
  const size_t colon = left.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view direction = left.substr(colon + 1);
    if (direction == "upstream") {
      setting.directions = LinkDirections::kUpstream;
    } else if (direction == "downstream") {
      setting.directions = LinkDirections::kDownstream;
    } else {
      *error = "bad direction " + quoted(direction) + ": expected upstream or downstream";
      return std::nullopt;
    }
    left = left.substr(0, colon);
  }
  if (!valid_target(left)) {
    *error =
        "bad target " + quoted(left) + ": expected clients, sN, sN-redis, servers, redis or all";
    return std::nullopt;
  }
  setting.target = std::string(left);
  std::string fault_error;
  auto change = parse_link_faults(text.substr(equals + 1), &fault_error);
  if (!change) {
    *error = "bad link setting " + quoted(text) + ": " + fault_error;
    return std::nullopt;
  }
  // A plain `clear` for one direction clears that direction; down, which has none, stays.
  if (setting.directions != LinkDirections::kBoth && change->clear.all() && !change->set.down) {
    change->clear.reset(static_cast<size_t>(LinkFaultKind::kDown));
  }
  if (setting.directions != LinkDirections::kBoth && change->touches_down()) {
    *error = "bad link setting " + quoted(text) +
             ": down cuts whole connections, both ways: give it without a direction";
    return std::nullopt;
  }
  setting.change = std::move(*change);
  return setting;
}

std::string to_string(const LinkFaults& faults) {
  std::string out;
  auto add = [&](const std::string& text) {
    if (!out.empty()) out += ',';
    out += text;
  };
  if (faults.latency) {
    std::string text = "latency:" + duration_text(faults.latency->delay);
    if (faults.latency->jitter.count() != 0) text += ":" + duration_text(faults.latency->jitter);
    add(text + probability_text(faults.latency->probability));
  }
  if (faults.bandwidth) {
    add("bandwidth:" + rate_text(faults.bandwidth->bytes_per_second) +
        probability_text(faults.bandwidth->probability));
  }
  if (faults.down) add("down" + probability_text(faults.down->probability));
  if (faults.partition) add("partition" + probability_text(faults.partition->probability));
  return out;
}

std::string to_string(const LinkFaultChange& change) {
  std::string out;
  if (change.clear.all()) {
    out = "clear";
  } else {
    for (size_t i = 0; i < kLinkFaultKinds; ++i) {
      if (!change.clear.test(i)) continue;
      if (!out.empty()) out += ',';
      out += std::string("clear:") + kKindNames[i];
    }
  }
  const std::string set = to_string(change.set);
  if (!set.empty()) {
    if (!out.empty()) out += ',';
    out += set;
  }
  return out;
}

std::string to_string(const LinkSetting& setting) {
  std::string out = setting.target;
  if (setting.directions == LinkDirections::kUpstream) out += ":upstream";
  if (setting.directions == LinkDirections::kDownstream) out += ":downstream";
  return out + "=" + to_string(setting.change);
}

}  // namespace scaleout::sim
