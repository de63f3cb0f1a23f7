// Result<T>: a value or a ProtocolError. Every parser in protocol/ returns one instead of throwing,
// so that nothing a peer sends can unwind past the module boundary. (std::expected would do, but
// the clang 14 used for the fuzzers cannot compile libstdc++'s <expected>.)
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace scaleout::protocol {

enum class ErrorCode {
  kEmpty,               // nothing to decode
  kUnknownType,         // a packet type that the protocol does not define
  kBadJson,             // the JSON part does not parse, or nests too deeply
  kBadPayload,          // well-formed JSON of the wrong shape for the packet type
  kBadAttachments,      // attachment count or placeholder out of range
  kTooManyAttachments,  // more than kMaxAttachments
  kReservedEvent,       // an event name reserved by Socket.IO
  kBadAckId,            // an ack id that does not fit in 53 bits
  kBadBase64,           // a 'b' polling packet whose data is not base64
  kUnexpectedBinary,    // binary data where text was expected, or the reverse
  kBadFrame,            // a WebSocket frame that breaks RFC 6455
  kTooLarge,            // over a configured size limit
  kBadMessage,          // an adapter message that does not decode
};

struct ProtocolError {
  ErrorCode code;
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(ProtocolError error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const ProtocolError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, ProtocolError> state_;
};

inline ProtocolError make_error(ErrorCode code, std::string message) {
  return ProtocolError{code, std::move(message)};
}

}  // namespace scaleout::protocol
