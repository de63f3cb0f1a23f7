// ClusterAdapter: the ClusterAdapter protocol's requests, responses and broadcasts.
#include "scaleout/adapter/cluster_adapter.hpp"

#include <random>
#include <type_traits>

#include "adapter_wire.hpp"
#include "request_table.hpp"

namespace scaleout::adapter {

using protocol::ClusterMessage;
using protocol::ClusterMessageType;

namespace {

// Node's randomId(): 8 random bytes as hex. Uids and request ids both.
std::string random_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const uint64_t bits = generator();
  std::string id(16, '0');
  for (size_t i = 0; i < 16; ++i)
    id[i] = kHex[(bits >> (4 * i)) & 15];
  return id;
}

std::string timeout_message(const RequestTable::Request& request) {
  return "timeout reached: only " + std::to_string(request.received) +
         " responses received out of " + std::to_string(request.expected);
}

Json wire_packet(const protocol::SioPacket& packet) {
  Json out;
  out["type"] = 2;
  out["data"] = packet.data ? *packet.data : Json::array();
  return out;
}

Json wire_options(const BroadcastOptions& options) {
  return protocol::options_to_json(to_wire(options), /*with_flags=*/true);
}

// A field of a peer's message, of the type wanted or the fallback: value() would throw.
template <class T>
T field_or(const Json& data, const char* name, T fallback) {
  if (!data.is_object()) return fallback;
  auto found = data.find(name);
  if (found == data.end()) return fallback;
  if constexpr (std::is_same_v<T, bool>) {
    return found->is_boolean() ? found->get<bool>() : fallback;
  } else {
    return found->is_number_unsigned() ? found->get<T>() : fallback;
  }
}

std::optional<BroadcastOptions> options_of(const Json& data) {
  auto opts = protocol::options_from_json(
      data.is_object() && data.contains("opts") ? data["opts"] : Json::object());
  if (!opts) return std::nullopt;
  return from_wire(*opts);
}

}  // namespace

ClusterAdapter::ClusterAdapter(NamespacePort& nsp, boost::asio::io_context& io,
                               AdapterObserver& observer,
                               std::chrono::milliseconds requests_timeout)
    : InMemoryAdapter(nsp),
      observer_(observer),
      requests_timeout_(requests_timeout),
      uid_(random_id()),
      requests_(std::make_unique<RequestTable>(io, timeout_message)),
      ack_requests_(std::make_unique<AckTable>(io)) {}

ClusterAdapter::~ClusterAdapter() {
  *alive_ = false;
}

void ClusterAdapter::close() {
  closed_ = true;
  requests_->clear();
  ack_requests_->clear();
}

void ClusterAdapter::report_error(const std::string& message) {
  observer_.on_adapter_error(nsp_.name(), message);
}

void ClusterAdapter::publish(ClusterMessageType type, Json data, const char* what) {
  if (closed_) return;
  ClusterMessage message{type, std::move(data), uid_, nsp_.name()};
  if (!do_publish(message).sent) {
    report_error(std::string(what) + " not sent to other servers: redis is down");
  }
}

void ClusterAdapter::publish_response(const std::string& requester, ClusterMessageType type,
                                      Json data) {
  if (closed_) return;
  ClusterMessage response{type, std::move(data), uid_, nsp_.name()};
  if (!do_publish_response(requester, response).sent)
    report_error("response not sent: redis is down");
}

// ---- what this server does -----------------------------------------------------------------

void ClusterAdapter::broadcast(const protocol::SioPacket& packet, const BroadcastOptions& options) {
  if (!options.flags.local && packet.data && !closed_) {
    Json data;
    data["packet"] = wire_packet(packet);
    data["opts"] = wire_options(options);
    ClusterMessage message{ClusterMessageType::kBroadcast, std::move(data), uid_, nsp_.name()};
    const Published published = do_publish(message);
    observer_.on_publish(nsp_.name(), published.channel, published.bytes, message_id_of(packet),
                         published.sent);
  }
  broadcast_locally(packet, options);
}

void ClusterAdapter::broadcast_with_ack(const protocol::SioPacket& packet,
                                        const BroadcastOptions& options,
                                        ClientCountCallback client_count, AckCallback ack) {
  if (!options.flags.local && packet.data) {
    const std::string request_id = random_id();
    ack_requests_->start(
        request_id, client_count, ack,
        std::chrono::milliseconds(options.flags.timeout_ms.value_or(requests_timeout_.count())));
    Json data;
    data["packet"] = wire_packet(packet);
    data["requestId"] = request_id;
    data["opts"] = wire_options(options);
    publish(ClusterMessageType::kBroadcast, std::move(data), "broadcast with ack");
  }
  client_count(broadcast_locally_with_ack(packet, options, ack));
}

