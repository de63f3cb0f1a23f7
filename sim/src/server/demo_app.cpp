// DemoApp: welcome, join, leave, say, whoami and ask.
#include "scaleout/sim/demo_app.hpp"

#include "scaleout/sim/namespace.hpp"
#include "scaleout/sim/socket.hpp"

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

}  // namespace

EventTag DemoApp::tag_event(const std::string& event, Json& args) {
  if (event != "say" || args.empty() || !args[0].is_object()) return {};
  Json& message = args[0];
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
  socket.emit("welcome", Json::array({Json{{"server", server_name_}, {"id", socket.id()}}}));
}

void DemoApp::on_event(Socket& socket, const std::string& event, Json args, AckFunction ack) {
  if (event == "join" || event == "leave") {
    auto room = room_argument(args);
    if (!room) {
      if (ack) ack(Json::array({Json{{"error", event + " expects a room name"}}}));
      return;
    }
    if (event == "join" && !socket.join(*room)) {
      if (ack)
        ack(Json::array({Json{{"error", "join refused: room name or room count over the limit"}}}));
      return;
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
  Json said;
  said["from"] = socket.id();
  said["server"] = server_name_;
  said["room"] = room;
  for (auto it = message.begin(); it != message.end(); ++it) {
    if (it.key() == "room" || it.key() == "from" || it.key() == "server") continue;
    said[it.key()] = std::move(it.value());
  }
  if (!said.contains("mid")) said["mid"] = next_message_id();  // tag_event normally did it
  Json mid = said["mid"];

  adapter::BroadcastOptions to;
  if (room.is_string()) to.rooms.push_back(room.get<std::string>());
  socket.nsp().emit("said", Json::array({std::move(said)}), to);
  if (ack) ack(Json::array({Json{{"mid", mid}}}));
}

void DemoApp::on_server_side_emit(Namespace& nsp, const Json& args, AckFunction ack) {
  if (ack) ack(Json::array({Json{{"server", server_name_}}}));
}

std::string DemoApp::next_message_id() {
  return server_name_ + "-" + std::to_string(next_mid_++);
}

}  // namespace scaleout::sim
