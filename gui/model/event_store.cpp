// EventStore: interned, chunked storage with a time index and per-lane running totals.
#include "model/event_store.hpp"

#include <algorithm>

namespace scaleout::gui {

uint32_t EventStore::intern(std::string_view text) {
  if (text.empty()) return 0;
  if (texts_.empty()) texts_.emplace_back();  // id 0 is the empty text
  auto found = text_ids_.find(std::string(text));
  if (found != text_ids_.end()) return found->second;
  const auto id = static_cast<uint32_t>(texts_.size());
  texts_.emplace_back(text);
  text_ids_.emplace(texts_.back(), id);
  return id;
}

void EventStore::append(const sim::TraceEvent& event, const sim::ServerNames& names) {
  if (names.size() >= names_.size()) names_ = names;
  if (count_ == capacity_) forget_oldest_chunk();
  if (chunks_.empty() || chunks_.back().events.size() == kChunk) {
    chunks_.emplace_back();
    chunks_.back().events.reserve(kChunk);
  }
  Chunk& chunk = chunks_.back();
  Stored stored;
  stored.t_ns = event.t_ns;
  stored.key_ns = count_ == 0 ? event.t_ns : std::max(event.t_ns, last_key_);
  stored.number = event.number;
  stored.socket = intern(event.socket.view());
  stored.name = intern(event.name.view());
  stored.mid = 0;
  if (!event.mid.empty()) {
    chunk.mids.emplace_back(event.mid.view());
    stored.mid = static_cast<uint32_t>(chunk.mids.size());
  }
  stored.detail = intern(event.detail.view());
  stored.bytes = event.bytes;
  stored.server = event.server;
  stored.nsp = intern(event.nsp.view());
  stored.origin = intern(event.origin.view());
  stored.kind = event.kind;
  last_key_ = stored.key_ns;
  chunk.events.push_back(stored);
  const uint64_t sequence = first_ + count_;
  ++count_;
  if (stored.mid) by_mid_[chunk.mids.back()].push_back(sequence);
  count_in_lane(event.server, stored.key_ns, event.kind == sim::TraceKind::kDrop);
}

void EventStore::count_in_lane(uint16_t lane_index, int64_t key_ns, bool drop) {
  if (lane_index >= lanes_.size()) lanes_.resize(lane_index + 1);
  Lane& lane = lanes_[lane_index];
  const int64_t bin = key_ns / kBinNs;
  if (lane.first_bin < 0) lane.first_bin = bin;
  const auto index = static_cast<size_t>(std::max<int64_t>(0, bin - lane.first_bin));
  if (index >= lane.events.size()) {
    const uint64_t events = lane.events.empty() ? 0 : lane.events.back();
    const uint64_t drops = lane.drops.empty() ? 0 : lane.drops.back();
    lane.events.resize(index + 1, events);
    lane.drops.resize(index + 1, drops);
  }
  // Keys never go back, so only the last bin grows.
  ++lane.events[index];
  if (drop) ++lane.drops[index];
}

uint64_t EventStore::total_before(const Lane& lane, const std::vector<uint64_t>& totals,
                                  int64_t bin) {
  if (totals.empty() || bin <= lane.first_bin) return 0;
  const auto index = static_cast<size_t>(bin - lane.first_bin);
  return index > totals.size() ? totals.back() : totals[index - 1];
}

uint64_t EventStore::count_between(uint16_t lane_index, int64_t from_ns, int64_t to_ns,
                                   bool drops_only) const {
  if (lane_index >= lanes_.size() || to_ns <= from_ns) return 0;
  const Lane& lane = lanes_[lane_index];
  const auto& totals = drops_only ? lane.drops : lane.events;
  // Each bin belongs to the range that holds its start, so ranges side by side count every event
  // once (a range shorter than a bin may count none, or a whole bin).
  const int64_t from_bin = (from_ns + kBinNs - 1) / kBinNs;
  const int64_t to_bin = (to_ns + kBinNs - 1) / kBinNs;
  return total_before(lane, totals, to_bin) - total_before(lane, totals, from_bin);
}

void EventStore::forget_oldest_chunk() {
  const Chunk& oldest = chunks_.front();
  const size_t gone = oldest.events.size();
  for (const std::string& mid : oldest.mids) {
    auto found = by_mid_.find(mid);
    if (found == by_mid_.end()) continue;
    auto& sequences = found->second;
    sequences.erase(sequences.begin(),
                    std::lower_bound(sequences.begin(), sequences.end(), first_ + gone));
    if (sequences.empty()) by_mid_.erase(found);
  }
  chunks_.pop_front();
  first_ += gone;
  count_ -= gone;
}

const EventStore::Stored& EventStore::at(uint64_t sequence) const {
  // Every chunk but the last is full, and the first kept sequence starts the first chunk.
  const uint64_t offset = sequence - first_;
  return chunks_[offset / kChunk].events[offset % kChunk];
}

sim::TraceEvent EventStore::event(uint64_t sequence) const {
  const uint64_t offset = sequence - first_;
  const Chunk& chunk = chunks_[offset / kChunk];
  const Stored& stored = chunk.events[offset % kChunk];
  sim::TraceEvent event;
  event.t_ns = stored.t_ns;
  event.kind = stored.kind;
  event.server = stored.server;
  event.bytes = stored.bytes;
  event.number = stored.number;
  event.socket.assign(texts_[stored.socket]);
  event.nsp.assign(texts_[stored.nsp]);
  event.name.assign(texts_[stored.name]);
  if (stored.mid) event.mid.assign(chunk.mids[stored.mid - 1]);
  event.origin.assign(texts_[stored.origin]);
  event.detail.assign(texts_[stored.detail]);
  return event;
}

int64_t EventStore::time(uint64_t sequence) const {
  return at(sequence).t_ns;
}

uint16_t EventStore::server(uint64_t sequence) const {
  return at(sequence).server;
}

sim::TraceKind EventStore::kind(uint64_t sequence) const {
  return at(sequence).kind;
}

uint64_t EventStore::lower_bound(int64_t t_ns) const {
  uint64_t low = first_;
  uint64_t high = end();
  while (low < high) {
    const uint64_t middle = low + (high - low) / 2;
    if (at(middle).key_ns < t_ns) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

std::vector<uint64_t> EventStore::events_of(std::string_view mid) const {
  auto found = by_mid_.find(std::string(mid));
  return found == by_mid_.end() ? std::vector<uint64_t>{} : found->second;
}

size_t EventStore::memory_bytes() const {
  size_t bytes = chunks_.size() * kChunk * sizeof(Stored);
  for (const auto& chunk : chunks_) {
    for (const auto& mid : chunk.mids)
      bytes += mid.capacity() + sizeof(std::string);
  }
  bytes += by_mid_.size() * 96;
  for (const auto& text : texts_)
    bytes += text.capacity() + sizeof(std::string) + 32;
  for (const auto& lane : lanes_)
    bytes += (lane.events.capacity() + lane.drops.capacity()) * sizeof(uint64_t);
  return bytes;
}

}  // namespace scaleout::gui
