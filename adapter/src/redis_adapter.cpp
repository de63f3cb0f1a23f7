// RedisAdapter: publish, subscribe, and the request/response protocol of the classic adapter.
#include "scaleout/adapter/redis_adapter.hpp"

#include "adapter_wire.hpp"
#include "request_table.hpp"
#include "scaleout/protocol/adapter_message.hpp"
#include "scaleout/protocol/msgpack_json.hpp"

namespace scaleout::adapter {

using protocol::RequestType;

namespace {

// Node's uid2(6) gives the node uid and the request ids.
constexpr size_t kIdLength = 6;

// Escapes Redis glob characters so that a key or namespace matches only itself.
std::string glob_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// What a request that timed out says, in Node's words.
std::string timeout_message(const RequestTable::Request& request) {
  switch (static_cast<RequestType>(request.type)) {
    case RequestType::kRemoteFetch:
      return "timeout reached while waiting for fetchSockets response";
    case RequestType::kAllRooms:
      return "timeout reached while waiting for allRooms response";
    default:
      return "timeout reached: only " + std::to_string(request.replies.size()) +
             " responses received out of " + std::to_string(request.expected);
  }
}

}  // namespace

AdapterChannels::AdapterChannels(const std::string& key, const std::string& nsp,
                                 const std::string& uid)
    : broadcast(key + "#" + nsp + "#"),
      request(key + "-request#" + nsp + "#"),
      response(key + "-response#" + nsp + "#"),
      specific_response(key + "-response#" + nsp + "#" + uid + "#"),
      pattern(glob_escape(key) + "#" + glob_escape(nsp) + "#*") {}

RedisAdapter::RedisAdapter(NamespacePort& nsp, RedisLink& link, AdapterObserver& observer,
                           RedisAdapterOptions options)
    : InMemoryAdapter(nsp),
      link_(link),
      observer_(observer),
      options_(std::move(options)),
      uid_(random_token(kIdLength)),
      channels_(options_.key, nsp.name(), uid_),
      requests_(std::make_unique<RequestTable>(link.io(), timeout_message)),
      ack_requests_(std::make_unique<AckTable>(link.io())) {
  link_.psubscribe(channels_.pattern, [this](std::string_view channel, std::string_view payload) {
    on_broadcast(channel, payload);
  });
  link_.subscribe(channels_.request,
                  [this](std::string_view, std::string_view payload) { on_request(payload); });
  auto responses = [this](std::string_view, std::string_view payload) { on_response(payload); };
  link_.subscribe(channels_.response, responses);
  link_.subscribe(channels_.specific_response, responses);
}

RedisAdapter::~RedisAdapter() {
  *alive_ = false;
  close();
}

void RedisAdapter::close() {
  if (closed_) return;
  closed_ = true;
  link_.punsubscribe(channels_.pattern);
  link_.unsubscribe(channels_.request);
  link_.unsubscribe(channels_.response);
  link_.unsubscribe(channels_.specific_response);
  requests_->clear();
  ack_requests_->clear();
}

void RedisAdapter::report_error(const std::string& message) {
  observer_.on_adapter_error(nsp_.name(), message);
}

// ---- broadcasts --------------------------------------------------------------------------

void RedisAdapter::broadcast(const protocol::SioPacket& packet, const BroadcastOptions& options) {
  if (!options.flags.local && packet.data) {
    protocol::BroadcastMessage message;
    message.uid = uid_;
    message.nsp = nsp_.name();
    message.data = *packet.data;
    message.opts = to_wire(options);
    std::string bytes = protocol::encode_broadcast_message(message);
    const std::string channel =
        options.rooms.size() == 1 ? channels_.room(options.rooms.front()) : channels_.broadcast;
    const bool sent = link_.publish(channel, bytes);
    observer_.on_publish(nsp_.name(), channel, bytes.size(), message_id_of(packet), sent);
  }
  broadcast_locally(packet, options);
}

void RedisAdapter::on_broadcast(std::string_view channel, std::string_view payload) {
  if (!channel.starts_with(channels_.broadcast)) return;
  std::string_view room = channel.substr(channels_.broadcast.size());
  if (!room.empty()) {
    if (room.back() == '#') room.remove_suffix(1);
    // A room channel for a room nobody here is in: dropped before decoding, as Node does.
    if (!has_room(std::string(room))) return;
  }
  // Our own publish, echoed back: dropped before the cost of decoding it.
  if (auto sender = protocol::peek_broadcast_uid(payload); sender && *sender == uid_) return;
  auto message = protocol::decode_broadcast_message(payload);
  if (!message) {
    ++decode_errors_;
    report_error("undecodable message on " + std::string(channel) + " (" +
                 std::to_string(payload.size()) + " bytes): " + message.error().message);
    return;
  }
  if (message->uid == uid_) return;  // our own publish, echoed back
  if (message->nsp != nsp_.name()) return;
  protocol::SioPacket packet = event_packet(nsp_.name(), std::move(message->data));
  observer_.on_redis_receive(nsp_.name(), channel, payload.size(), message->uid,
                             message_id_of(packet));
  broadcast_locally(packet, from_wire(message->opts));
}

void RedisAdapter::broadcast_with_ack(const protocol::SioPacket& packet,
                                      const BroadcastOptions& options,
                                      ClientCountCallback client_count, AckCallback ack) {
  if (!options.flags.local && packet.data) {
    const std::string request_id = random_token(kIdLength);
    Json wire_packet;
    wire_packet["type"] = 2;
    wire_packet["data"] = *packet.data;
    wire_packet["nsp"] = nsp_.name();
    Json request;
    request["uid"] = uid_;
    request["requestId"] = request_id;
    request["type"] = static_cast<int>(RequestType::kBroadcast);
    request["packet"] = std::move(wire_packet);
    request["opts"] = protocol::options_to_json(to_wire(options), /*with_flags=*/true);
    ack_requests_->start(request_id, client_count, ack,
                         std::chrono::milliseconds(
                             options.flags.timeout_ms.value_or(options_.requests_timeout.count())));
    publish_request(request, /*as_msgpack=*/true, "broadcast with ack");
  }
  client_count(broadcast_locally_with_ack(packet, options, ack));
}

// ---- requests from other servers ---------------------------------------------------------

void RedisAdapter::on_request(std::string_view payload) {
  auto decoded = protocol::decode_adapter_object(payload);
  if (!decoded) {
    ++decode_errors_;
    report_error("undecodable request on " + channels_.request + ": " + decoded.error().message);
    return;
  }
  const Json& request = *decoded;
  const auto type = static_cast<RequestType>(request["type"].get<int>());
  const std::string request_id = text_field(request, "requestId");
  const std::string sender = text_field(request, "uid");
  auto options_of = [&]() -> std::optional<BroadcastOptions> {
    auto opts = protocol::options_from_json(request.value("opts", Json::object()));
    if (!opts) {
      report_error("request with bad opts: " + opts.error().message);
      return std::nullopt;
    }
    return from_wire(*opts);
  };
  auto rooms_of = [&]() { return rooms_field(request); };

  switch (type) {
    case RequestType::kSockets:
    case RequestType::kRemoteFetch: {
      if (requests_->contains(request_id)) return;  // our own request
      Json response;
      response["requestId"] = request_id;
      if (type == RequestType::kSockets) {
        std::vector<Room> rooms = rooms_of();
        BroadcastOptions options;
        options.rooms = rooms;
        response["sockets"] = local_sockets(options);
      } else {
        auto options = options_of();
        if (!options) return;
        Json sockets = Json::array();
        for (const auto& socket : describe_local(*options))
          sockets.push_back(describe_to_json(socket));
        response["sockets"] = std::move(sockets);
      }
      publish_response(request, response, false);
      return;
    }
    case RequestType::kAllRooms: {
      if (requests_->contains(request_id)) return;
      Json response;
      response["requestId"] = request_id;
      response["rooms"] = local_rooms();
      publish_response(request, response, false);
      return;
    }
    case RequestType::kRemoteJoin:
    case RequestType::kRemoteLeave:
    case RequestType::kRemoteDisconnect: {
      // Every server applies these, the sender too (its own echo), as Node does.
      if (request.contains("opts")) {
        auto options = options_of();
        if (!options) return;
        if (type == RequestType::kRemoteJoin) {
          InMemoryAdapter::add_sockets(*options, rooms_of());
        } else if (type == RequestType::kRemoteLeave) {
          InMemoryAdapter::del_sockets(*options, rooms_of());
        } else {
          InMemoryAdapter::disconnect_sockets(*options, request.value("close", false));
        }
        return;
      }
      // The older form names one socket and wants an answer.
      const std::string sid = text_field(request, "sid");
      if (sid.empty() || socket_rooms(sid).empty()) return;
      if (type == RequestType::kRemoteJoin) {
        add_all(sid, {text_field(request, "room")});
      } else if (type == RequestType::kRemoteLeave) {
        del(sid, text_field(request, "room"));
      } else {
        nsp_.disconnect_socket(sid, request.value("close", false));
      }
      publish_response(request, Json{{"requestId", request_id}}, false);
      return;
    }
    case RequestType::kServerSideEmit:
      if (sender == uid_) return;
      answer_server_side_emit(request);
      return;
    case RequestType::kBroadcast:
      if (ack_requests_->contains(request_id)) return;  // our own
      answer_broadcast_with_ack(request);
      return;
    default:
      return;
  }
}

void RedisAdapter::answer_server_side_emit(const Json& request) {
  Json args =
      request.contains("data") && request["data"].is_array() ? request["data"] : Json::array();
  if (!request.contains("requestId")) {
    nsp_.on_server_side_emit(args, {});
    return;
  }
  auto answered = std::make_shared<bool>(false);
  nsp_.on_server_side_emit(args, [this, alive = alive_, request, answered](Json reply) {
    if (!*alive || *answered) return;
    *answered = true;
    Json response;
    response["type"] = static_cast<int>(RequestType::kServerSideEmit);
    response["requestId"] = request["requestId"];
    response["data"] = reply.is_array() && !reply.empty() ? reply[0] : Json();
    publish_response(request, response, false);
  });
}

void RedisAdapter::answer_broadcast_with_ack(const Json& request) {
  if (!request.contains("packet") || !request["packet"].is_object()) {
    report_error("broadcast-with-ack request without a packet");
    return;
  }
  const Json& wire_packet = request["packet"];
  if (!wire_packet.contains("data") || !wire_packet["data"].is_array() ||
      wire_packet["data"].empty()) {
    report_error("broadcast-with-ack request whose packet has no data");
    return;
  }
  auto opts = protocol::options_from_json(request.value("opts", Json::object()));
  if (!opts) {
    report_error("broadcast-with-ack request with bad opts: " + opts.error().message);
    return;
  }
  const Json request_id = request["requestId"];
  size_t count = broadcast_locally_with_ack(
      event_packet(nsp_.name(), wire_packet["data"]), from_wire(*opts),
      [this, alive = alive_, request, request_id](Json args) {
        if (!*alive) return;
        Json response;
        response["type"] = static_cast<int>(RequestType::kBroadcastAck);
        response["requestId"] = request_id;
        response["packet"] = args.is_array() && !args.empty() ? args[0] : Json();
        publish_response(request, response, /*as_msgpack=*/true);
      });
  Json response;
  response["type"] = static_cast<int>(RequestType::kBroadcastClientCount);
  response["requestId"] = request_id;
  response["clientCount"] = count;
  publish_response(request, response, false);
}

void RedisAdapter::publish_response(const Json& request, const Json& response, bool as_msgpack) {
  const std::string requester = text_field(request, "uid");
  const std::string channel =
      requester.empty() ? channels_.response : channels_.response + requester + "#";
  const std::string bytes =
      as_msgpack ? protocol::to_msgpack(response) : protocol::dump_json(response);
  if (!link_.publish(channel, bytes)) report_error("response not sent: redis is down");
}

// ---- requests we make --------------------------------------------------------------------

void RedisAdapter::publish_request(const Json& request, bool as_msgpack, const char* what) {
  const std::string bytes =
      as_msgpack ? protocol::to_msgpack(request) : protocol::dump_json(request);
  if (!link_.publish(channels_.request, bytes)) {
    report_error(std::string(what) + " not sent to other servers: redis is down");
  }
}

void RedisAdapter::on_response(std::string_view payload) {
  auto decoded = protocol::decode_adapter_object(payload, /*require_type=*/false);
  if (!decoded) {
    ++decode_errors_;
    report_error("undecodable response on " + channels_.response + ": " + decoded.error().message);
    return;
  }
  const Json& response = *decoded;
  const std::string request_id = text_field(response, "requestId");
  if (ack_requests_->contains(request_id)) {
    const int type = response.value("type", -1);
    if (type == static_cast<int>(RequestType::kBroadcastClientCount)) {
      ack_requests_->client_count(request_id, response.value("clientCount", size_t{0}));
    } else if (type == static_cast<int>(RequestType::kBroadcastAck)) {
      ack_requests_->ack(request_id, response.contains("packet") ? response["packet"] : Json());
    }
    return;
  }
  RequestTable::Request* pending = requests_->find(request_id);
  if (!pending) return;  // another server's request
  switch (static_cast<RequestType>(pending->type)) {
    case RequestType::kRemoteFetch:
      if (response.contains("sockets") && response["sockets"].is_array()) {
        for (const auto& socket : response["sockets"]) {
          if (auto described = describe_from_json(socket)) pending->sockets.push_back(*described);
        }
      }
      break;
    case RequestType::kAllRooms:
      for (auto& room : rooms_field(response))
        pending->rooms.insert(std::move(room));
      break;
    case RequestType::kServerSideEmit:
      pending->replies.push_back(response.contains("data") ? response["data"] : Json());
      break;
    default:
      return;
  }
  requests_->count_reply(request_id);
}

void RedisAdapter::server_count(ServerCountCallback done) {
  // Summed over the primaries on a cluster, as Node does; when Redis is down, as far as anyone
  // can tell, we are alone.
  link_.count_subscribers(SubscriptionKind::kChannel, channels_.request,
                          [done, alive = alive_](size_t total, bool) {
                            if (*alive) done(std::max<size_t>(1, total));
                          });
}

void RedisAdapter::fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) {
  if (options.flags.local) {
    InMemoryAdapter::fetch_sockets(options, std::move(done));
    return;
  }
  server_count([this, alive = alive_, options, done](size_t servers) {
    if (!*alive) return;
    std::vector<SocketDescription> local = describe_local(options);
    if (servers <= 1) {
      done(std::move(local), {});
      return;
    }
    const std::string request_id = random_token(kIdLength);
    RequestTable::Request& pending =
        requests_->start(request_id, static_cast<int>(RequestType::kRemoteFetch), servers,
                         options_.requests_timeout);
    pending.received = 1;  // ourselves
    pending.sockets = std::move(local);
    pending.fetch_done = done;
    Json request;
    request["uid"] = uid_;
    request["requestId"] = request_id;
    request["type"] = static_cast<int>(RequestType::kRemoteFetch);
    request["opts"] = protocol::options_to_json(to_wire(options), /*with_flags=*/false);
    publish_request(request, false, "fetchSockets");
  });
}

