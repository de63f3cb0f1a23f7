// ServerTrace: the recorder one server writes its trace events with. Each call builds one event
// and appends it to the server's own ring, without locks or system calls; with tracing off
// (no ring) every call returns at once. It is also the adapter's observer, so publishes, Redis
// messages and adapter errors land in the same trace.
#pragma once

#include <memory>
#include <string_view>

#include "scaleout/adapter/adapter_observer.hpp"
#include "scaleout/trace/trace_ring.hpp"

namespace scaleout::sim {

class ServerTrace : public adapter::AdapterObserver {
 public:
  ServerTrace() = default;
  ServerTrace(uint16_t server, std::shared_ptr<TraceRing> ring)
      : server_(server), ring_(std::move(ring)) {}

  bool enabled() const { return ring_ != nullptr; }
  uint16_t server() const { return server_; }

  void server_up(uint16_t port, std::string_view adapter_kind, std::string_view name);
  void server_down(std::string_view reason);
  // `client_name` is what the client called itself in its CONNECT's auth ({name}), if anything.
  void client_connect(std::string_view nsp, std::string_view socket, std::string_view transport,
                      std::string_view client_name = {});
  void client_upgrade(std::string_view nsp, std::string_view socket, std::string_view transport);
  void client_disconnect(std::string_view nsp, std::string_view socket, std::string_view reason);
  void join(std::string_view nsp, std::string_view socket, std::string_view room);
  void leave(std::string_view nsp, std::string_view socket, std::string_view room);
  void recv(std::string_view nsp, std::string_view socket, std::string_view event, size_t bytes,
            std::string_view mid, std::string_view room);
  // A delivery is recorded when its bytes leave: prepare() it when the packet is queued, then
  // either delivered() once written (at `now_ns`), or lost() when the connection ends first.
  TraceEvent prepare_delivery(std::string_view nsp, std::string_view socket,
                              std::string_view mid) const;
  void delivered(TraceEvent& event, int64_t now_ns);
  void lost(TraceEvent& event, std::string_view reason);
  void redis_command(std::string_view command, int64_t latency_ns);
  void redis_down(std::string_view reason);
  void redis_up(std::string_view detail);
  // The server acknowledged a client's event that carried message id `mid`.
  void ack(std::string_view nsp, std::string_view socket, std::string_view mid);
  // A command run on the world (the "world" recorder only).
  void command(std::string_view command, bool done, std::string_view outcome);
  // Flow control: `state` is "slow", "stuck" or "caught up" (with the bytes waiting for the
  // socket), or "held" or "released" (the socket's client is not read, or read again).
  void flow(std::string_view nsp, std::string_view socket, std::string_view state, size_t bytes);
  // The faults of one direction of a link changed (`faults`: all of them now, `change`: what
  // was applied). Recorded by the network, not by a server.
  void link(std::string_view link, std::string_view direction, std::string_view faults,
            std::string_view change);

  // adapter::AdapterObserver
  void on_publish(std::string_view nsp, std::string_view channel, size_t bytes,
                  std::string_view mid, bool sent) override;
  void on_redis_receive(std::string_view nsp, std::string_view channel, size_t bytes,
                        std::string_view origin_uid, std::string_view mid) override;
  void on_adapter_error(std::string_view nsp, std::string_view message) override;

 private:
  TraceEvent make(TraceKind kind) const;
  void push(const TraceEvent& event) { ring_->push(event); }

  uint16_t server_ = 0;
  std::shared_ptr<TraceRing> ring_;
};

}  // namespace scaleout::sim
