// MessagePack <-> JSON with msgpack-cxx.
#include "scaleout/protocol/msgpack_json.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <msgpack.hpp>

namespace scaleout::protocol {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

// msgpack-c's pack_double writes an integral double as an integer, converting it to uint64_t after
// a range check that lets 2^64 through although it does not fit (undefined behaviour). That one
// value is written here as the float64 it is, like every other double that is not an integer.
void pack_double(Packer& packer, msgpack::sbuffer& buffer, double number) {
  if (number != 0x1p64) {
    packer.pack_double(number);
    return;
  }
  uint64_t bits;
  std::memcpy(&bits, &number, sizeof bits);
  char bytes[9] = {static_cast<char>(0xcb)};
  for (int i = 0; i < 8; ++i)
    bytes[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
  buffer.write(bytes, sizeof bytes);
}

void pack(Packer& packer, msgpack::sbuffer& buffer, const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      packer.pack_nil();
      break;
    case Json::value_t::boolean:
      value.get<bool>() ? packer.pack_true() : packer.pack_false();
      break;
    case Json::value_t::number_integer:
      packer.pack_int64(value.get<int64_t>());
      break;
    case Json::value_t::number_unsigned:
      packer.pack_uint64(value.get<uint64_t>());
      break;
    case Json::value_t::number_float:
      pack_double(packer, buffer, value.get<double>());
      break;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      packer.pack_str(static_cast<uint32_t>(text.size()));
      packer.pack_str_body(text.data(), static_cast<uint32_t>(text.size()));
      break;
    }
    case Json::value_t::binary: {
      const auto& bytes = value.get_binary();
      packer.pack_bin(static_cast<uint32_t>(bytes.size()));
      packer.pack_bin_body(reinterpret_cast<const char*>(bytes.data()),
                           static_cast<uint32_t>(bytes.size()));
      break;
    }
    case Json::value_t::array:
      packer.pack_array(static_cast<uint32_t>(value.size()));
      for (const auto& item : value)
        pack(packer, buffer, item);
      break;
    case Json::value_t::object:
      packer.pack_map(static_cast<uint32_t>(value.size()));
      for (auto it = value.begin(); it != value.end(); ++it) {
        packer.pack_str(static_cast<uint32_t>(it.key().size()));
        packer.pack_str_body(it.key().data(), static_cast<uint32_t>(it.key().size()));
        pack(packer, buffer, it.value());
      }
      break;
  }
}

// MessagePack's timestamp extension (-1), which notepack uses for Date, as ISO-8601 text: what
// JSON.stringify(date) would give a client.
Json timestamp_text(const msgpack::object_ext& ext) {
  int64_t seconds = 0;
  uint32_t nanoseconds = 0;
  const auto* data = reinterpret_cast<const uint8_t*>(ext.data());
  auto be = [&](int from, int count) {
    uint64_t v = 0;
    for (int i = 0; i < count; ++i)
      v = (v << 8) | data[from + i];
    return v;
  };
  if (ext.size == 4) {
    seconds = static_cast<int64_t>(be(0, 4));
  } else if (ext.size == 8) {
    uint64_t v = be(0, 8);
    nanoseconds = static_cast<uint32_t>(v >> 34);
    seconds = static_cast<int64_t>(v & 0x3FFFFFFFFull);
  } else if (ext.size == 12) {
    nanoseconds = static_cast<uint32_t>(be(0, 4));
    seconds = static_cast<int64_t>(be(4, 8));
  } else {
    return nullptr;
  }
  std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  if (!gmtime_r(&time, &utc)) return nullptr;
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03uZ", nanoseconds / 1000000);
  return std::string(text) + millis;
}

Json to_json(const msgpack::object& object) {
  switch (object.type) {
    case msgpack::type::NIL:
      return nullptr;
    case msgpack::type::BOOLEAN:
      return object.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
      return object.via.u64;
    case msgpack::type::NEGATIVE_INTEGER:
      return object.via.i64;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
      return object.via.f64;
    case msgpack::type::STR:
      return std::string(object.via.str.ptr, object.via.str.size);
    case msgpack::type::BIN: {
      const auto* bytes = reinterpret_cast<const uint8_t*>(object.via.bin.ptr);
      return Json::binary(Json::binary_t::container_type(bytes, bytes + object.via.bin.size));
    }
    case msgpack::type::ARRAY: {
      Json array = Json::array();
      for (uint32_t i = 0; i < object.via.array.size; ++i) {
        array.push_back(to_json(object.via.array.ptr[i]));
      }
      return array;
    }
    case msgpack::type::MAP: {
      Json map = Json::object();
      for (uint32_t i = 0; i < object.via.map.size; ++i) {
        const auto& entry = object.via.map.ptr[i];
        // A key that is a map or an array would become JSON text holding the next level's key
        // escaped once more: text that doubles with every level of nesting, a hang for a message
        // of a hundred bytes. notepack never writes one (JavaScript object keys are strings);
        // from_msgpack turns the exception into an error.
        if (entry.key.type == msgpack::type::MAP || entry.key.type == msgpack::type::ARRAY) {
          throw std::invalid_argument("a map key is a map or an array");
        }
        std::string key = entry.key.type == msgpack::type::STR
                              ? std::string(entry.key.via.str.ptr, entry.key.via.str.size)
                              : dump_json(to_json(entry.key));
        map[key] = to_json(entry.val);
      }
      return map;
    }
    case msgpack::type::EXT:
      return object.via.ext.type() == -1 ? timestamp_text(object.via.ext) : Json(nullptr);
  }
  return nullptr;
}

}  // namespace

