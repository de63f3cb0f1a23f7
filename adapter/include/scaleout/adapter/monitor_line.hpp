// One line of Redis' MONITOR output as the command's words:
//   1339518083.107412 [0 127.0.0.1:60866] "SPUBLISH" "socket.io#/#room#" "{\"type\":3,...}"
// Redis quotes each word and escapes \\ \" \n \r \t \a \b and other bytes as \xHH (sdscatrepr),
// so binary payloads come back byte for byte. The observer reads the sharded adapter's SPUBLISHes
// this way: a shard channel has no pattern subscription, and subscribing to one would make the
// observer count as a server in PUBSUB SHARDNUMSUB.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scaleout::adapter {

// nullopt for a line that is not a MONITOR line (OK, an error, a cut line).
std::optional<std::vector<std::string>> parse_monitor_line(std::string_view line);

}  // namespace scaleout::adapter
