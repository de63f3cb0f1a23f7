// RequestTable and AckTable: pending requests with their timers.
#include "request_table.hpp"

namespace scaleout::adapter {

RequestTable::Request& RequestTable::start(const std::string& id, int type, size_t expected,
                                           std::chrono::milliseconds timeout) {
  Request& request = requests_[id];
  request.type = type;
  request.expected = expected;
  request.timer = std::make_unique<boost::asio::steady_timer>(io_, timeout);
  request.timer->async_wait([this, alive = alive_, id](boost::system::error_code error) {
    if (error || !*alive) return;
    auto found = requests_.find(id);
    if (found == requests_.end()) return;
    finish(id, timeout_message_(found->second));
  });
  return request;
}

RequestTable::Request* RequestTable::find(const std::string& id) {
  auto found = requests_.find(id);
  return found == requests_.end() ? nullptr : &found->second;
}

void RequestTable::count_reply(const std::string& id) {
  Request* request = find(id);
  if (request && ++request->received >= request->expected) finish(id, {});
}

void RequestTable::finish(const std::string& id, const std::string& error) {
  auto found = requests_.find(id);
  if (found == requests_.end()) return;
  Request request = std::move(found->second);
  requests_.erase(found);
  if (request.timer) request.timer->cancel();
  if (request.fetch_done) request.fetch_done(std::move(request.sockets), error);
  if (request.rooms_done) {
    request.rooms_done(std::vector<Room>(request.rooms.begin(), request.rooms.end()), error);
  }
  if (request.emit_done) request.emit_done(std::move(request.replies), error);
}

void AckTable::start(const std::string& id, ClientCountCallback client_count, AckCallback ack,
                     std::chrono::milliseconds timeout) {
  Entry& entry = acks_[id];
  entry.client_count = std::move(client_count);
  entry.ack = std::move(ack);
  entry.expiry = std::make_unique<boost::asio::steady_timer>(io_, timeout);
  entry.expiry->async_wait([this, alive = alive_, id](boost::system::error_code error) {
    if (!error && *alive) acks_.erase(id);
  });
}

void AckTable::client_count(const std::string& id, size_t count) {
  auto found = acks_.find(id);
  if (found != acks_.end() && found->second.client_count) found->second.client_count(count);
}

void AckTable::ack(const std::string& id, Json first_argument) {
  auto found = acks_.find(id);
  if (found != acks_.end() && found->second.ack)
    found->second.ack(Json::array({std::move(first_argument)}));
}

}  // namespace scaleout::adapter
