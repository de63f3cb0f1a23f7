// LinkPipe: the straight copy, and the queue of chunks with due times behind the faults.
#include "scaleout/links/link_pipe.hpp"

#include <algorithm>
#include <boost/asio/write.hpp>

#include "scaleout/adapter/clock.hpp"
#include "scaleout/links/linked_connection.hpp"

namespace scaleout::sim {

namespace asio = boost::asio;
using adapter::monotonic_ns;

namespace {
// Most chunks handed to one write.
constexpr size_t kMaxGather = 64;
// Bandwidth slices: 1/50 s worth of bytes each.
constexpr uint64_t kSlicesPerSecond = 50;
}  // namespace

LinkPipe::LinkPipe(LinkedConnection& owner, asio::ip::tcp::socket& from, asio::ip::tcp::socket& to,
                   LinkDirection direction)
    : owner_(owner), from_(from), to_(to), direction_(direction), timer_(from.get_executor()) {}

const PathFaults& LinkPipe::faults() {
  return owner_.path().faults(direction_);
}

void LinkPipe::start(std::string_view pending) {
  if (!pending.empty()) {
    enqueue(pending, faults());
    service();
  }
  do_read();
}

void LinkPipe::stop() {
  ++wait_id_;
  timer_.cancel();
}

void LinkPipe::on_link_changed() {
  service();
}

// ---- reading ------------------------------------------------------------------------------

void LinkPipe::do_read() {
  if (reading_ || read_ended_ || owner_.closed()) return;
  if (queued_bytes_ >= kHoldLimit) {
    read_paused_ = true;
    return;
  }
  reading_ = true;
  from_.async_read_some(asio::buffer(buffer_), [self = owner_.shared_from_this(), this](
                                                   boost::system::error_code error, size_t bytes) {
    on_read(error, bytes);
  });
}

void LinkPipe::on_read(boost::system::error_code error, size_t bytes) {
  reading_ = false;
  if (owner_.closed()) return;
  const PathFaults& now = faults();
  const bool straight = !now.any() && queue_.empty() && !writing_;
  if (error) {
    read_ended_ = true;
    const End end = error == asio::error::eof ? End::kClose : End::kReset;
    if (straight) {
      pass_end(end);
    } else {
      enqueue_end(end, now);
      service();
    }
    return;
  }
  if (straight) {
    write_direct(bytes);
    return;
  }
  if (now.down) {
    owner_.reset();
    return;
  }
  enqueue(std::string_view(buffer_.data(), bytes), now);
  do_read();
  service();
}

void LinkPipe::resume_reading_if_room() {
  if (read_paused_ && queued_bytes_ < kHoldLimit / 2) {
    read_paused_ = false;
    do_read();
  }
}

// ---- the straight copy --------------------------------------------------------------------

void LinkPipe::write_direct(size_t bytes) {
  writing_ = true;
  asio::async_write(
      to_, asio::buffer(buffer_.data(), bytes),
      [self = owner_.shared_from_this(), this](boost::system::error_code error, size_t) {
        writing_ = false;
        if (owner_.closed()) return;
        if (error) {
          owner_.reset();
          return;
        }
        do_read();
      });
}

// ---- the queue ----------------------------------------------------------------------------

int64_t LinkPipe::due_after(int64_t sent_ns, const PathFaults& faults) {
  const int64_t due = std::max(sent_ns + sample_delay_ns(faults), last_due_ns_);
  last_due_ns_ = due;
  return due;
}

void LinkPipe::enqueue(std::string_view bytes, const PathFaults& faults) {
  const int64_t now = monotonic_ns();
  const uint64_t rate = faults.bytes_per_second;
  const size_t slice =
      rate ? static_cast<size_t>(std::max<uint64_t>(1, rate / kSlicesPerSecond)) : bytes.size();
  for (size_t offset = 0; offset < bytes.size(); offset += slice) {
    const std::string_view piece = bytes.substr(offset, slice);
    int64_t sent = now;
    if (rate) {
      wire_free_ns_ = std::max(wire_free_ns_, now) +
                      static_cast<int64_t>(piece.size() * 1'000'000'000ull / rate);
      sent = wire_free_ns_;
    }
    const int64_t due = due_after(sent, faults);
    // Bytes due at the same moment (a partition with no delay) share one chunk.
    if (!queue_.empty() && queue_.back().end == End::kNone && queue_.back().due_ns == due &&
        queue_.back().bytes.size() < buffer_.size() && chunks_in_write_ < queue_.size()) {
      queue_.back().bytes.append(piece);
    } else {
      queue_.push_back(Chunk{std::string(piece), due, End::kNone});
    }
    queued_bytes_ += piece.size();
  }
}

void LinkPipe::enqueue_end(End end, const PathFaults& faults) {
  const int64_t sent = std::max(monotonic_ns(), wire_free_ns_);
  queue_.push_back(Chunk{std::string(), due_after(sent, faults), end});
}

void LinkPipe::service() {
  if (writing_ || owner_.closed()) return;
  if (queue_.empty()) {
    resume_reading_if_room();
    return;
  }
  const PathFaults& now_faults = faults();
  if (now_faults.down) {
    owner_.reset();
    return;
  }
  if (now_faults.partition) {
    // Held until on_link_changed() looks again; the endless wait keeps the connection alive.
    wait_until(INT64_MAX);
    return;
  }
  const int64_t now = monotonic_ns();
  const Chunk& head = queue_.front();
  if (head.due_ns > now) {
    wait_until(head.due_ns);
    return;
  }
  if (head.end != End::kNone) {
    pass_end(head.end);
    return;
  }
  gather_.clear();
  for (const Chunk& chunk : queue_) {
    if (chunk.end != End::kNone || chunk.due_ns > now || gather_.size() == kMaxGather) break;
    gather_.push_back(asio::buffer(chunk.bytes));
  }
  chunks_in_write_ = gather_.size();
  writing_ = true;
  asio::async_write(to_, gather_,
                    [self = owner_.shared_from_this(), this](boost::system::error_code error,
                                                             size_t) { on_written(error); });
}

void LinkPipe::on_written(boost::system::error_code error) {
  writing_ = false;
  if (owner_.closed()) return;
  if (error) {
    owner_.reset();
    return;
  }
  for (; chunks_in_write_ > 0; --chunks_in_write_) {
    queued_bytes_ -= queue_.front().bytes.size();
    queue_.pop_front();
  }
  service();
}

void LinkPipe::wait_until(int64_t due_ns) {
  if (timer_armed_ && armed_due_ns_ == due_ns) return;
  // Re-arming cancels the wait before; its handler sees an old id and does nothing.
  const uint64_t id = ++wait_id_;
  timer_armed_ = true;
  armed_due_ns_ = due_ns;
  timer_.expires_at(due_ns == INT64_MAX
                        ? asio::steady_timer::time_point::max()
                        : asio::steady_timer::time_point(std::chrono::nanoseconds(due_ns)));
  timer_.async_wait([self = owner_.shared_from_this(), this, id](boost::system::error_code) {
    if (id != wait_id_) return;
    timer_armed_ = false;
    service();
  });
}

void LinkPipe::pass_end(End end) {
  if (end == End::kClose) {
    owner_.close();
  } else {
    owner_.reset();
  }
}

}  // namespace scaleout::sim