void RedisAdapter::all_rooms(AllRoomsCallback done) {
  server_count([this, alive = alive_, done](size_t servers) {
    if (!*alive) return;
    std::vector<Room> local = local_rooms();
    if (servers <= 1) {
      done(std::move(local), {});
      return;
    }
    const std::string request_id = random_token(kIdLength);
    RequestTable::Request& pending = requests_->start(
        request_id, static_cast<int>(RequestType::kAllRooms), servers, options_.requests_timeout);
    pending.received = 1;
    pending.rooms.insert(local.begin(), local.end());
    pending.rooms_done = done;
    Json request;
    request["uid"] = uid_;
    request["requestId"] = request_id;
    request["type"] = static_cast<int>(RequestType::kAllRooms);
    publish_request(request, false, "allRooms");
  });
}

void RedisAdapter::server_side_emit(const Json& args, ServerSideAckCallback ack) {
  Json request;
  request["uid"] = uid_;
  if (!ack) {
    request["type"] = static_cast<int>(RequestType::kServerSideEmit);
    request["data"] = args;
    publish_request(request, false, "serverSideEmit");
    return;
  }
  server_count([this, alive = alive_, args, ack, request](size_t servers) mutable {
    if (!*alive) return;
    if (servers <= 1) {
      ack({}, {});
      return;
    }
    const std::string request_id = random_token(kIdLength);
    RequestTable::Request& pending =
        requests_->start(request_id, static_cast<int>(RequestType::kServerSideEmit), servers - 1,
                         options_.requests_timeout);
    pending.emit_done = ack;
    request["requestId"] = request_id;
    request["type"] = static_cast<int>(RequestType::kServerSideEmit);
    request["data"] = args;
    publish_request(request, false, "serverSideEmitWithAck");
  });
}

