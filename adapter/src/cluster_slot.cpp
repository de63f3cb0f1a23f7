// key_hash_slot on Boost.CRC, with Redis' hash-tag rule.
#include "scaleout/adapter/cluster_slot.hpp"

#include <boost/crc.hpp>

namespace scaleout::adapter {

uint16_t crc16_xmodem(std::string_view bytes) {
  boost::crc_optimal<16, 0x1021, 0, 0, false, false> crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return static_cast<uint16_t>(crc.checksum());
}

uint16_t key_hash_slot(std::string_view key) {
  if (auto open = key.find('{'); open != std::string_view::npos) {
    auto close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1) {
      key = key.substr(open + 1, close - open - 1);
    }
  }
  return crc16_xmodem(key) & (kClusterSlots - 1);
}

}  // namespace scaleout::adapter
