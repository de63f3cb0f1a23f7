// Small blocking socket helpers for the child servers we start: pick a free port, and one
// request/reply exchange to tell whether a server answers (a RESP PING, a memcached `version`).
// Deliberately tiny and blocking: they run at start-up and in tests, never on a server's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scaleout::sim {

// A port that was free a moment ago on `host` (IPv4 or IPv6 literal): binds port 0, reads the
// port the kernel chose and closes the socket. Somebody else may take it before we use it, so
// callers retry with another port when the bind fails. Throws std::runtime_error if `host` is not
// an address literal or the bind fails.
uint16_t pick_free_port(const std::string& host = "127.0.0.1");

// Connects to host:port, sends `request` and reads until `lines` complete "\r\n"-terminated
// lines arrived. Returns those lines without their "\r\n", or nothing when the connection is
// refused or closed early, or `timeout` (for the whole exchange) runs out.
std::optional<std::vector<std::string>> exchange_lines(const std::string& host, uint16_t port,
                                                       std::string_view request, size_t lines,
                                                       std::chrono::milliseconds timeout);

// `words` as a RESP array of bulk strings, the form every Redis command takes on the wire.
std::string resp_command(const std::vector<std::string>& words);

}  // namespace scaleout::sim
