// ServerTrace: one function per trace kind.
#include "scaleout/trace/server_trace.hpp"

#include <algorithm>
#include <cstdint>

#include "scaleout/adapter/clock.hpp"

namespace scaleout::sim {

TraceEvent ServerTrace::make(TraceKind kind) const {
  TraceEvent event;
  event.t_ns = adapter::monotonic_ns();
  event.kind = kind;
  event.server = server_;
  return event;
}

void ServerTrace::server_up(uint16_t port, std::string_view adapter_kind, std::string_view name) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kServerUp);
  event.number = port;
  event.name.assign(adapter_kind);
  event.detail.assign(name);
  push(event);
}

void ServerTrace::server_down(std::string_view reason) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kServerDown);
  event.detail.assign(reason);
  push(event);
}

void ServerTrace::client_connect(std::string_view nsp, std::string_view socket,
                                 std::string_view transport, std::string_view client_name) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kClientConnect);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.name.assign(transport);
  event.detail.assign(client_name);
  push(event);
}

void ServerTrace::ack(std::string_view nsp, std::string_view socket, std::string_view mid) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kAck);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.mid.assign(mid);
  push(event);
}

void ServerTrace::command(std::string_view command, bool done, std::string_view outcome) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kCommand);
  event.name.assign(command);
  event.number = done ? 1 : 0;
  event.detail.assign(outcome);
  push(event);
}

void ServerTrace::client_upgrade(std::string_view nsp, std::string_view socket,
                                 std::string_view transport) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kClientUpgrade);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.name.assign(transport);
  push(event);
}

void ServerTrace::client_disconnect(std::string_view nsp, std::string_view socket,
                                    std::string_view reason) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kClientDisconnect);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.detail.assign(reason);
  push(event);
}

void ServerTrace::join(std::string_view nsp, std::string_view socket, std::string_view room) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kJoin);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.name.assign(room);
  push(event);
}

void ServerTrace::leave(std::string_view nsp, std::string_view socket, std::string_view room) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kLeave);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.name.assign(room);
  push(event);
}

void ServerTrace::recv(std::string_view nsp, std::string_view socket, std::string_view name,
                       size_t bytes, std::string_view mid, std::string_view room) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kRecv);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.name.assign(name);
  event.bytes = static_cast<uint32_t>(bytes);
  event.mid.assign(mid);
  event.detail.assign(room);
  push(event);
}

TraceEvent ServerTrace::prepare_delivery(std::string_view nsp, std::string_view socket,
                                         std::string_view mid) const {
  // No clock read here: the time is the moment the bytes leave, set by delivered() or lost().
  TraceEvent event;
  event.kind = TraceKind::kDeliver;
  event.server = server_;
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.mid.assign(mid);
  return event;
}

void ServerTrace::delivered(TraceEvent& event, int64_t now_ns) {
  if (!ring_) return;
  event.t_ns = now_ns;
  push(event);
}

void ServerTrace::lost(TraceEvent& event, std::string_view reason) {
  if (!ring_) return;
  event.t_ns = adapter::monotonic_ns();
  event.kind = TraceKind::kDrop;
  event.detail.assign(reason);
  push(event);
}

void ServerTrace::redis_command(std::string_view command, int64_t latency_ns) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kRedisCmd);
  event.name.assign(command);
  event.number = latency_ns;
  push(event);
}

void ServerTrace::redis_down(std::string_view reason) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kRedisDown);
  event.detail.assign(reason);
  push(event);
}

void ServerTrace::redis_up(std::string_view detail) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kRedisUp);
  event.detail.assign(detail);
  push(event);
}

void ServerTrace::flow(std::string_view nsp, std::string_view socket, std::string_view state,
                       size_t bytes) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kFlow);
  event.nsp.assign(nsp);
  event.socket.assign(socket);
  event.name.assign(state);
  event.bytes = static_cast<uint32_t>(std::min<size_t>(bytes, UINT32_MAX));
  push(event);
}

void ServerTrace::link(std::string_view link, std::string_view direction, std::string_view faults,
                       std::string_view change) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kLink);
  event.socket.assign(link);
  event.nsp.assign(direction);
  event.detail.assign(faults);
  event.name.assign(change);
  push(event);
}

void ServerTrace::on_publish(std::string_view nsp, std::string_view channel, size_t bytes,
                             std::string_view mid, bool sent) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kPublish);
  event.nsp.assign(nsp);
  event.name.assign(channel);
  event.bytes = static_cast<uint32_t>(bytes);
  event.mid.assign(mid);
  event.number = sent ? 1 : 0;
  push(event);
}

void ServerTrace::on_redis_receive(std::string_view nsp, std::string_view channel, size_t bytes,
                                   std::string_view origin_uid, std::string_view mid) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kRedisRecv);
  event.nsp.assign(nsp);
  event.name.assign(channel);
  event.bytes = static_cast<uint32_t>(bytes);
  event.origin.assign(origin_uid);
  event.mid.assign(mid);
  push(event);
}

void ServerTrace::on_adapter_error(std::string_view nsp, std::string_view message) {
  if (!ring_) return;
  TraceEvent event = make(TraceKind::kAdapterError);
  event.nsp.assign(nsp);
  event.detail.assign(message);
  push(event);
}

}  // namespace scaleout::sim
