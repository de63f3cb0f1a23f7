// EventStore: every trace event the window has seen — a live run's whole history or a whole
// recording — for the timeline, seeking, the event log and the sequence diagram. Events are kept
// compactly (about 56 bytes each: texts that repeat are interned; a message's id, unique to it,
// lives with its chunk) in chunks, so a million events cost tens of megabytes, and a live run
// keeps the newest `capacity` (older chunks are forgotten, their message ids with them).
//
// Events are numbered by arrival (a sequence number that never changes) and found by time with a
// binary search over each event's key: its time, or the previous key if that is later. The
// collector's batches can overlap by a few milliseconds, so this keeps keys sorted while the
// events themselves stay in the order the live model applied them.
//
// Per lane (a server, or the world's own `command` lane) it also keeps how many events, and how
// many drops, fell in each 10 ms of the run, as running totals: the timeline asks "how many
// between t0 and t1" in constant time at any zoom.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scaleout/trace/trace_event.hpp"
#include "scaleout/trace/world_model.hpp"

namespace scaleout::gui {

class EventStore {
 public:
  static constexpr int64_t kBinNs = 10'000'000;  // 10 ms

  explicit EventStore(size_t capacity = 4'000'000) : capacity_(capacity) {}

  void append(const sim::TraceEvent& event, const sim::ServerNames& names);

  // Sequence numbers [first(), end()) are kept.
  uint64_t first() const { return first_; }
  uint64_t end() const { return first_ + count_; }
  bool empty() const { return count_ == 0; }

  sim::TraceEvent event(uint64_t sequence) const;
  int64_t time(uint64_t sequence) const;
  uint16_t server(uint64_t sequence) const;
  sim::TraceKind kind(uint64_t sequence) const;
  // The first sequence whose key is at or after `t_ns` (end() when none).
  uint64_t lower_bound(int64_t t_ns) const;
  int64_t first_time() const { return empty() ? 0 : time(first_); }
  int64_t last_time() const { return last_key_; }

  // The servers' names by trace index, as the newest batch gave them.
  const sim::ServerNames& names() const { return names_; }
  // Every kept event of a message, oldest first.
  std::vector<uint64_t> events_of(std::string_view mid) const;

  // Lanes: one per trace server index. Events (and drops) of `lane` with key in [from, to).
  uint64_t count_between(uint16_t lane, int64_t from_ns, int64_t to_ns, bool drops_only) const;
  size_t lanes() const { return lanes_.size(); }

  size_t memory_bytes() const;

 private:
  struct Stored {
    int64_t t_ns;
    int64_t key_ns;
    int64_t number;
    uint32_t socket;
    uint32_t name;
    uint32_t mid;
    uint32_t detail;
    uint32_t bytes;
    uint32_t nsp;
    uint32_t origin;
    uint16_t server;
    sim::TraceKind kind;
  };
  struct Chunk {
    std::vector<Stored> events;
    std::vector<std::string> mids;  // Stored::mid is an index here plus one (0: none)
  };
  static constexpr size_t kChunk = 1 << 16;
  struct Lane {
    int64_t first_bin = -1;
    std::vector<uint64_t> events;  // running totals, one per bin from first_bin
    std::vector<uint64_t> drops;
  };

  uint32_t intern(std::string_view text);
  const Stored& at(uint64_t sequence) const;
  void count_in_lane(uint16_t lane, int64_t key_ns, bool drop);
  static uint64_t total_before(const Lane& lane, const std::vector<uint64_t>& totals, int64_t bin);
  void forget_oldest_chunk();

  size_t capacity_;
  std::deque<Chunk> chunks_;
  uint64_t first_ = 0;
  uint64_t count_ = 0;
  int64_t last_key_ = 0;
  sim::ServerNames names_;
  std::vector<std::string> texts_;
  std::unordered_map<std::string, uint32_t> text_ids_;
  std::unordered_map<std::string, std::vector<uint64_t>> by_mid_;
  std::vector<Lane> lanes_;
};

}  // namespace scaleout::gui
