// AdapterWatch: pattern subscriptions on the adapter's channels, each message one trace event.
#include "scaleout/observe/adapter_watch.hpp"

#include <boost/asio/post.hpp>
#include <future>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/adapter/redis_link.hpp"
#include "scaleout/observe/observed_message.hpp"

namespace scaleout::sim {

AdapterWatch::AdapterWatch(adapter::RedisEndpoint endpoint, std::string key, TraceSink& sink)
    : endpoint_(std::move(endpoint)), key_(std::move(key)), sink_(sink) {}

AdapterWatch::~AdapterWatch() {
  stop();
}

void AdapterWatch::start() {
  if (thread_.joinable()) return;
  work_.emplace(io_.get_executor());
  adapter::RedisLink::Events events;
  events.on_status = [this](bool up, const std::string& reason) {
    if (on_status_) on_status_(up, reason);
  };
  link_ = std::make_unique<adapter::RedisLink>(io_, endpoint_, std::move(events));
  for (const std::string& pattern : {key_ + "#*", key_ + "-request#*", key_ + "-response#*"}) {
    link_->psubscribe(pattern, [this](std::string_view channel, std::string_view payload) {
      on_message(channel, payload);
    });
  }
  link_->start();
  thread_ = std::thread([this] { io_.run(); });
}

void AdapterWatch::stop() {
  if (!thread_.joinable()) return;
  std::promise<void> stopped;
  boost::asio::post(io_, [this, &stopped] {
    link_->stop();
    work_.reset();
    stopped.set_value();
  });
  stopped.get_future().wait();
  io_.stop();
  thread_.join();
  link_.reset();
}

uint16_t AdapterWatch::server_for(const std::string& uid, int64_t t_ns) {
  auto found = server_of_uid_.find(uid);
  if (found != server_of_uid_.end()) return found->second;
  const auto index = static_cast<uint16_t>(names_.size());
  names_.push_back(uid);
  server_of_uid_.emplace(uid, index);
  if (uid == "unknown") return index;
  // A server seen for the first time: it is up, and its link to Redis is (it just published).
  TraceEvent up;
  up.t_ns = t_ns;
  up.kind = TraceKind::kServerUp;
  up.server = index;
  up.name.assign("redis");
  up.detail.assign(uid);
  emit(up);
  TraceEvent linked = up;
  linked.kind = TraceKind::kRedisUp;
  linked.name.assign("");
  linked.detail.assign("seen publishing");
  emit(linked);
  return index;
}

void AdapterWatch::on_message(std::string_view channel, std::string_view payload) {
  const int64_t now = adapter::monotonic_ns();
  ObservedLine line = describe_adapter_message(key_, channel, payload, 200);
  TraceEvent event;
  event.t_ns = now;
  event.nsp.assign(line.nsp);
  event.bytes = static_cast<uint32_t>(payload.size());
  if (!line.decoded) {
    event.kind = TraceKind::kAdapterError;
    event.server = server_for("unknown", now);
    event.detail.assign(line.text);
    emit(event);
    return;
  }
  event.kind = TraceKind::kPublish;
  event.server = server_for(line.origin.empty() ? "emitter" : line.origin, now);
  event.name.assign(channel);
  event.mid.assign(line.mid);
  event.number = 1;
  if (line.kind == ObservedLine::Kind::kBroadcast) {
    std::string rooms;
    for (const auto& room : line.rooms)
      rooms += (rooms.empty() ? "" : ",") + room;
    event.detail.assign(line.event + (rooms.empty() ? " to everybody" : " to " + rooms));
  } else {
    event.detail.assign(line.request);
  }
  emit(event);
}

void AdapterWatch::emit(TraceEvent event) {
  sink_.on_events(std::span<const TraceEvent>(&event, 1), names_);
}

}  // namespace scaleout::sim
