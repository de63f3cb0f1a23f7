// EngineSession, flow control: what may wait for one client, and the hold it puts on the clients
// whose messages fill its queue (docs/flow-control.md has the why and the numbers).
//
//   - Over the soft limit the client is slow. While it keeps taking bytes, every session whose
//     message adds to its queue is held back (not read: TCP then pushes back on that client)
//     until the queue is down to half the soft limit.
//   - A slow client that has taken no bytes for the hold limit (a fifth of the stall timeout) is
//     stuck: it releases everybody it held and holds nobody any more, so a stuck client never
//     blocks a publisher for long. Its queue may then grow, up to the hard limit.
//   - A slow client that has taken no bytes for the stall timeout, or any client over the hard
//     limit, is dropped as a slow consumer; what waited for it is reported lost.
// Deliveries that come from Redis have no publisher here to hold back: only the limits apply.
#include <algorithm>
#include <boost/asio/post.hpp>
#include <utility>

#include "engine_server.hpp"
#include "engine_session.hpp"

namespace scaleout::sim {

namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

void EngineSession::after_queued() {
  FlowControl& flow = server_.flow();
  const size_t buffered = buffered_bytes();
  flow.note_buffered(buffered);
  if (buffered > flow.limits().hard) {
    condemned_ = true;
    // Deferred: send() runs inside broadcasts, which must not see sockets vanish under them.
    boost::asio::post(io_, [self = shared_from_this()] { self->drop_slow_consumer(); });
    return;
  }
  if (over_soft_) {
    if (!stuck_) hold(flow.publisher());
    return;
  }
  if (buffered <= flow.limits().soft) return;
  // One read from a publisher can carry many messages, all queued in this turn of the loop, and
  // the kernel may take them all at once: whether the client is slow is known once this turn's
  // write has been tried (it is posted before this check).
  if (EngineSession* publisher = flow.publisher()) {
    const bool known = std::any_of(may_hold_.begin(), may_hold_.end(), [&](const auto& weak) {
      return weak.lock().get() == publisher;
    });
    if (!known) may_hold_.push_back(publisher->weak_from_this());
  }
  if (soft_check_scheduled_) return;
  soft_check_scheduled_ = true;
  boost::asio::post(io_, [self = shared_from_this()] { self->check_soft_limit(); });
}

void EngineSession::check_soft_limit() {
  soft_check_scheduled_ = false;
  std::vector<std::weak_ptr<EngineSession>> may_hold = std::move(may_hold_);
  may_hold_.clear();
  if (state_ != State::kOpen || condemned_) return;
  const size_t buffered = buffered_bytes();
  if (!over_soft_) {
    if (buffered <= server_.flow().limits().soft) return;
    start_pressure(buffered);
  }
  if (stuck_) return;
  for (const auto& weak : may_hold) {
    if (auto publisher = weak.lock()) hold(publisher.get());
  }
}

void EngineSession::after_sent() {
  if (!over_soft_) return;
  if (buffered_bytes() <= server_.flow().limits().resume_at()) {
    end_pressure();
  } else if (stuck_) {
    // Reading again: it holds back whoever fills its queue from now on.
    stuck_ = false;
    if (handler_) handler_->on_engine_flow("slow", buffered_bytes());
  }
}

Clock::time_point EngineSession::last_progress() const {
  return websocket_ ? websocket_->last_write_progress() : last_poll_reply_;
}

void EngineSession::start_pressure(size_t buffered) {
  over_soft_ = true;
  stuck_ = false;
  slow_since_ = Clock::now();
  if (handler_) handler_->on_engine_flow("slow", buffered);
  check_stall_in(server_.flow().limits().hold);
}

void EngineSession::check_stall_in(Clock::duration delay) {
  stall_timer_.expires_after(delay);
  stall_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->check_stall();
  });
}

// The timer is not moved at every byte that leaves: when it fires, it looks at how long the
// client has been quiet and waits again for the rest.
void EngineSession::check_stall() {
  if (!over_soft_ || state_ != State::kOpen) return;
  const FlowLimits& limits = server_.flow().limits();
  const auto quiet = Clock::now() - std::max(last_progress(), slow_since_);
  if (quiet >= limits.stall) {
    drop_slow_consumer();
    return;
  }
  if (!stuck_ && quiet >= limits.hold) {
    stuck_ = true;
    if (handler_) handler_->on_engine_flow("stuck", buffered_bytes());
    release_publishers();
  } else if (stuck_ && quiet < limits.hold) {
    stuck_ = false;
    if (handler_) handler_->on_engine_flow("slow", buffered_bytes());
  }
  check_stall_in((stuck_ ? limits.stall : limits.hold) - quiet);
}

void EngineSession::end_pressure() {
  if (!over_soft_) return;
  over_soft_ = false;
  stuck_ = false;
  stall_timer_.cancel();
  if (handler_) handler_->on_engine_flow("caught up", buffered_bytes());
  release_publishers();
}

void EngineSession::hold(EngineSession* publisher) {
  if (!publisher) return;
  for (const auto& held : holding_) {
    if (held.lock().get() == publisher) return;
  }
  holding_.push_back(publisher->weak_from_this());
  publisher->add_holder();
}

void EngineSession::release_publishers() {
  std::vector<std::weak_ptr<EngineSession>> holding = std::move(holding_);
  holding_.clear();
  for (const auto& weak : holding) {
    if (auto publisher = weak.lock()) publisher->remove_holder();
  }
}

void EngineSession::add_holder() {
  if (held_by_++ > 0) return;
  if (websocket_) websocket_->pause_reading(true);
  if (handler_) handler_->on_engine_flow("held", buffered_bytes());
}

void EngineSession::remove_holder() {
  if (held_by_ == 0 || --held_by_ > 0) return;
  if (websocket_) websocket_->pause_reading(false);
  if (held_post_) answer_post(std::exchange(held_post_, nullptr));
  if (handler_) handler_->on_engine_flow("released", buffered_bytes());
}

void EngineSession::answer_post(std::shared_ptr<HttpConnection> connection) {
  if (held_by_ > 0 && state_ == State::kOpen) {
    // A client that sends a second POST before the first is answered gets the first answered.
    if (held_post_) held_post_->reply(ok_response());
    held_post_ = std::move(connection);
    return;
  }
  connection->reply(ok_response());
}

void EngineSession::drop_slow_consumer() {
  if (state_ != State::kOpen) return;
  server_.flow().count_slow_consumer();
  // Ended first, so that the session's own reason is the one everybody hears; then the socket
  // is cut without flushing what the client would not read anyway.
  auto websocket = websocket_;
  poll_queue_.clear();
  poll_queue_bytes_ = 0;
  end("slow consumer");
  if (websocket) websocket->abort();
}

}  // namespace scaleout::sim
