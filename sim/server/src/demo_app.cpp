// DemoApp: welcome, join, leave, say, whoami, ask, and the shared state (remember, recall); the
// class's question is in demo_app_questions.cpp.
#include "scaleout/server/demo_app.hpp"

#include <hiredis/hiredis.h>

#include <array>
#include <variant>

#include "scaleout/adapter/redis_link.hpp"
#include "scaleout/server/namespace.hpp"
#include "scaleout/server/socket.hpp"
#include "scaleout/web/plain_text.hpp"

namespace scaleout::sim {

using protocol::Json;

namespace {

Json rooms_of(const Socket& socket) {
  Json rooms = Json::array();
  for (const auto& room : socket.rooms())
    rooms.push_back(room);
  return rooms;
}

// A room argument: a string (a number is taken as its text, as Node's Map would not be).
std::optional<std::string> room_argument(const Json& args) {
  if (args.empty()) return std::nullopt;
  if (args[0].is_string()) return args[0].get<std::string>();
  if (args[0].is_number_integer()) return args[0].dump();
  return std::nullopt;
}

Json error_ack(std::string message) {
  return Json::array({Json{{"error", std::move(message)}}});
}

// Rooms the namespace holds on this server, its sockets' own rooms left out.
size_t shared_room_count(Namespace& nsp) {
  return nsp.adapter().local_room_count() - nsp.socket_count();
}

bool room_exists(Namespace& nsp, const std::string& room) {
  adapter::BroadcastOptions in_room;
  in_room.rooms.push_back(room);
  return !nsp.adapter().local_sockets(in_room).empty();
}

// What a shared-state event is about: whose data, which store, which key.
struct StateRequest {
  std::string user;
  std::string store;
  std::string key;
};

// The request in `args`, or the error to ack.
std::variant<StateRequest, std::string> state_request(const Socket& socket, const Json& args,
                                                      std::string_view event) {
  if (args.empty() || !args[0].is_object()) {
    return std::string(event) + " expects an object {store, key" +
           (event == "remember" ? ", value}" : "}");
  }
  const Json& message = args[0];
  StateRequest request;
  request.store = message.value("store", "");
  if (request.store != "redis" && request.store != "memory") {
    return std::string(event) + ": store must be \"redis\" or \"memory\"";
  }
  if (!message.contains("key") || !message["key"].is_string() ||
      message["key"].get_ref<const std::string&>().empty()) {
    return std::string(event) + ": key must be a non-empty string";
  }
  request.key = message["key"].get<std::string>();
  if (message.contains("user") && message["user"].is_string()) {
    request.user = message["user"].get<std::string>();
  } else {
    const Json auth = socket.handshake()["auth"];
    request.user = auth.is_object() && auth.contains("name") && auth["name"].is_string()
                       ? auth["name"].get<std::string>()
                       : socket.id();
  }
  return request;
}

std::string hash_of(const std::string& user) {
  return "demo:user:" + user;
}

}  // namespace

std::string DemoApp::refuse_connection(const Json& auth) {
  auto name = auth.find("name");
  if (name == auth.end() || limits_.max_name_chars == 0) return {};
  if (!name->is_string()) return "name: must be text";
  return check_plain_text("name", name->get_ref<const std::string&>(), limits_.max_name_chars);
}

std::string DemoApp::check_room(Socket& socket, const std::string& room, bool joining) const {
  if (limits_.max_room_chars > 0) {
    if (std::string why = check_plain_text("room", room, limits_.max_room_chars); !why.empty())
      return why;
  }
  if (joining && limits_.max_rooms > 0 && !room_exists(socket.nsp(), room) &&
      shared_room_count(socket.nsp()) >= limits_.max_rooms) {
    return "room: this server already holds " + std::to_string(limits_.max_rooms) +
           " rooms; join one of those";
  }
  return {};
}

void DemoApp::on_server_start(adapter::RedisLink* redis) {
  redis_ = redis;
  memory_.clear();
  votes_.clear();
}

EventTag DemoApp::tag_event(const std::string& event, Json& args) {
  if ((event != "say" && event != "answer") || args.empty() || !args[0].is_object()) return {};
  Json& message = args[0];
  if (event == "answer") {
    // A vote is broadcast to the teacher's room under a message id of this server's own.
    message["mid"] = next_message_id();
    return EventTag{message["mid"].get<std::string>(), kTeacherRoom};
  }
  if (!message.contains("mid")) message["mid"] = next_message_id();
  EventTag tag;
  const Json& mid = message["mid"];
  tag.mid = mid.is_string() ? mid.get<std::string>() : mid.dump();
  if (message.contains("room") && message["room"].is_string()) {
    tag.room = message["room"].get<std::string>();
  }
  return tag;
}

void DemoApp::on_connection(Socket& socket) {
  auto name = socket.auth().find("name");
  if (name != socket.auth().end() && name->is_string()) socket.data()["name"] = *name;
  socket.emit("welcome", Json::array({Json{{"server", server_name_}, {"id", socket.id()}}}));
  if (votes_.question()) socket.emit("class_question", Json::array({question_for(socket)}));
}

void DemoApp::on_event(Socket& socket, const std::string& event, Json args, AckFunction ack) {
  if (event == "join" || event == "leave") {
    auto room = room_argument(args);
    if (!room) {
      if (ack) ack(Json::array({Json{{"error", event + " expects a room name"}}}));
      return;
    }
    if (event == "join") {
      if (std::string why = check_room(socket, *room, /*joining=*/true); !why.empty()) {
        if (ack) ack(error_ack(std::move(why)));
        return;
      }
      if (!socket.join(*room)) {
        if (ack) ack(error_ack("join refused: room name or room count over the limit"));
        return;
      }
    }
    if (event == "leave") {
      socket.leave(*room);
    }
    if (ack) ack(Json::array({rooms_of(socket)}));
  } else if (event == "say") {
    say(socket, std::move(args), ack);
  } else if (event == "whoami") {
    if (ack) {
      ack(Json::array(
          {Json{{"id", socket.id()}, {"server", server_name_}, {"rooms", rooms_of(socket)}}}));
    }
  } else if (event == "members") {
    members(socket, args, ack);
  } else if (event == "remember") {
    remember(socket, args, ack);
  } else if (event == "recall") {
    recall(socket, args, ack);
  } else if (event == "answer") {
    answer(socket, args, ack);
  } else if (event == "ask") {
    socket.emit("question", std::move(args), [ack](Json answer) {
      if (ack) ack(std::move(answer));
    });
  }
}

void DemoApp::say(Socket& socket, Json args, const AckFunction& ack) {
  if (args.empty() || !args[0].is_object()) {
    if (ack) ack(Json::array({Json{{"error", "say expects an object {room, ...}"}}}));
    return;
  }
  Json& message = args[0];
  Json room = message.contains("room") ? message["room"] : Json();
  if (!room.is_null() && !room.is_string()) {
    if (ack) ack(Json::array({Json{{"error", "say: room must be a string or null"}}}));
    return;
  }
  if (room.is_string()) {
    if (std::string why = check_room(socket, room.get<std::string>(), /*joining=*/false);
        !why.empty()) {
      if (ack) ack(error_ack(std::move(why)));
      return;
    }
  }
  if (limits_.max_text_chars > 0 && message.contains("text")) {
    const Json& text = message["text"];
    std::string why = text.is_string() ? check_plain_text("message", text.get<std::string>(),
                                                          limits_.max_text_chars)
                                       : "message: must be text";
    if (!why.empty()) {
      if (ack) ack(error_ack(std::move(why)));
      return;
    }
  }
  Json said;
  said["from"] = socket.id();
  // Only the name the sender connected with: a say cannot speak for someone else.
  if (socket.data().contains("name")) said["name"] = socket.data()["name"];
  said["server"] = server_name_;
  said["room"] = room;
  for (auto it = message.begin(); it != message.end(); ++it) {
    if (it.key() == "room" || it.key() == "from" || it.key() == "server" || it.key() == "name")
      continue;
    said[it.key()] = std::move(it.value());
  }
  if (!said.contains("mid")) said["mid"] = next_message_id();  // tag_event normally did it
  Json mid = said["mid"];

  adapter::BroadcastOptions to;
  if (room.is_string()) to.rooms.push_back(room.get<std::string>());
  socket.nsp().emit("said", Json::array({std::move(said)}), to);
  if (ack) ack(Json::array({Json{{"mid", mid}}}));
}

void DemoApp::members(Socket& socket, const Json& args, const AckFunction& ack) {
  if (!ack) return;
  auto room = room_argument(args);
  if (!room) {
    ack(Json::array({Json{{"error", "members expects a room name"}}}));
    return;
  }
  adapter::BroadcastOptions in_room;
  in_room.rooms.push_back(*room);
  // fetchSockets: the adapter asks every server (ours and Node's) for its members.
  socket.nsp().adapter().fetch_sockets(
      in_room, [ack, server = server_name_](std::vector<adapter::SocketDescription> sockets,
                                            std::string error) {
        Json ids = Json::array();
        for (const auto& found : sockets)
          ids.push_back(found.id);
        Json answer{{"server", server}, {"sockets", std::move(ids)}};
        if (!error.empty()) answer["error"] = error;
        ack(Json::array({std::move(answer)}));
      });
}

void DemoApp::remember(Socket& socket, const Json& args, const AckFunction& ack) {
  auto parsed = state_request(socket, args, "remember");
  auto reply = [ack](Json answer) {
    if (ack) ack(Json::array({std::move(answer)}));
  };
  if (auto* error = std::get_if<std::string>(&parsed)) return reply(Json{{"error", *error}});
  auto request = std::get<StateRequest>(std::move(parsed));
  const Json& value = args[0].contains("value") ? args[0]["value"] : Json();
  const std::string text =
      value.is_string() ? value.get<std::string>() : protocol::dump_json(value);
  Json done{{"server", server_name_}, {"store", request.store}, {"key", request.key}};
  if (request.store == "memory") {
    memory_[request.user][request.key] = text;
    return reply(std::move(done));
  }
  const std::string hash = hash_of(request.user);
  const std::array<std::string_view, 4> command = {"HSET", hash, request.key, text};
  const bool sent = redis_ && redis_->command(command, [reply, done](const redisReply* answer) {
    if (!answer || answer->type == REDIS_REPLY_ERROR) {
      return reply(Json{
          {"error", answer ? std::string(answer->str, answer->len) : std::string("redis down")}});
    }
    reply(done);
  });
  if (!sent) reply(Json{{"error", redis_ ? "redis down" : "this server has no Redis"}});
}

void DemoApp::recall(Socket& socket, const Json& args, const AckFunction& ack) {
  auto parsed = state_request(socket, args, "recall");
  auto reply = [ack](Json answer) {
    if (ack) ack(Json::array({std::move(answer)}));
  };
  if (auto* error = std::get_if<std::string>(&parsed)) return reply(Json{{"error", *error}});
  auto request = std::get<StateRequest>(std::move(parsed));
  Json found{
      {"server", server_name_}, {"store", request.store}, {"key", request.key}, {"value", nullptr}};
  if (request.store == "memory") {
    auto user = memory_.find(request.user);
    if (user != memory_.end() && user->second.count(request.key)) {
      found["value"] = user->second[request.key];
    }
    return reply(std::move(found));
  }
  const std::string hash = hash_of(request.user);
  const std::array<std::string_view, 3> command = {"HGET", hash, request.key};
  const bool sent = redis_ && redis_->command(command, [reply, found](const redisReply* answer) {
    if (!answer || answer->type == REDIS_REPLY_ERROR) {
      return reply(Json{
          {"error", answer ? std::string(answer->str, answer->len) : std::string("redis down")}});
    }
    Json out = found;
    if (answer->type == REDIS_REPLY_STRING) out["value"] = std::string(answer->str, answer->len);
    reply(std::move(out));
  });
  if (!sent) reply(Json{{"error", redis_ ? "redis down" : "this server has no Redis"}});
}

void DemoApp::on_server_side_emit(Namespace& nsp, const Json& args, AckFunction ack) {
  hear_vote(args);
  if (ack) ack(Json::array({Json{{"server", server_name_}}}));
}

std::string DemoApp::next_message_id() {
  return server_name_ + "-" + std::to_string(next_mid_++);
}

}  // namespace scaleout::sim