std::string to_msgpack(const Json& value) {
  msgpack::sbuffer buffer;
  Packer packer(buffer);
  pack(packer, buffer, value);
  return std::string(buffer.data(), buffer.size());
}

// Walks the message once, without allocating, and checks that all the elements its array and map
// headers claim, together, could fit in the bytes that follow them (each takes at least one).
// msgpack-c reserves a container's elements as soon as it reads its header, so without this a
// small message of nested headers could reserve far more memory than it holds.
bool claims_fit(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  size_t pos = 0;
  uint64_t pending = 1;  // the top-level object
  auto read_length = [&](size_t width, uint64_t& value) {
    if (size - pos < width) return false;
    value = 0;
    for (size_t i = 0; i < width; ++i)
      value = (value << 8) | data[pos + i];
    pos += width;
    return true;
  };
  while (pending > 0) {
    if (pos >= size) return false;
    const uint8_t type = data[pos++];
    --pending;
    uint64_t skip = 0;   // payload bytes that follow the header
    uint64_t claim = 0;  // elements that follow (map entries count twice)
    if (type <= 0x7f || type >= 0xe0 || type == 0xc0 || type == 0xc2 || type == 0xc3) {
      // fixint, nil, booleans
    } else if (type <= 0x8f) {
      claim = 2 * (type & 0x0f);
    } else if (type <= 0x9f) {
      claim = type & 0x0f;
    } else if (type <= 0xbf) {
      skip = type & 0x1f;
    } else {
      switch (type) {
        case 0xc4:
        case 0xd9:
          if (!read_length(1, skip)) return false;
          break;  // bin8, str8
        case 0xc5:
        case 0xda:
          if (!read_length(2, skip)) return false;
          break;  // bin16, str16
        case 0xc6:
        case 0xdb:
          if (!read_length(4, skip)) return false;
          break;  // bin32, str32
        case 0xc7:
          if (!read_length(1, skip)) return false;
          ++skip;
          break;  // ext8
        case 0xc8:
          if (!read_length(2, skip)) return false;
          ++skip;
          break;  // ext16
        case 0xc9:
          if (!read_length(4, skip)) return false;
          ++skip;
          break;  // ext32
        case 0xcc:
        case 0xd0:
          skip = 1;
          break;
        case 0xcd:
        case 0xd1:
          skip = 2;
          break;
        case 0xca:
        case 0xce:
        case 0xd2:
          skip = 4;
          break;
        case 0xcb:
        case 0xcf:
        case 0xd3:
          skip = 8;
          break;
        case 0xd4:
          skip = 2;
          break;  // fixext1
        case 0xd5:
          skip = 3;
          break;  // fixext2
        case 0xd6:
          skip = 5;
          break;  // fixext4
        case 0xd7:
          skip = 9;
          break;  // fixext8
        case 0xd8:
          skip = 17;
          break;  // fixext16
        case 0xdc:
          if (!read_length(2, claim)) return false;
          break;  // array16
        case 0xdd:
          if (!read_length(4, claim)) return false;
          break;  // array32
        case 0xde:
          if (!read_length(2, claim)) return false;
          claim *= 2;
          break;  // map16
        case 0xdf:
          if (!read_length(4, claim)) return false;
          claim *= 2;
          break;  // map32
        default:
          return false;  // 0xc1 is never used
      }
    }
    if (skip > size - pos) return false;
    pos += skip;
    pending += claim;
    if (pending > size - pos) return false;
  }
  return true;
}

Result<Json> from_msgpack(std::string_view bytes) {
  if (bytes.empty()) return make_error(ErrorCode::kEmpty, "empty MessagePack message");
  if (!claims_fit(bytes)) {
    return make_error(ErrorCode::kBadMessage,
                      "invalid MessagePack: headers claim more elements than the message holds");
  }
  // Bounds: nothing a peer sends may nest deeper or claim more elements than this. msgpack-c
  // allocates the elements of an array or map when it reads the header, so a header may not claim
  // more than the message can hold (an element takes at least one byte, a map entry two).
  const size_t max_array = std::min<size_t>(bytes.size(), 1 << 20);
  const size_t max_map = std::min<size_t>(bytes.size() / 2, 1 << 20);
  const msgpack::unpack_limit limits(max_array, max_map, /*str=*/64 << 20, /*bin=*/64 << 20,
                                     /*ext=*/1 << 20, /*depth=*/kMaxJsonDepth);
  try {
    std::size_t offset = 0;
    msgpack::object_handle handle =
        msgpack::unpack(bytes.data(), bytes.size(), offset, nullptr, nullptr, limits);
    if (offset != bytes.size()) {
      return make_error(ErrorCode::kBadMessage,
                        std::to_string(bytes.size() - offset) + " trailing bytes");
    }
    return to_json(handle.get());
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kBadMessage, std::string("invalid MessagePack: ") + error.what());
  }
}

}  // namespace scaleout::protocol