void RedisAdapter::add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  if (options.flags.local) {
    InMemoryAdapter::add_sockets(options, rooms);
    return;
  }
  // Only published: every server, this one included, applies it when the message comes back.
  Json request;
  request["uid"] = uid_;
  request["type"] = static_cast<int>(RequestType::kRemoteJoin);
  request["opts"] = protocol::options_to_json(to_wire(options), false);
  request["rooms"] = rooms;
  publish_request(request, false, "socketsJoin");
}

void RedisAdapter::del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  if (options.flags.local) {
    InMemoryAdapter::del_sockets(options, rooms);
    return;
  }
  Json request;
  request["uid"] = uid_;
  request["type"] = static_cast<int>(RequestType::kRemoteLeave);
  request["opts"] = protocol::options_to_json(to_wire(options), false);
  request["rooms"] = rooms;
  publish_request(request, false, "socketsLeave");
}

void RedisAdapter::disconnect_sockets(const BroadcastOptions& options, bool close) {
  if (options.flags.local) {
    InMemoryAdapter::disconnect_sockets(options, close);
    return;
  }
  Json request;
  request["uid"] = uid_;
  request["type"] = static_cast<int>(RequestType::kRemoteDisconnect);
  request["opts"] = protocol::options_to_json(to_wire(options), false);
  request["close"] = close;
  publish_request(request, false, "disconnectSockets");
}

}  // namespace scaleout::adapter