void ClusterAdapter::fetch_sockets(const BroadcastOptions& options, FetchSocketsCallback done) {
  if (options.flags.local) {
    InMemoryAdapter::fetch_sockets(options, std::move(done));
    return;
  }
  server_count([this, alive = alive_, options, done](size_t servers) {
    if (!*alive) return;
    std::vector<SocketDescription> local = describe_local(options);
    if (servers <= 1 || closed_) {
      done(std::move(local), {});
      return;
    }
    const std::string request_id = random_id();
    RequestTable::Request& pending = requests_->start(
        request_id, static_cast<int>(ClusterMessageType::kFetchSockets), servers - 1,
        std::chrono::milliseconds(options.flags.timeout_ms.value_or(requests_timeout_.count())));
    pending.sockets = std::move(local);
    pending.fetch_done = done;
    Json data;
    data["opts"] = wire_options(options);
    data["requestId"] = request_id;
    publish(ClusterMessageType::kFetchSockets, std::move(data), "fetchSockets");
  });
}

void ClusterAdapter::all_rooms(AllRoomsCallback done) {
  done(local_rooms(),
       "allRooms is not part of the sharded adapter's protocol: this server's rooms only");
}

void ClusterAdapter::server_side_emit(const Json& args, ServerSideAckCallback ack) {
  if (!ack) {
    publish(ClusterMessageType::kServerSideEmit, Json{{"packet", args}}, "serverSideEmit");
    return;
  }
  server_count([this, alive = alive_, args, ack](size_t servers) {
    if (!*alive) return;
    if (servers <= 1 || closed_) {
      ack({}, {});
      return;
    }
    const std::string request_id = random_id();
    RequestTable::Request& pending =
        requests_->start(request_id, static_cast<int>(ClusterMessageType::kServerSideEmit),
                         servers - 1, requests_timeout_);
    pending.emit_done = ack;
    Json data;
    data["requestId"] = request_id;
    data["packet"] = args;
    publish(ClusterMessageType::kServerSideEmit, std::move(data), "serverSideEmitWithAck");
  });
}

void ClusterAdapter::add_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  if (!options.flags.local) {
    publish(ClusterMessageType::kSocketsJoin,
            Json{{"opts", wire_options(options)}, {"rooms", rooms}}, "socketsJoin");
  }
  InMemoryAdapter::add_sockets(options, rooms);
}

void ClusterAdapter::del_sockets(const BroadcastOptions& options, const std::vector<Room>& rooms) {
  if (!options.flags.local) {
    publish(ClusterMessageType::kSocketsLeave,
            Json{{"opts", wire_options(options)}, {"rooms", rooms}}, "socketsLeave");
  }
  InMemoryAdapter::del_sockets(options, rooms);
}

void ClusterAdapter::disconnect_sockets(const BroadcastOptions& options, bool close) {
  if (!options.flags.local) {
    publish(ClusterMessageType::kDisconnectSockets,
            Json{{"opts", wire_options(options)}, {"close", close}}, "disconnectSockets");
  }
  InMemoryAdapter::disconnect_sockets(options, close);
}

// ---- what other servers send ---------------------------------------------------------------

void ClusterAdapter::on_raw_message(std::string_view channel, std::string_view bytes, bool for_us) {
  if (closed_) return;
  auto message = protocol::decode_cluster_message(bytes);
  if (!message) {
    ++decode_errors_;
    report_error("undecodable message on " + std::string(channel) + " (" +
                 std::to_string(bytes.size()) + " bytes): " + message.error().message);
    return;
  }
  if (for_us) {
    on_response(*message);
  } else {
    on_message(std::move(*message), channel, bytes.size());
  }
}

