// TraceBuilder: trace events written by hand for the view model's tests, in the order and with
// the fields the servers record them (docs/trace-format.md).
#pragma once

#include <string>
#include <vector>

#include "model/event_feed.hpp"
#include "scaleout/trace/trace_event.hpp"

namespace scaleout::gui::test {

class TraceBuilder {
 public:
  explicit TraceBuilder(sim::ServerNames names) { batch_.names = std::move(names); }

  TraceBuilder& at(int64_t t_ns) {
    t_ = t_ns;
    return *this;
  }
  TraceBuilder& server_up(uint16_t server, const std::string& adapter = "redis") {
    auto& e = add(sim::TraceKind::kServerUp, server);
    e.number = 3000 + server;
    e.name.assign(adapter);
    return *this;
  }
  TraceBuilder& server_down(uint16_t server, const std::string& reason = "killed") {
    add(sim::TraceKind::kServerDown, server).detail.assign(reason);
    return *this;
  }
  TraceBuilder& connect(uint16_t server, const std::string& socket, const std::string& name = "") {
    auto& e = add(sim::TraceKind::kClientConnect, server);
    e.nsp.assign("/");
    e.socket.assign(socket);
    e.name.assign("websocket");
    e.detail.assign(name);
    return *this;
  }
  TraceBuilder& join(uint16_t server, const std::string& socket, const std::string& room) {
    auto& e = add(sim::TraceKind::kJoin, server);
    e.nsp.assign("/");
    e.socket.assign(socket);
    e.name.assign(room);
    return *this;
  }
  TraceBuilder& recv(uint16_t server, const std::string& socket, const std::string& mid,
                     const std::string& room) {
    auto& e = add(sim::TraceKind::kRecv, server);
    e.nsp.assign("/");
    e.socket.assign(socket);
    e.name.assign("say");
    e.mid.assign(mid);
    e.detail.assign(room);
    return *this;
  }
  TraceBuilder& publish(uint16_t server, const std::string& mid, const std::string& room,
                        bool sent = true) {
    auto& e = add(sim::TraceKind::kPublish, server);
    e.nsp.assign("/");
    e.name.assign("socket.io#/#" + room + "#");
    e.mid.assign(mid);
    e.number = sent ? 1 : 0;
    return *this;
  }
  TraceBuilder& redis_recv(uint16_t server, const std::string& mid, const std::string& room) {
    auto& e = add(sim::TraceKind::kRedisRecv, server);
    e.nsp.assign("/");
    e.name.assign("socket.io#/#" + room + "#");
    e.mid.assign(mid);
    e.origin.assign("abc123");
    return *this;
  }
  TraceBuilder& deliver(uint16_t server, const std::string& socket, const std::string& mid) {
    auto& e = add(sim::TraceKind::kDeliver, server);
    e.nsp.assign("/");
    e.socket.assign(socket);
    e.mid.assign(mid);
    return *this;
  }
  TraceBuilder& drop(uint16_t server, const std::string& socket, const std::string& mid,
                     const std::string& room, const std::string& reason) {
    auto& e = add(sim::TraceKind::kDrop, server);
    e.nsp.assign("/");
    e.socket.assign(socket);
    e.mid.assign(mid);
    e.name.assign(room);
    e.detail.assign(reason);
    return *this;
  }

  // A link's faults changed (recorded under the pseudo-server `network`): `faults` are those now
  // in effect in `direction`, `change` the setting applied.
  TraceBuilder& link(uint16_t network, const std::string& link, const std::string& direction,
                     const std::string& faults, const std::string& change) {
    auto& e = add(sim::TraceKind::kLink, network);
    e.socket.assign(link);
    e.nsp.assign(direction);
    e.detail.assign(faults);
    e.name.assign(change);
    return *this;
  }
  // The same faults in both directions, as `link TARGET=FAULTS` records them.
  TraceBuilder& link_both(uint16_t network, const std::string& link, const std::string& faults,
                          const std::string& change) {
    return this->link(network, link, "upstream", faults, change)
        .link(network, link, "downstream", faults, change);
  }

  // The events so far, as the feed would hand them over; the builder starts a new batch.
  EventBatch take() {
    EventBatch out = batch_;
    batch_.events.clear();
    return out;
  }

 private:
  sim::TraceEvent& add(sim::TraceKind kind, uint16_t server) {
    sim::TraceEvent event;
    event.t_ns = t_;
    event.kind = kind;
    event.server = server;
    batch_.events.push_back(event);
    return batch_.events.back();
  }

  EventBatch batch_;
  int64_t t_ = 1'000'000'000;
};

}  // namespace scaleout::gui::test
