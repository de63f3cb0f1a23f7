// libFuzzer target for what another node publishes on Redis: the Redis adapter's broadcast
// messages and request/response objects, the MessagePack codec under them, and JSON parsing. The
// first byte of the input picks the decoder (its value modulo 4, so the seeds start with an ASCII
// digit); the rest is its input:
//   '0'  a broadcast [uid, packet, opts] (decode_broadcast_message)
//   '1'  a request or response, JSON or msgpack (decode_adapter_object, with and without type)
//   '2'  any MessagePack document (from_msgpack)
//   '3'  any JSON document (parse_json)
// Whatever decodes is encoded again and must decode to the same thing; nothing may crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "scaleout/protocol/adapter_message.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/protocol/msgpack_json.hpp"

using namespace scaleout::protocol;

namespace {

// Two documents are the same when their msgpack encodings are: unlike Json's operator==, this
// holds for NaN (which msgpack carries) and still tells every type and value apart.
bool same_json(const Json& a, const Json& b) {
  return to_msgpack(a) == to_msgpack(b);
}

// decode, encode, decode: the same document, and encoding it again gives the same bytes.
void check_msgpack_round_trip(const Json& value) {
  const std::string bytes = to_msgpack(value);
  auto again = from_msgpack(bytes);
  FUZZ_CHECK(again);
  FUZZ_CHECK(to_msgpack(*again) == bytes);
}

// parse, dump, parse: the same text. (A number too large for a double parses as infinity and is
// dumped as null, as JSON.stringify does, so texts rather than documents are compared.)
void check_json_round_trip(const Json& value) {
  const std::string text = dump_json(value);
  auto again = parse_json(text);
  FUZZ_CHECK(again);
  FUZZ_CHECK(dump_json(*again) == text);
}

void fuzz_broadcast(std::string_view input) {
  auto message = decode_broadcast_message(input);
  if (!message) return;
  FUZZ_CHECK(message->data.is_array() && !message->data.empty());
  FUZZ_CHECK(message->opts.flags.is_object());
  auto again = decode_broadcast_message(encode_broadcast_message(*message));
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->uid == message->uid);
  FUZZ_CHECK(again->nsp == message->nsp);
  FUZZ_CHECK(same_json(again->data, message->data));
  FUZZ_CHECK(again->opts.rooms == message->opts.rooms);
  FUZZ_CHECK(again->opts.except == message->opts.except);
  FUZZ_CHECK(same_json(again->opts.flags, message->opts.flags));
  // A request's "opts" carries the same rooms.
  auto opts = options_from_json(options_to_json(message->opts, true));
  FUZZ_CHECK(opts);
  FUZZ_CHECK(opts->rooms == message->opts.rooms && opts->except == message->opts.except);
}

void fuzz_adapter_object(std::string_view input) {
  auto typed = decode_adapter_object(input, /*require_type=*/true);
  auto untyped = decode_adapter_object(input, /*require_type=*/false);
  if (typed) FUZZ_CHECK(untyped && same_json(*typed, *untyped));
  if (!untyped) return;
  FUZZ_CHECK(untyped->is_object());
  // A node answers in either form: msgpack (never starts with '{') and, without binary, JSON.
  const std::string bytes = to_msgpack(*untyped);
  auto from_bytes = decode_adapter_object(bytes, typed.ok());
  FUZZ_CHECK(from_bytes && same_json(*from_bytes, *untyped));
  if (input.front() == '{') {
    check_json_round_trip(*untyped);
    FUZZ_CHECK(decode_adapter_object(dump_json(*untyped), typed.ok()));
  }
}

void fuzz_msgpack(std::string_view input) {
  auto value = from_msgpack(input);
  if (!value) return;
  check_msgpack_round_trip(*value);
}

void fuzz_json(std::string_view input) {
  auto value = parse_json(input);
  if (!value) return;
  check_json_round_trip(*value);
  check_msgpack_round_trip(*value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      fuzz_broadcast(input);
      break;
    case 1:
      fuzz_adapter_object(input);
      break;
    case 2:
      fuzz_msgpack(input);
      break;
    case 3:
      fuzz_json(input);
      break;
  }
  return 0;
}
