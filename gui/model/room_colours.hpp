// RoomColours: each room gets a colour the first time it is seen, from the Okabe-Ito palette that
// stays distinct for colour-blind viewers. Vermillion is kept for losses (always drawn with an X as
// well, never by colour alone), so rooms cycle through the other seven; a room past the seventh
// shares a colour and is told apart by its label.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace scaleout::gui {

// 0xRRGGBB.
inline constexpr uint32_t kRoomPalette[] = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
                                            0x0072B2, 0xCC79A7, 0x999999};
inline constexpr uint32_t kLossColour = 0xD55E00;    // vermillion
inline constexpr uint32_t kNoRoomColour = 0x7F7F7F;  // a client in no room

class RoomColours {
 public:
  // The palette index of `room` (assigned on first use); -1 for "no room".
  int index_of(const std::string& room) {
    if (room.empty()) return -1;
    auto [found, added] = index_.emplace(room, static_cast<int>(index_.size()));
    return found->second;
  }
  int find(const std::string& room) const {
    auto found = index_.find(room);
    return found == index_.end() ? -1 : found->second;
  }
  static uint32_t rgb(int index) {
    if (index < 0) return kNoRoomColour;
    return kRoomPalette[static_cast<size_t>(index) % std::size(kRoomPalette)];
  }

 private:
  std::unordered_map<std::string, int> index_;
};

}  // namespace scaleout::gui
