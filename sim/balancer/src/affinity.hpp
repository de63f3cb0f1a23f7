// Affinity: what in a request or response ties a client to one backend. The sid in the query
// (Engine.IO's session id), the sticky cookie, and the sid a handshake reply announces in its
// open packet (`0{"sid":"..."`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "messages.hpp"

namespace scaleout::sim {

inline constexpr std::string_view kStickyCookieName = "scaleout_server";

// The `sid` query parameter, if any.
std::optional<std::string> request_sid(const ProxyRequest& request);
// The value of the sticky cookie, if the request carries it.
std::optional<std::string> request_sticky_cookie(const ProxyRequest& request);
// The Set-Cookie value that pins a client to `backend`.
std::string sticky_cookie_for(std::string_view backend);
// The sid of the session a polling handshake reply opens, if it is one.
std::optional<std::string> handshake_sid(const ProxyRequest& request,
                                         const ProxyResponse& response);

}  // namespace scaleout::sim
