// Redis Cluster's key-to-slot function: CRC16 (XMODEM) of the key, or of its hash tag (the text
// between the first '{' and the next '}', when not empty), modulo 16384. Shard channels map to
// slots the same way, which is how SSUBSCRIBE and SPUBLISH find their node.
#pragma once

#include <cstdint>
#include <string_view>

namespace scaleout::adapter {

inline constexpr uint16_t kClusterSlots = 16384;

// CRC16/XMODEM: polynomial 0x1021, initial value 0, no reflection, no final xor.
uint16_t crc16_xmodem(std::string_view bytes);
uint16_t key_hash_slot(std::string_view key);

}  // namespace scaleout::adapter