void ClusterAdapter::on_message(ClusterMessage message, std::string_view channel, size_t bytes) {
  if (message.uid == uid_ || message.nsp != nsp_.name()) return;
  const Json& data = message.data;
  if (!data.is_object()) {
    report_error("a message without data on " + std::string(channel));
    return;
  }
  switch (message.type) {
    case ClusterMessageType::kBroadcast:
      answer_broadcast(message, channel, bytes);
      return;
    case ClusterMessageType::kSocketsJoin:
    case ClusterMessageType::kSocketsLeave:
    case ClusterMessageType::kDisconnectSockets: {
      auto options = options_of(data);
      if (!options) {
        report_error("a request with bad opts on " + std::string(channel));
        return;
      }
      if (message.type == ClusterMessageType::kSocketsJoin) {
        InMemoryAdapter::add_sockets(*options, rooms_field(data));
      } else if (message.type == ClusterMessageType::kSocketsLeave) {
        InMemoryAdapter::del_sockets(*options, rooms_field(data));
      } else {
        InMemoryAdapter::disconnect_sockets(*options, field_or(data, "close", false));
      }
      return;
    }
    case ClusterMessageType::kFetchSockets: {
      auto options = options_of(data);
      if (!options) {
        report_error("fetchSockets with bad opts on " + std::string(channel));
        return;
      }
      Json sockets = Json::array();
      for (const auto& socket : describe_local(*options))
        sockets.push_back(describe_to_json(socket));
      publish_response(
          message.uid, ClusterMessageType::kFetchSocketsResponse,
          Json{{"requestId", text_field(data, "requestId")}, {"sockets", std::move(sockets)}});
      return;
    }
    case ClusterMessageType::kServerSideEmit:
      answer_server_side_emit(message);
      return;
    case ClusterMessageType::kFetchSocketsResponse:
    case ClusterMessageType::kServerSideEmitResponse:
    case ClusterMessageType::kBroadcastClientCount:
    case ClusterMessageType::kBroadcastAck:
      // Some transports do not tell responses from messages: Node takes them either way.
      on_response(message);
      return;
    default:
      return;
  }
}

void ClusterAdapter::answer_broadcast(const ClusterMessage& message, std::string_view channel,
                                      size_t bytes) {
  const Json& data = message.data;
  if (!data.contains("packet") || !data["packet"].is_object() || !data["packet"].contains("data") ||
      !data["packet"]["data"].is_array() || data["packet"]["data"].empty()) {
    report_error("a broadcast without an event packet on " + std::string(channel));
    return;
  }
  auto options = options_of(data);
  if (!options) {
    report_error("a broadcast with bad opts on " + std::string(channel));
    return;
  }
  protocol::SioPacket packet = event_packet(nsp_.name(), data["packet"]["data"]);
  if (!data.contains("requestId")) {
    observer_.on_redis_receive(nsp_.name(), channel, bytes, message.uid, message_id_of(packet));
    broadcast_locally(packet, *options);
    return;
  }
  const Json request_id = data["requestId"];
  const std::string requester = message.uid;
  const size_t count = broadcast_locally_with_ack(
      packet, *options, [this, alive = alive_, requester, request_id](Json args) {
        if (!*alive) return;
        publish_response(requester, ClusterMessageType::kBroadcastAck,
                         Json{{"requestId", request_id},
                              {"packet", args.is_array() && !args.empty() ? args[0] : Json()}});
      });
  publish_response(requester, ClusterMessageType::kBroadcastClientCount,
                   Json{{"requestId", request_id}, {"clientCount", count}});
}

void ClusterAdapter::answer_server_side_emit(const ClusterMessage& message) {
  const Json& data = message.data;
  Json args = data.contains("packet") && data["packet"].is_array() ? data["packet"] : Json::array();
  if (!data.contains("requestId")) {
    nsp_.on_server_side_emit(args, {});
    return;
  }
  auto answered = std::make_shared<bool>(false);
  nsp_.on_server_side_emit(args, [this, alive = alive_, answered, requester = message.uid,
                                  request_id = data["requestId"]](Json reply) {
    // Only the first answer counts, and only its first argument, as in Node.
    if (!*alive || *answered) return;
    *answered = true;
    publish_response(requester, ClusterMessageType::kServerSideEmitResponse,
                     Json{{"requestId", request_id},
                          {"packet", reply.is_array() && !reply.empty() ? reply[0] : Json()}});
  });
}

void ClusterAdapter::on_response(const ClusterMessage& response) {
  if (!response.data.is_object()) return;
  const std::string request_id = text_field(response.data, "requestId");
  switch (response.type) {
    case ClusterMessageType::kBroadcastClientCount:
      ack_requests_->client_count(request_id, field_or(response.data, "clientCount", size_t{0}));
      return;
    case ClusterMessageType::kBroadcastAck:
      ack_requests_->ack(request_id,
                         response.data.contains("packet") ? response.data["packet"] : Json());
      return;
    case ClusterMessageType::kFetchSocketsResponse: {
      RequestTable::Request* pending = requests_->find(request_id);
      if (!pending) return;
      if (response.data.contains("sockets") && response.data["sockets"].is_array()) {
        for (const auto& socket : response.data["sockets"]) {
          if (auto described = describe_from_json(socket)) pending->sockets.push_back(*described);
        }
      }
      requests_->count_reply(request_id);
      return;
    }
    case ClusterMessageType::kServerSideEmitResponse: {
      RequestTable::Request* pending = requests_->find(request_id);
      if (!pending) return;
      pending->replies.push_back(response.data.contains("packet") ? response.data["packet"]
                                                                  : Json());
      requests_->count_reply(request_id);
      return;
    }
    default:
      return;
  }
}

}  // namespace scaleout::adapter
