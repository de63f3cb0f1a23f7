// LinkPipe: one direction of a connection relayed across links (a WebSocket tunnel in the
// balancer, a server's Redis connection in its relay): it reads from one socket and writes to the
// other, doing to the bytes what the path's faults say.
//
// With no fault and nothing queued it is a straight copy: read, write the same buffer, read
// again (a slow reader holds back the writer). With faults it keeps reading and queues each chunk
// with the time it is due:
//   bandwidth  the chunk is cut into slices of 1/50 s worth; each leaves the "wire" when the
//              previous one has, at the rate (transmission time);
//   latency    then each slice waits delay +- jitter (propagation time), and never overtakes the
//              bytes before it: TCP is a stream, order is kept;
//   partition  nothing leaves while it lasts; when healed, whatever is due goes at once, in order;
//   down       the whole connection is reset (LinkedConnection).
// A close (EOF) or a reset read from the sender crosses the link like a byte: after what came
// before it, with the same delay, held by a partition. At most kHoldLimit bytes wait per
// direction; beyond that it stops reading, and the sender's own TCP buffers fill up (backpressure,
// as a real window would give). Faults set or cleared later apply from the next chunk on; chunks
// already queued keep the time they were given.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "scaleout/links/link_path.hpp"

namespace scaleout::sim {

class LinkedConnection;

class LinkPipe {
 public:
  static constexpr size_t kHoldLimit = 1 << 20;

  LinkPipe(LinkedConnection& owner, boost::asio::ip::tcp::socket& from,
           boost::asio::ip::tcp::socket& to, LinkDirection direction);

  // `pending` was read from `from` already (past an HTTP message): it crosses first.
  void start(std::string_view pending);
  // A link of the path changed: a healed partition lets held bytes go.
  void on_link_changed();
  void stop();

 private:
  enum class End : uint8_t { kNone, kClose, kReset };
  struct Chunk {
    std::string bytes;
    int64_t due_ns = 0;
    End end = End::kNone;
  };

  void do_read();
  void on_read(boost::system::error_code error, size_t bytes);
  void write_direct(size_t bytes);
  void enqueue(std::string_view bytes, const PathFaults& faults);
  void enqueue_end(End end, const PathFaults& faults);
  int64_t due_after(int64_t sent_ns, const PathFaults& faults);
  void service();
  void on_written(boost::system::error_code error);
  void wait_until(int64_t due_ns);
  void pass_end(End end);
  void resume_reading_if_room();
  const PathFaults& faults();

  LinkedConnection& owner_;
  boost::asio::ip::tcp::socket& from_;
  boost::asio::ip::tcp::socket& to_;
  const LinkDirection direction_;
  std::array<char, 16 * 1024> buffer_;

  std::deque<Chunk> queue_;
  size_t queued_bytes_ = 0;
  size_t chunks_in_write_ = 0;
  std::vector<boost::asio::const_buffer> gather_;
  int64_t wire_free_ns_ = 0;  // when the bandwidth's wire is free for the next slice
  int64_t last_due_ns_ = 0;   // no chunk is due before the one queued before it
  boost::asio::steady_timer timer_;
  uint64_t wait_id_ = 0;
  int64_t armed_due_ns_ = 0;

  bool reading_ = false;
  bool read_paused_ = false;  // over kHoldLimit
  bool read_ended_ = false;   // EOF or an error came from `from`
  bool writing_ = false;
  bool timer_armed_ = false;
};

}  // namespace scaleout::sim
