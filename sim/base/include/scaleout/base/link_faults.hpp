// Link faults: what a link of the world (a network hop, docs/network-links.md) can be told to do
// to the bytes that cross it, modelled on Toxiproxy's toxics, and the one text syntax for them
// that the CLI (`--link`), the GUI and the scenarios share:
//
//   TARGET[:DIRECTION]=FAULT[,FAULT...]
//
//   TARGET     clients | sN | sN-redis | servers | redis | all
//   DIRECTION  upstream (from the clients toward Redis) | downstream; both when left out
//   FAULT      latency:DELAY[:JITTER][@P%]  every chunk waits DELAY ± up to JITTER (us, ms, s)
//              bandwidth:RATE[@P%]          at most RATE bytes/s (b, kb, mb, gb; kib, mib, gib)
//              down[@P%]                    new connections refused, open ones reset (no DIRECTION)
//              partition[@P%]               bytes accepted and held, nothing delivered, until
//              healed clear[:KIND]                 remove every fault, or one kind (latency,
//              bandwidth,
//                                           down, partition); with a DIRECTION, down stays
//
// A setting changes only the kinds it names: `s2-redis=partition` keeps the latency that
// `all=latency:300ms` put there, and `s2-redis=clear:partition` heals it without touching that
// latency. `@P%` makes a fault hit each connection with probability P, drawn once per connection.
// Everything here is pure: parsing and printing, no I/O.
#pragma once

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scaleout::sim {

// The two directions of a link. Upstream flows from the clients' side toward Redis: client ->
// balancer on `clients`, balancer -> server on `sN`, server -> Redis on `sN-redis`.
enum class LinkDirection : uint8_t { kUpstream, kDownstream };
// Which directions a setting is for.
enum class LinkDirections : uint8_t { kBoth, kUpstream, kDownstream };

const char* to_string(LinkDirection direction);
bool includes(LinkDirections directions, LinkDirection direction);

// What a link joins: every client to the balancer, the balancer to one server, or one server to
// Redis.
enum class LinkKind : uint8_t { kClients, kServer, kRedis };
const char* to_string(LinkKind kind);

enum class LinkFaultKind : uint8_t { kLatency, kBandwidth, kDown, kPartition };
inline constexpr size_t kLinkFaultKinds = 4;
const char* to_string(LinkFaultKind kind);

struct LatencyFault {
  std::chrono::microseconds delay{0};
  std::chrono::microseconds jitter{0};  // each chunk's delay is drawn in [delay - jitter, + jitter]
  double probability = 1.0;
  bool operator==(const LatencyFault&) const = default;
};

struct BandwidthFault {
  uint64_t bytes_per_second = 0;
  double probability = 1.0;
  bool operator==(const BandwidthFault&) const = default;
};

// `down` and `partition` take no parameter but their probability.
struct CutFault {
  double probability = 1.0;
  bool operator==(const CutFault&) const = default;
};

// The faults of one direction of one link; each kind at most once.
struct LinkFaults {
  std::optional<LatencyFault> latency;
  std::optional<BandwidthFault> bandwidth;
  std::optional<CutFault> down;
  std::optional<CutFault> partition;

  bool empty() const { return !latency && !bandwidth && !down && !partition; }
  bool has(LinkFaultKind kind) const;
  bool operator==(const LinkFaults&) const = default;
};

// One change to a link: first the `clear` kinds are removed, then the `set` faults replace
// faults of the same kind; kinds named in neither stay as they were.
struct LinkFaultChange {
  LinkFaults set;
  std::bitset<kLinkFaultKinds> clear;

  bool clears(LinkFaultKind kind) const { return clear.test(static_cast<size_t>(kind)); }
  // Whether it sets or clears `down`, which has no direction.
  bool touches_down() const { return set.down.has_value() || clears(LinkFaultKind::kDown); }
  void apply_to(LinkFaults& faults) const;
};

// One parsed `TARGET[:DIRECTION]=FAULT[,FAULT...]`.
struct LinkSetting {
  std::string target;
  LinkDirections directions = LinkDirections::kBoth;
  LinkFaultChange change;
};

// The right-hand side, `FAULT[,FAULT...]`. nullopt and `error` set (saying what was expected)
// when the text is not that.
std::optional<LinkFaultChange> parse_link_faults(std::string_view text, std::string* error);
// A whole setting. The target's spelling is checked here; whether such a link exists is for the
// world to say (Network::apply).
std::optional<LinkSetting> parse_link_setting(std::string_view text, std::string* error);

// Canonical text, parseable again: "latency:300ms:50ms,partition", "" for no fault.
std::string to_string(const LinkFaults& faults);
// "partition", "clear:latency", "clear,latency:300ms".
std::string to_string(const LinkFaultChange& change);
std::string to_string(const LinkSetting& setting);

// The syntax with examples, for --help and for error messages.
extern const char* const kLinkSyntaxHelp;

}  // namespace scaleout::sim
